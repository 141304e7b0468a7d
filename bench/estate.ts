/**
 * A deterministic, seeded estate generator for the benchmarks: N VMs with the resources around
 * them, in the shapes Azure Resource Graph returns, written as an azvmsec snapshot file (format
 * version 1, the one `azvmsec collect` writes and the real reader reads).
 *
 * Per subscription of up to 1,000 VMs:
 * - a hub VNet (firewall with a policy and DNAT rules, Bastion, Application Gateway subnets),
 *   spoke VNets of 200 VMs peered with the hub, subnets of 50 VMs with a route table to the firewall;
 * - one NSG per subnet with a varied rule set (mostly 4–30 rules, some 100–300, one of 1,000 rules
 *   per 10,000 VMs), NIC NSGs on a fifth of the NICs, application security groups;
 * - per spoke a Standard load balancer (public frontend, backend pool, LB rule, NAT rules);
 *   an Application Gateway with a backend pool; public IPs on 5% of the VMs;
 * - per VM: the VM (Linux or Windows, varied profiles), its NIC, an OS disk and 0–2 data disks,
 *   1–3 extensions, a backup protected item for most VMs, a role assignment for some;
 * - key vaults with diagnostic settings, disk encryption sets, user-assigned identities, role
 *   assignments, a Recovery Services vault with policies, Defender pricings, an activity-log
 *   diagnostic setting and a Log Analytics workspace.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

const TENANT_ID = '72f988bf-0000-4000-8000-00000000b3c0';

type Row = Record<string, unknown>;

/** mulberry32: small, fast and deterministic. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function uuid(rand: () => number): string {
  const hex = (n: number): string =>
    Array.from({ length: n }, () =>
      Math.floor(rand() * 16)
        .toString(16)
        .toLowerCase(),
    ).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-8${hex(3)}-${hex(12)}`;
}

function subscriptionId(index: number): string {
  const n = String(index + 1).padStart(12, '0');
  return `0b5e7c1a-${n.slice(0, 4)}-4000-8000-${n}`;
}

function rid(sub: string, group: string, type: string, name: string): string {
  const [namespace, ...types] = type.split('/');
  const names = name.split('/');
  let id = `/subscriptions/${sub}/resourceGroups/${group}/providers/${namespace}`;
  types.forEach((t, i) => (id += `/${t}/${names[i]}`));
  return id;
}

function row(sub: string, group: string, type: string, name: string, properties: Row, extra: Row = {}): Row {
  const names = name.split('/');
  return {
    id: rid(sub, group, type, name),
    name: names[names.length - 1],
    type: type.toLowerCase(),
    tenantId: TENANT_ID,
    kind: '',
    location: 'japaneast',
    resourceGroup: group,
    subscriptionId: sub,
    managedBy: '',
    sku: null,
    plan: null,
    properties,
    tags: {},
    identity: null,
    zones: null,
    extendedLocation: null,
    ...extra,
  };
}

const PORTS = ['22', '80', '443', '3389', '1433', '5432', '8080', '8443', '5985-5986', '445', '135', '9000-9100', '*'];
const SOURCES = ['Internet', '*', 'VirtualNetwork', 'AzureLoadBalancer', '203.0.113.0/24', '198.51.100.7', '10.0.0.0/8', 'AzureCloud', 'GatewayManager'];

function securityRule(nsgId: string, rand: () => number, index: number, asgIds: readonly string[]): Row {
  const inbound = rand() < 0.75;
  const allow = rand() < 0.7;
  const port = PORTS[Math.floor(rand() * PORTS.length)] as string;
  const many = rand() < 0.15;
  const properties: Row = {
    provisioningState: 'Succeeded',
    protocol: ['Tcp', 'Udp', '*', 'Tcp', 'Tcp'][Math.floor(rand() * 5)],
    sourcePortRange: '*',
    access: allow ? 'Allow' : 'Deny',
    priority: 100 + index * 3,
    direction: inbound ? 'Inbound' : 'Outbound',
    sourcePortRanges: [],
    destinationPortRanges: [],
    sourceAddressPrefixes: [],
    destinationAddressPrefixes: [],
  };
  if (many) {
    properties['destinationPortRanges'] = [port === '*' ? '8000-8999' : port, String(10000 + index), '50000-50100'];
  } else properties['destinationPortRange'] = port;
  const asg = rand() < 0.1 && asgIds.length > 0;
  if (rand() < 0.2) {
    properties['sourceAddressPrefixes'] = [`198.51.${index % 250}.0/24`, `203.0.113.${index % 250}`, `192.0.2.${(index * 7) % 250}/32`];
  } else properties['sourceAddressPrefix'] = SOURCES[Math.floor(rand() * SOURCES.length)];
  if (asg) properties['destinationApplicationSecurityGroups'] = [{ id: asgIds[Math.floor(rand() * asgIds.length)] }];
  else properties['destinationAddressPrefix'] = rand() < 0.8 ? '*' : `10.${index % 200}.0.0/16`;
  const name = `rule-${index}-${allow ? 'allow' : 'deny'}-${String(port).replace('*', 'any')}`;
  return { name, id: `${nsgId}/securityRules/${name}`, etag: `W/"${index}"`, type: 'Microsoft.Network/networkSecurityGroups/securityRules', properties };
}

function ruleCount(rand: () => number, big: boolean): number {
  if (big) return 1000;
  const r = rand();
  if (r < 0.05) return 100 + Math.floor(rand() * 200);
  if (r < 0.3) return 15 + Math.floor(rand() * 15);
  return 4 + Math.floor(rand() * 11);
}

export interface EstateStats {
  readonly vms: number;
  readonly resources: number;
  readonly bytes: number;
}

/** Writes a snapshot of an estate of `vms` VMs to `file`, deterministically for one `seed`. */
export function writeEstate(file: string, vms: number, seed = 20260601): EstateStats {
  const rand = random(seed);
  const fd = openSync(file, 'w');
  let buffer = '';
  let bytes = 0;
  let resources = 0;
  let first = true;
  const flush = (): void => {
    writeSync(fd, buffer);
    bytes += Buffer.byteLength(buffer);
    buffer = '';
  };
  const out = (text: string): void => {
    buffer += text;
    if (buffer.length > 1 << 20) flush();
  };
  const emit = (resource: Row): void => {
    out((first ? '\n    ' : ',\n    ') + JSON.stringify(resource));
    first = false;
    resources++;
  };
  const subscriptions = Math.max(1, Math.ceil(vms / 1000));
  out(
    `{\n  "format": "azvmsec-snapshot",\n  "snapshotVersion": 1,\n  "collection": ${JSON.stringify({
      tool: { name: 'azvmsec', version: 'bench' },
      startedAt: '2026-06-01T00:00:00.000Z',
      finishedAt: '2026-06-01T00:05:00.000Z',
      cloud: 'AzureCloud',
      tenantId: TENANT_ID,
      scope: {},
      subscriptions: Array.from({ length: subscriptions }, (_, i) => ({
        subscriptionId: subscriptionId(i),
        displayName: `sub-${i}`,
        state: 'Enabled',
        status: 'ok',
      })),
      requests: { resourceGraph: 0, arm: 0, microsoftGraph: 0, retries: 0 },
      errors: [],
    })},\n  "resources": [`,
  );
  let vmIndex = 0;
  let bigNsgs = 0;
  for (let s = 0; s < subscriptions; s++) {
    const sub = subscriptionId(s);
    const inSub = Math.min(1000, vms - vmIndex);
    const hubGroup = 'rg-hub-network';
    const secGroup = 'rg-security';
    const hubId = rid(sub, hubGroup, 'Microsoft.Network/virtualNetworks', 'vnet-hub');
    const fwId = rid(sub, hubGroup, 'Microsoft.Network/azureFirewalls', 'fw-hub');
    const policyId = rid(sub, hubGroup, 'Microsoft.Network/firewallPolicies', 'fwp-hub');
    const workspaceId = rid(sub, secGroup, 'Microsoft.OperationalInsights/workspaces', 'law-security');
    const vaultId = rid(sub, 'rg-backup', 'Microsoft.RecoveryServices/vaults', 'rsv-prod');
    const asgIds = ['asg-web', 'asg-app', 'asg-db'].map((name) => rid(sub, hubGroup, 'Microsoft.Network/applicationSecurityGroups', name));
    const spokes = Math.ceil(inSub / 200);
    const pip = (group: string, name: string, ipConfiguration?: string): Row =>
      row(
        sub,
        group,
        'Microsoft.Network/publicIPAddresses',
        name,
        {
          provisioningState: 'Succeeded',
          resourceGuid: uuid(rand),
          ipAddress: `20.${s % 250}.${Math.floor(rand() * 250)}.${Math.floor(rand() * 250)}`,
          publicIPAddressVersion: 'IPv4',
          publicIPAllocationMethod: 'Static',
          idleTimeoutInMinutes: 4,
          ipTags: [],
          ...(ipConfiguration ? { ipConfiguration: { id: ipConfiguration } } : {}),
          ddosSettings: { protectionMode: 'VirtualNetworkInherited' },
        },
        { sku: { name: 'Standard', tier: 'Regional' }, zones: ['1', '2', '3'] },
      );

    // Hub: firewall, Bastion, Application Gateway subnets; peerings to every spoke.
    emit(
      row(sub, hubGroup, 'Microsoft.Network/virtualNetworks', 'vnet-hub', {
        provisioningState: 'Succeeded',
        resourceGuid: uuid(rand),
        addressSpace: { addressPrefixes: [`10.${s}.0.0/20`] },
        subnets: [
          ['AzureFirewallSubnet', `10.${s}.0.0/26`],
          ['AzureBastionSubnet', `10.${s}.0.64/26`],
          ['GatewaySubnet', `10.${s}.0.128/27`],
          ['snet-appgw', `10.${s}.1.0/24`],
        ].map(([name, prefix]) => ({
          name,
          id: `${hubId}/subnets/${name}`,
          type: 'Microsoft.Network/virtualNetworks/subnets',
          properties: { provisioningState: 'Succeeded', addressPrefix: prefix, delegations: [], privateEndpointNetworkPolicies: 'Disabled' },
        })),
        virtualNetworkPeerings: Array.from({ length: spokes }, (_, k) => ({
          name: `hub-to-spoke-${k}`,
          id: `${hubId}/virtualNetworkPeerings/hub-to-spoke-${k}`,
          properties: {
            peeringState: 'Connected',
            remoteVirtualNetwork: { id: rid(sub, `rg-spoke-${k}`, 'Microsoft.Network/virtualNetworks', `vnet-spoke-${k}`) },
            allowVirtualNetworkAccess: true,
            allowForwardedTraffic: true,
            allowGatewayTransit: true,
            useRemoteGateways: false,
            remoteAddressSpace: { addressPrefixes: [`10.${s}.${16 + 4 * k}.0/22`] },
          },
        })),
        enableDdosProtection: false,
      }),
    );
    emit(pip(hubGroup, 'pip-fw', `${fwId}/azureFirewallIpConfigurations/fw-ipconfig`));
    emit(pip(hubGroup, 'pip-bastion'));
    emit(pip(hubGroup, 'pip-appgw'));
    emit(
      row(sub, hubGroup, 'Microsoft.Network/azureFirewalls', 'fw-hub', {
        provisioningState: 'Succeeded',
        sku: { name: 'AZFW_VNet', tier: 'Premium' },
        threatIntelMode: 'Deny',
        firewallPolicy: { id: policyId },
        ipConfigurations: [
          {
            name: 'fw-ipconfig',
            id: `${fwId}/azureFirewallIpConfigurations/fw-ipconfig`,
            properties: {
              privateIPAddress: `10.${s}.0.4`,
              subnet: { id: `${hubId}/subnets/AzureFirewallSubnet` },
              publicIPAddress: { id: rid(sub, hubGroup, 'Microsoft.Network/publicIPAddresses', 'pip-fw') },
            },
          },
        ],
      }),
    );
    emit(
      row(sub, hubGroup, 'Microsoft.Network/firewallPolicies', 'fwp-hub', {
        provisioningState: 'Succeeded',
        sku: { tier: 'Premium' },
        threatIntelMode: 'Deny',
        intrusionDetection: { mode: 'Deny' },
        ruleCollectionGroups: [{ id: `${policyId}/ruleCollectionGroups/dnat` }],
        firewalls: [{ id: fwId }],
      }),
    );
    emit(
      row(sub, hubGroup, 'Microsoft.Network/firewallPolicies/ruleCollectionGroups', 'fwp-hub/dnat', {
        provisioningState: 'Succeeded',
        priority: 100,
        ruleCollections: [
          {
            ruleCollectionType: 'FirewallPolicyNatRuleCollection',
            name: 'dnat-inbound',
            priority: 100,
            action: { type: 'DNAT' },
            rules: Array.from({ length: 5 }, (_, i) => ({
              ruleType: 'NatRule',
              name: `dnat-${i}`,
              ipProtocols: ['TCP'],
              sourceAddresses: i % 2 === 0 ? ['*'] : ['203.0.113.0/24'],
              destinationAddresses: ['20.0.0.1'],
              destinationPorts: [String(50000 + i)],
              translatedAddress: `10.${s}.16.${4 + i}`,
              translatedPort: i % 2 === 0 ? '3389' : '22',
            })),
          },
        ],
      }),
    );
    emit(
      row(
        sub,
        hubGroup,
        'Microsoft.Network/bastionHosts',
        'bas-hub',
        {
          provisioningState: 'Succeeded',
          ipConfigurations: [
            {
              name: 'IpConf',
              id: `${rid(sub, hubGroup, 'Microsoft.Network/bastionHosts', 'bas-hub')}/ipConfigurations/IpConf`,
              properties: {
                subnet: { id: `${hubId}/subnets/AzureBastionSubnet` },
                publicIPAddress: { id: rid(sub, hubGroup, 'Microsoft.Network/publicIPAddresses', 'pip-bastion') },
              },
            },
          ],
        },
        { sku: { name: 'Standard' } },
      ),
    );
    for (const id of asgIds) {
      emit(
        row(sub, hubGroup, 'Microsoft.Network/applicationSecurityGroups', id.split('/').pop() as string, {
          provisioningState: 'Succeeded',
          resourceGuid: uuid(rand),
        }),
      );
    }
    emit(
      row(sub, hubGroup, 'Microsoft.Network/routeTables', 'rt-spokes', {
        provisioningState: 'Succeeded',
        disableBgpRoutePropagation: true,
        routes: [{ name: 'default-to-fw', properties: { addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: `10.${s}.0.4` } }],
      }),
    );

    // Security: workspace, key vaults with diagnostic settings, disk encryption sets, identities.
    emit(
      row(sub, secGroup, 'Microsoft.OperationalInsights/workspaces', 'law-security', {
        provisioningState: 'Succeeded',
        customerId: uuid(rand),
        sku: { name: 'PerGB2018' },
        retentionInDays: 90,
        publicNetworkAccessForIngestion: 'Enabled',
      }),
    );
    const desIds: string[] = [];
    for (let k = 0; k < 2; k++) {
      const kvName = `kv-prod-${s}-${k}`;
      const kvId = rid(sub, secGroup, 'Microsoft.KeyVault/vaults', kvName);
      emit(
        row(sub, secGroup, 'Microsoft.KeyVault/vaults', kvName, {
          tenantId: TENANT_ID,
          sku: { family: 'A', name: k === 0 ? 'premium' : 'standard' },
          accessPolicies: [],
          enabledForDeployment: false,
          enabledForDiskEncryption: true,
          enableSoftDelete: true,
          softDeleteRetentionInDays: 90,
          enablePurgeProtection: k === 0 ? true : null,
          enableRbacAuthorization: true,
          vaultUri: `https://${kvName}.vault.azure.net/`,
          publicNetworkAccess: k === 0 ? 'Disabled' : 'Enabled',
          networkAcls: { bypass: 'AzureServices', defaultAction: k === 0 ? 'Deny' : 'Allow', ipRules: [], virtualNetworkRules: [] },
        }),
      );
      emit({
        id: `${kvId}/providers/Microsoft.Insights/diagnosticSettings/to-law`,
        name: 'to-law',
        type: 'microsoft.insights/diagnosticsettings',
        properties: {
          workspaceId,
          logs: [
            { categoryGroup: 'audit', enabled: true },
            { categoryGroup: 'allLogs', enabled: k === 0 },
          ],
          metrics: [],
        },
      });
      const desName = `des-${s}-${k}`;
      const desId = rid(sub, secGroup, 'Microsoft.Compute/diskEncryptionSets', desName);
      desIds.push(desId);
      emit(
        row(
          sub,
          secGroup,
          'Microsoft.Compute/diskEncryptionSets',
          desName,
          {
            provisioningState: 'Succeeded',
            encryptionType: k === 0 ? 'EncryptionAtRestWithCustomerKey' : 'EncryptionAtRestWithPlatformAndCustomerKeys',
            activeKey: { sourceVault: { id: kvId }, keyUrl: `https://${kvName}.vault.azure.net/keys/disk-key/${uuid(rand).replace(/-/g, '')}` },
            rotationToLatestKeyVersionEnabled: k === 0,
          },
          { identity: { type: 'SystemAssigned', principalId: uuid(rand), tenantId: TENANT_ID } },
        ),
      );
    }
    const identityIds: string[] = [];
    for (let k = 0; k < 5; k++) {
      const name = `id-workload-${k}`;
      identityIds.push(rid(sub, secGroup, 'Microsoft.ManagedIdentity/userAssignedIdentities', name));
      emit(
        row(sub, secGroup, 'Microsoft.ManagedIdentity/userAssignedIdentities', name, { tenantId: TENANT_ID, principalId: uuid(rand), clientId: uuid(rand) }),
      );
    }
    const roles = [
      '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
      'b24988ac-6180-42a0-ab88-20f7382dd24c',
      'acdd72a7-3385-48ef-bd42-f606fba81ae7',
      '9980e02c-c2be-4d73-94e8-173b1dc7cf3c',
    ];
    const roleAssignment = (scope: string, principalType: string): Row => {
      const name = uuid(rand);
      return {
        id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
        name,
        type: 'microsoft.authorization/roleassignments',
        tenantId: TENANT_ID,
        subscriptionId: sub,
        resourceGroup: '',
        properties: {
          roleDefinitionId: `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${roles[Math.floor(rand() * roles.length)]}`,
          principalId: uuid(rand),
          principalType,
          scope,
          createdOn: '2026-02-01T08:00:00.0000000Z',
          updatedOn: '2026-02-01T08:00:00.0000000Z',
          condition: null,
        },
      };
    };
    for (let k = 0; k < 20; k++) emit(roleAssignment(`/subscriptions/${sub}`, k % 3 === 0 ? 'Group' : k % 3 === 1 ? 'User' : 'ServicePrincipal'));

    // Defender plans and the activity log.
    for (const plan of ['VirtualMachines', 'StorageAccounts', 'KeyVaults', 'Arm']) {
      emit({
        id: `/subscriptions/${sub}/providers/Microsoft.Security/pricings/${plan}`,
        name: plan,
        type: 'Microsoft.Security/pricings',
        properties: {
          pricingTier: plan === 'StorageAccounts' && s % 3 === 0 ? 'Free' : 'Standard',
          subPlan: plan === 'VirtualMachines' ? 'P2' : undefined,
          freeTrialRemainingTime: 'PT0S',
        },
      });
    }
    emit({
      id: `/subscriptions/${sub}/providers/Microsoft.Insights/diagnosticSettings/activity-to-law`,
      name: 'activity-to-law',
      type: 'Microsoft.Insights/diagnosticSettings',
      properties: { workspaceId, logs: ['Administrative', 'Security', 'Policy', 'Alert'].map((category) => ({ category, enabled: true })) },
    });

    // Backup: one vault, two policies.
    emit(
      row(
        sub,
        'rg-backup',
        'Microsoft.RecoveryServices/vaults',
        'rsv-prod',
        {
          provisioningState: 'Succeeded',
          securitySettings: {
            immutabilitySettings: { state: s % 2 === 0 ? 'Locked' : 'Disabled' },
            softDeleteSettings: { softDeleteState: 'AlwaysON', softDeleteRetentionPeriodInDays: 14 },
          },
          redundancySettings: { standardTierStorageRedundancy: 'GeoRedundant', crossRegionRestore: 'Enabled' },
          publicNetworkAccess: 'Disabled',
        },
        { sku: { name: 'RS0', tier: 'Standard' }, identity: { type: 'SystemAssigned', principalId: uuid(rand), tenantId: TENANT_ID } },
      ),
    );
    const policyIds = ['daily-30d', 'enhanced-hourly'].map((name) => `${vaultId}/backupPolicies/${name}`);
    for (const [k, policy] of policyIds.entries()) {
      emit({
        id: policy,
        name: policy.split('/').pop(),
        type: 'microsoft.recoveryservices/vaults/backuppolicies',
        subscriptionId: sub,
        resourceGroup: 'rg-backup',
        properties: {
          backupManagementType: 'AzureIaasVM',
          policyType: k === 0 ? 'V1' : 'V2',
          instantRpRetentionRangeInDays: 2,
          schedulePolicy:
            k === 0
              ? { schedulePolicyType: 'SimpleSchedulePolicy', scheduleRunFrequency: 'Daily', scheduleRunTimes: ['2026-01-01T01:00:00Z'] }
              : {
                  schedulePolicyType: 'SimpleSchedulePolicyV2',
                  scheduleRunFrequency: 'Hourly',
                  hourlySchedule: { interval: 4, scheduleWindowStartTime: '2026-01-01T08:00:00Z', scheduleWindowDuration: 12 },
                },
          retentionPolicy: {
            retentionPolicyType: 'LongTermRetentionPolicy',
            dailySchedule: { retentionTimes: ['2026-01-01T01:00:00Z'], retentionDuration: { count: 30, durationType: 'Days' } },
          },
          timeZone: 'Tokyo Standard Time',
          protectedItemsCount: 0,
        },
      });
    }

    // Spokes.
    let vmInSub = 0;
    for (let k = 0; k < spokes; k++) {
      const group = `rg-spoke-${k}`;
      const vnetName = `vnet-spoke-${k}`;
      const vnetId = rid(sub, group, 'Microsoft.Network/virtualNetworks', vnetName);
      const inSpoke = Math.min(200, inSub - vmInSub);
      const subnets = Math.ceil(inSpoke / 50);
      const nsgIds: string[] = [];
      for (let n = 0; n < subnets; n++) {
        const nsgName = `nsg-spoke-${k}-snet-${n}`;
        const nsgId = rid(sub, group, 'Microsoft.Network/networkSecurityGroups', nsgName);
        nsgIds.push(nsgId);
        const big = (s * 1000 + k * 200 + n * 50) % 10000 === 0 && bigNsgs < Math.ceil(vms / 10000);
        if (big) bigNsgs++;
        const count = ruleCount(rand, big);
        emit(
          row(sub, group, 'Microsoft.Network/networkSecurityGroups', nsgName, {
            provisioningState: 'Succeeded',
            resourceGuid: uuid(rand),
            securityRules: Array.from({ length: count }, (_, i) => securityRule(nsgId, rand, i, asgIds)),
            subnets: [{ id: `${vnetId}/subnets/snet-${n}` }],
          }),
        );
      }
      const nicNsgId = rid(sub, group, 'Microsoft.Network/networkSecurityGroups', `nsg-nic-web-${k}`);
      emit(
        row(sub, group, 'Microsoft.Network/networkSecurityGroups', `nsg-nic-web-${k}`, {
          provisioningState: 'Succeeded',
          resourceGuid: uuid(rand),
          securityRules: Array.from({ length: 6 }, (_, i) => securityRule(nicNsgId, rand, i, asgIds)),
        }),
      );
      emit(
        row(sub, group, 'Microsoft.Network/virtualNetworks', vnetName, {
          provisioningState: 'Succeeded',
          resourceGuid: uuid(rand),
          addressSpace: { addressPrefixes: [`10.${s}.${16 + 4 * k}.0/22`] },
          subnets: Array.from({ length: subnets }, (_, n) => ({
            name: `snet-${n}`,
            id: `${vnetId}/subnets/snet-${n}`,
            type: 'Microsoft.Network/virtualNetworks/subnets',
            properties: {
              provisioningState: 'Succeeded',
              addressPrefix: `10.${s}.${16 + 4 * k + n}.0/24`,
              networkSecurityGroup: { id: nsgIds[n] },
              routeTable: { id: rid(sub, hubGroup, 'Microsoft.Network/routeTables', 'rt-spokes') },
              privateEndpointNetworkPolicies: 'Disabled',
              privateLinkServiceNetworkPolicies: 'Enabled',
              defaultOutboundAccess: false,
            },
          })),
          virtualNetworkPeerings: [
            {
              name: 'spoke-to-hub',
              id: `${vnetId}/virtualNetworkPeerings/spoke-to-hub`,
              properties: {
                peeringState: 'Connected',
                remoteVirtualNetwork: { id: hubId },
                allowVirtualNetworkAccess: true,
                allowForwardedTraffic: true,
                allowGatewayTransit: false,
                useRemoteGateways: false,
                remoteAddressSpace: { addressPrefixes: [`10.${s}.0.0/20`] },
              },
            },
          ],
          enableDdosProtection: false,
        }),
      );
      // The spoke's load balancer: public frontend, a backend pool of 20 VMs, NAT rules to 5.
      const lbName = `lb-spoke-${k}`;
      const lbId = rid(sub, group, 'Microsoft.Network/loadBalancers', lbName);
      const lbPipId = rid(sub, group, 'Microsoft.Network/publicIPAddresses', `pip-${lbName}`);
      emit(pip(group, `pip-${lbName}`, `${lbId}/frontendIPConfigurations/fe-public`));
      emit(
        row(
          sub,
          group,
          'Microsoft.Network/loadBalancers',
          lbName,
          {
            provisioningState: 'Succeeded',
            frontendIPConfigurations: [
              { name: 'fe-public', id: `${lbId}/frontendIPConfigurations/fe-public`, properties: { publicIPAddress: { id: lbPipId } } },
            ],
            backendAddressPools: [{ name: 'be-web', id: `${lbId}/backendAddressPools/be-web`, properties: {} }],
            loadBalancingRules: [
              {
                name: 'https',
                id: `${lbId}/loadBalancingRules/https`,
                properties: {
                  frontendIPConfiguration: { id: `${lbId}/frontendIPConfigurations/fe-public` },
                  backendAddressPool: { id: `${lbId}/backendAddressPools/be-web` },
                  protocol: 'Tcp',
                  frontendPort: 443,
                  backendPort: 443,
                  enableFloatingIP: false,
                  disableOutboundSnat: true,
                },
              },
            ],
            inboundNatRules: Array.from({ length: 5 }, (_, i) => ({
              name: `rdp-${i}`,
              id: `${lbId}/inboundNatRules/rdp-${i}`,
              properties: {
                frontendIPConfiguration: { id: `${lbId}/frontendIPConfigurations/fe-public` },
                protocol: 'Tcp',
                frontendPort: 50000 + i,
                backendPort: i % 2 === 0 ? 3389 : 22,
                enableFloatingIP: false,
              },
            })),
            probes: [{ name: 'https', id: `${lbId}/probes/https`, properties: { protocol: 'Tcp', port: 443, intervalInSeconds: 5 } }],
          },
          { sku: { name: 'Standard', tier: 'Regional' } },
        ),
      );
      for (let v = 0; v < inSpoke; v++, vmInSub++, vmIndex++) {
        const subnet = Math.floor(v / 50);
        emitVm({
          sub,
          group,
          name: `vm-${s}-${k}-${String(v).padStart(3, '0')}`,
          subnetId: `${vnetId}/subnets/snet-${subnet}`,
          privateIp: `10.${s}.${16 + 4 * k + subnet}.${4 + (v % 50)}`,
          nicNsgId: rand() < 0.2 ? nicNsgId : undefined,
          publicIp: rand() < 0.05,
          lbPool: v < 20 ? `${lbId}/backendAddressPools/be-web` : undefined,
          lbNat: v < 5 ? `${lbId}/inboundNatRules/rdp-${v}` : undefined,
          asg: rand() < 0.3 ? asgIds[Math.floor(rand() * asgIds.length)] : undefined,
          desId: rand() < 0.5 ? desIds[Math.floor(rand() * desIds.length)] : undefined,
          identityId: rand() < 0.3 ? identityIds[Math.floor(rand() * identityIds.length)] : undefined,
          backupPolicy: rand() < 0.7 ? policyIds[Math.floor(rand() * policyIds.length)] : undefined,
          roleAssignment: rand() < 0.1,
        });
      }
    }
    // An Application Gateway in the hub, sending to the first ten VMs of spoke 0.
    const agwId = rid(sub, hubGroup, 'Microsoft.Network/applicationGateways', 'agw-hub');
    emit(
      row(sub, hubGroup, 'Microsoft.Network/applicationGateways', 'agw-hub', {
        provisioningState: 'Succeeded',
        sku: { name: 'WAF_v2', tier: 'WAF_v2', capacity: 2 },
        gatewayIPConfigurations: [
          { name: 'gw-ip', id: `${agwId}/gatewayIPConfigurations/gw-ip`, properties: { subnet: { id: `${hubId}/subnets/snet-appgw` } } },
        ],
        frontendIPConfigurations: [
          {
            name: 'fe-public',
            id: `${agwId}/frontendIPConfigurations/fe-public`,
            properties: { publicIPAddress: { id: rid(sub, hubGroup, 'Microsoft.Network/publicIPAddresses', 'pip-appgw') } },
          },
        ],
        frontendPorts: [{ name: 'port-443', id: `${agwId}/frontendPorts/port-443`, properties: { port: 443 } }],
        backendAddressPools: [
          {
            name: 'be-web',
            id: `${agwId}/backendAddressPools/be-web`,
            properties: {
              backendAddresses: [],
              backendIPConfigurations: Array.from({ length: Math.min(10, inSub) }, (_, v) => ({
                id: `${rid(sub, 'rg-spoke-0', 'Microsoft.Network/networkInterfaces', `vm-${s}-0-${String(v).padStart(3, '0')}-nic`)}/ipConfigurations/ipconfig1`,
              })),
            },
          },
        ],
        backendHttpSettingsCollection: [{ name: 'https', id: `${agwId}/backendHttpSettingsCollection/https`, properties: { port: 443, protocol: 'Https' } }],
        httpListeners: [
          {
            name: 'listener-443',
            id: `${agwId}/httpListeners/listener-443`,
            properties: {
              frontendIPConfiguration: { id: `${agwId}/frontendIPConfigurations/fe-public` },
              frontendPort: { id: `${agwId}/frontendPorts/port-443` },
              protocol: 'Https',
            },
          },
        ],
        requestRoutingRules: [
          {
            name: 'route-web',
            id: `${agwId}/requestRoutingRules/route-web`,
            properties: {
              ruleType: 'Basic',
              priority: 100,
              httpListener: { id: `${agwId}/httpListeners/listener-443` },
              backendAddressPool: { id: `${agwId}/backendAddressPools/be-web` },
              backendHttpSettings: { id: `${agwId}/backendHttpSettingsCollection/https` },
            },
          },
        ],
        webApplicationFirewallConfiguration: { enabled: true, firewallMode: 'Prevention', ruleSetType: 'OWASP', ruleSetVersion: '3.2' },
      }),
    );

    function emitVm(vm: {
      sub: string;
      group: string;
      name: string;
      subnetId: string;
      privateIp: string;
      nicNsgId: string | undefined;
      publicIp: boolean;
      lbPool: string | undefined;
      lbNat: string | undefined;
      asg: string | undefined;
      desId: string | undefined;
      identityId: string | undefined;
      backupPolicy: string | undefined;
      roleAssignment: boolean;
    }): void {
      const linux = rand() < 0.6;
      const vmId = rid(vm.sub, vm.group, 'Microsoft.Compute/virtualMachines', vm.name);
      const nicId = rid(vm.sub, vm.group, 'Microsoft.Network/networkInterfaces', `${vm.name}-nic`);
      const pipId = rid(vm.sub, vm.group, 'Microsoft.Network/publicIPAddresses', `${vm.name}-pip`);
      const dataDisks = Math.floor(rand() * 3);
      const diskId = (n: number): string => rid(vm.sub, vm.group, 'Microsoft.Compute/disks', n < 0 ? `${vm.name}_OsDisk_1` : `${vm.name}_DataDisk_${n}`);
      const encryption = vm.desId ? { type: 'EncryptionAtRestWithCustomerKey', diskEncryptionSetId: vm.desId } : { type: 'EncryptionAtRestWithPlatformKey' };
      const trusted = rand() < 0.7;
      emit(
        row(
          vm.sub,
          vm.group,
          'Microsoft.Compute/virtualMachines',
          vm.name,
          {
            provisioningState: 'Succeeded',
            vmId: uuid(rand),
            hardwareProfile: { vmSize: ['Standard_D2s_v5', 'Standard_D4s_v5', 'Standard_E8s_v5', 'Standard_B2ms'][Math.floor(rand() * 4)] },
            storageProfile: {
              imageReference: linux
                ? { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest', exactVersion: '24.04.202605010' }
                : {
                    publisher: 'MicrosoftWindowsServer',
                    offer: 'WindowsServer',
                    sku: '2022-datacenter-azure-edition',
                    version: 'latest',
                    exactVersion: '20348.2700.260510',
                  },
              osDisk: {
                osType: linux ? 'Linux' : 'Windows',
                name: `${vm.name}_OsDisk_1`,
                createOption: 'FromImage',
                caching: 'ReadWrite',
                managedDisk: { storageAccountType: 'Premium_LRS', id: diskId(-1), ...(vm.desId ? { diskEncryptionSet: { id: vm.desId } } : {}) },
                deleteOption: 'Delete',
                diskSizeGB: linux ? 30 : 127,
              },
              dataDisks: Array.from({ length: dataDisks }, (_, n) => ({
                lun: n,
                name: `${vm.name}_DataDisk_${n}`,
                createOption: 'Attach',
                caching: 'None',
                managedDisk: { storageAccountType: 'Premium_LRS', id: diskId(n), ...(vm.desId ? { diskEncryptionSet: { id: vm.desId } } : {}) },
                deleteOption: 'Detach',
                diskSizeGB: 256,
                toBeDetached: false,
              })),
              diskControllerType: 'SCSI',
            },
            osProfile: linux
              ? {
                  computerName: vm.name,
                  adminUsername: 'azureuser',
                  linuxConfiguration: {
                    disablePasswordAuthentication: rand() < 0.8,
                    provisionVMAgent: true,
                    ssh: {
                      publicKeys: [{ path: '/home/azureuser/.ssh/authorized_keys', keyData: 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7bench generated-key' }],
                    },
                    patchSettings:
                      rand() < 0.5
                        ? { patchMode: 'AutomaticByPlatform', assessmentMode: 'AutomaticByPlatform' }
                        : { patchMode: 'ImageDefault', assessmentMode: 'ImageDefault' },
                    enableVMAgentPlatformUpdates: false,
                  },
                  secrets: [],
                  allowExtensionOperations: true,
                  requireGuestProvisionSignal: true,
                }
              : {
                  computerName: vm.name.slice(0, 15),
                  adminUsername: 'azureadmin',
                  windowsConfiguration: {
                    provisionVMAgent: true,
                    enableAutomaticUpdates: true,
                    patchSettings:
                      rand() < 0.5
                        ? { patchMode: 'AutomaticByPlatform', assessmentMode: 'AutomaticByPlatform' }
                        : { patchMode: 'AutomaticByOS', assessmentMode: 'ImageDefault' },
                    enableVMAgentPlatformUpdates: false,
                  },
                  secrets: [],
                  allowExtensionOperations: true,
                  requireGuestProvisionSignal: true,
                },
            networkProfile: { networkInterfaces: [{ id: nicId, properties: { deleteOption: 'Delete', primary: true } }] },
            securityProfile: trusted
              ? { securityType: 'TrustedLaunch', uefiSettings: { secureBootEnabled: true, vTpmEnabled: true }, encryptionAtHost: rand() < 0.5 }
              : { encryptionAtHost: false },
            diagnosticsProfile: { bootDiagnostics: { enabled: true } },
            timeCreated: '2026-01-10T09:00:00.0000000Z',
          },
          {
            tags: { env: 'prod', owner: 'platform-team', costCenter: 'cc-1234' },
            zones: [String(1 + Math.floor(rand() * 3))],
            identity: vm.identityId
              ? {
                  type: 'SystemAssigned, UserAssigned',
                  principalId: uuid(rand),
                  tenantId: TENANT_ID,
                  userAssignedIdentities: { [vm.identityId]: { principalId: uuid(rand), clientId: uuid(rand) } },
                }
              : { type: 'SystemAssigned', principalId: uuid(rand), tenantId: TENANT_ID },
          },
        ),
      );
      emit(
        row(vm.sub, vm.group, 'Microsoft.Network/networkInterfaces', `${vm.name}-nic`, {
          provisioningState: 'Succeeded',
          resourceGuid: uuid(rand),
          ipConfigurations: [
            {
              name: 'ipconfig1',
              id: `${nicId}/ipConfigurations/ipconfig1`,
              type: 'Microsoft.Network/networkInterfaces/ipConfigurations',
              properties: {
                provisioningState: 'Succeeded',
                privateIPAddress: vm.privateIp,
                privateIPAllocationMethod: 'Static',
                subnet: { id: vm.subnetId },
                primary: true,
                privateIPAddressVersion: 'IPv4',
                ...(vm.publicIp ? { publicIPAddress: { id: pipId } } : {}),
                ...(vm.lbPool ? { loadBalancerBackendAddressPools: [{ id: vm.lbPool }] } : {}),
                ...(vm.lbNat ? { loadBalancerInboundNatRules: [{ id: vm.lbNat }] } : {}),
                ...(vm.asg ? { applicationSecurityGroups: [{ id: vm.asg }] } : {}),
              },
            },
          ],
          dnsSettings: { dnsServers: [], appliedDnsServers: [] },
          enableAcceleratedNetworking: true,
          enableIPForwarding: false,
          disableTcpStateTracking: false,
          ...(vm.nicNsgId ? { networkSecurityGroup: { id: vm.nicNsgId } } : {}),
          primary: true,
          virtualMachine: { id: vmId },
          nicType: 'Standard',
          auxiliaryMode: 'None',
        }),
      );
      if (vm.publicIp) emit(pip(vm.group, `${vm.name}-pip`, `${nicId}/ipConfigurations/ipconfig1`));
      for (let n = -1; n < dataDisks; n++) {
        emit(
          row(
            vm.sub,
            vm.group,
            'Microsoft.Compute/disks',
            n < 0 ? `${vm.name}_OsDisk_1` : `${vm.name}_DataDisk_${n}`,
            {
              ...(n < 0 ? { osType: linux ? 'Linux' : 'Windows', hyperVGeneration: 'V2' } : {}),
              creationData: { createOption: n < 0 ? 'FromImage' : 'Empty' },
              diskSizeGB: n < 0 ? (linux ? 30 : 127) : 256,
              diskIOPSReadWrite: 500,
              diskMBpsReadWrite: 100,
              encryption,
              networkAccessPolicy: rand() < 0.9 ? 'DenyAll' : 'AllowAll',
              publicNetworkAccess: 'Disabled',
              diskState: 'Attached',
              provisioningState: 'Succeeded',
              timeCreated: '2026-01-10T09:00:00.0000000Z',
              uniqueId: uuid(rand),
            },
            { managedBy: vmId, sku: { name: 'Premium_LRS', tier: 'Premium' }, zones: ['1'] },
          ),
        );
      }
      const extensions = linux
        ? [
            ['AzureMonitorLinuxAgent', 'Microsoft.Azure.Monitor', 'AzureMonitorLinuxAgent'],
            ['MDE.Linux', 'Microsoft.Azure.AzureDefenderForServers', 'MDE.Linux'],
          ]
        : [
            ['AzureMonitorWindowsAgent', 'Microsoft.Azure.Monitor', 'AzureMonitorWindowsAgent'],
            ['MDE.Windows', 'Microsoft.Azure.AzureDefenderForServers', 'MDE.Windows'],
            ['GuestAttestation', 'Microsoft.Azure.Security.WindowsAttestation', 'GuestAttestation'],
          ];
      for (const [name, publisher, type] of extensions.slice(0, 1 + Math.floor(rand() * extensions.length))) {
        emit(
          row(vm.sub, vm.group, 'Microsoft.Compute/virtualMachines/extensions', `${vm.name}/${name}`, {
            provisioningState: 'Succeeded',
            publisher,
            type,
            typeHandlerVersion: '1.0',
            autoUpgradeMinorVersion: true,
            enableAutomaticUpgrade: true,
            settings: {},
          }),
        );
      }
      if (vm.backupPolicy) {
        const container = `iaasvmcontainerv2;${vm.group};${vm.name}`;
        emit({
          id: `${vaultId}/backupFabrics/Azure/protectionContainers/${container}/protectedItems/vm;${container}`,
          name: `vm;${container}`,
          type: 'microsoft.recoveryservices/vaults/backupfabrics/protectioncontainers/protecteditems',
          tenantId: TENANT_ID,
          subscriptionId: vm.sub,
          resourceGroup: 'rg-backup',
          properties: {
            protectedItemType: 'Microsoft.Compute/virtualMachines',
            backupManagementType: 'AzureIaasVM',
            workloadType: 'VM',
            friendlyName: vm.name,
            sourceResourceId: vmId,
            virtualMachineId: vmId,
            policyId: vm.backupPolicy,
            protectionStatus: 'Healthy',
            protectionState: 'Protected',
            lastBackupStatus: 'Completed',
            lastBackupTime: '2026-05-31T01:10:00Z',
            lastRecoveryPoint: '2026-05-31T01:12:00Z',
            healthStatus: 'Passed',
          },
        });
      }
      if (vm.roleAssignment) emit(roleAssignment(vmId, 'User'));
    }
  }
  out('\n  ]\n}\n');
  flush();
  closeSync(fd);
  return { vms, resources, bytes };
}
