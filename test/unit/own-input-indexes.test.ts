import { describe, expect, it } from 'vitest';
import { runRules } from '../../src/engine/run.js';
import { loadInputs } from '../../src/inputs/files/load.js';
import { ResourceGraph } from '../../src/model/graph.js';
import { idKey } from '../../src/model/resource-id.js';
import { asgMembers } from '../../src/analyses/network/topology.js';
import { formatAddresses } from '../../src/analyses/network/addresses.js';
import { resolveName } from '../../src/analyses/network/dns.js';
import { isUnknown } from '../../src/model/value.js';
import { RULES } from '../../src/rules/index.js';
import { armTemplate, linuxVm, rid } from '../support/arm-snippets.js';
import { keyVault, storageAccount } from '../support/edge-snippets.js';
import { folderOf } from '../support/files.js';
import {
  applicationGateway,
  gatewayConnection,
  lbMembership,
  loadBalancer,
  netNic,
  nsg,
  privateDnsLink,
  privateDnsRecord,
  publicIpAddress,
  testVnet,
  toGateway,
  vnetGateway,
  type RuleSpec,
} from '../support/network-snippets.js';
import {
  backupPolicy,
  configurationAssignment,
  diskEncryptionSet,
  keyVault as recoveryKeyVault,
  maintenanceConfiguration,
  managedDisk,
  protectedItem,
  recoveryVault,
  vaultKey,
  vmExtension,
} from '../support/recovery-snippets.js';

/**
 * Two inputs that declare the same resource ids are two deployments (own-input-references.test.ts):
 * the indexes the analyses and rules build over every input (a VM's extensions and backup items,
 * what names a Key Vault or a disk, load balancer pools, gateway connections, application security
 * group members, private DNS zones, …) key a resource by `graph.keyOf` and a reference by
 * `graph.referenceKey`, so that what one input declares never changes the other's verdicts.
 */

type Json = Record<string, unknown>;

/** Every evaluation of the stable rules, by rule, input and resource id: status, reason and findings. */
async function evaluations(root: string, inputs: string[]): Promise<Map<string, string>> {
  const { resources } = await loadInputs({ paths: inputs, cwd: root });
  const byKey = new Map<string, string>();
  for (const e of runRules(
    new ResourceGraph(resources),
    RULES.filter((rule) => rule.status === 'stable'),
  )) {
    const findings = e.findings.map((f) => `${f.messageId}@${f.location.file ?? ''}#${f.location.pointer}`).sort();
    const key = `${e.ruleId} ${e.resource.input} ${e.resource.id.toLowerCase()}`;
    expect(byKey.has(key)).toBe(false);
    byKey.set(key, [e.status, e.reason ?? '', ...findings].join(' | '));
  }
  return byKey;
}

const sorted = (map: Map<string, string>): [string, string][] => [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/**
 * Writes `a/estate.json` and `b/estate.json` (the estate both declare, with each one's extra
 * resources), scans each alone and both together in both orders, and checks that together each
 * gets what it got alone. Returns the evaluations of the scans alone.
 */
async function twoCopies(a: object[], b: object[], base: object[] = ESTATE): Promise<Map<string, string>> {
  const root = await folderOf({
    'a/estate.json': JSON.stringify(armTemplate([...base, ...a]), null, 2),
    'b/estate.json': JSON.stringify(armTemplate([...base, ...b]), null, 2),
  });
  const alone = new Map([...(await evaluations(root, ['a'])), ...(await evaluations(root, ['b']))]);
  expect(sorted(await evaluations(root, ['a', 'b']))).toEqual(sorted(alone));
  expect(sorted(await evaluations(root, ['b', 'a']))).toEqual(sorted(alone));
  return alone;
}

/** The status (and reason, findings) of one rule on the resource of `type` and `name` in `a` or `b`. */
function verdict(all: Map<string, string>, ruleId: string, copy: 'a' | 'b', type: string, name: string): string {
  const suffix = `/providers/${type}/${name}`.toLowerCase();
  const found = [...all].filter(([key]) => key.startsWith(`${ruleId} ${copy}/estate.json `) && key.endsWith(suffix));
  expect(found).toHaveLength(1);
  return (found[0] as [string, string])[1];
}

const VM = 'Microsoft.Compute/virtualMachines';
const SSH: RuleSpec[] = [{ name: 'allow-ssh', priority: 100, from: '*', port: 22 }];

/** What both copies declare: a VNet whose subnet names NSG `web-nsg` (no rule of its own), a NIC and VM `vm`. */
const ESTATE: object[] = [testVnet({ nsg: 'web-nsg' }), nsg('web-nsg', []), netNic('vm-nic'), linuxVm('vm')];

/** The same, with SSH open to the Internet in the NSG and the NIC given `nic` (a public IP, load balancer pools). */
function openEstate(nicSpec: Parameters<typeof netNic>[1] = {}): object[] {
  return [testVnet({ nsg: 'web-nsg' }), nsg('web-nsg', SSH), netNic('vm-nic', nicSpec), linuxVm('vm')];
}

describe('two templates that deploy the same ids keep their own', () => {
  it("VM extensions (graph.children): the legacy agent of one is not the other VM's (AZV-VM-016)", async () => {
    const all = await twoCopies([], [vmExtension('vm', 'OMSExtension', 'Microsoft.EnterpriseCloud.Monitoring', 'OmsAgentForLinux')]);
    expect(verdict(all, 'AZV-VM-016', 'a', VM, 'vm')).toMatch(/^pass /);
    expect(verdict(all, 'AZV-VM-016', 'b', VM, 'vm')).toMatch(/^fail /);
  });

  it('backup protected items: a backup of one VM does not protect the other (AZV-REC-001)', async () => {
    const all = await twoCopies([], [recoveryVault('rsv'), backupPolicy('rsv', 'daily'), protectedItem('rsv', 'vm', 'daily')]);
    expect(verdict(all, 'AZV-REC-001', 'a', VM, 'vm')).toMatch(/^fail .*notProtected/);
    expect(verdict(all, 'AZV-REC-001', 'b', VM, 'vm')).not.toMatch(/notProtected/);
  });

  it('maintenance configuration assignments scoped to the VM (AZV-VM-009)', async () => {
    const all = await twoCopies([], [maintenanceConfiguration('patching'), configurationAssignment('patching-vm', 'vm', 'patching')]);
    // a has no schedule; b's schedule covers its VM (which is not prepared for it).
    expect(verdict(all, 'AZV-VM-009', 'a', VM, 'vm')).toMatch(/^fail .*notAutomatic@/);
    expect(verdict(all, 'AZV-VM-009', 'b', VM, 'vm')).toMatch(/^fail .*scheduleNotPrepared@/);
  });

  it("Key Vault users: an ADE extension of one copy keeps no key in the other copy's vault (AZV-REC-010)", async () => {
    const ade = vmExtension('vm', 'ade', 'Microsoft.Azure.Security', 'AzureDiskEncryptionForLinux', {
      settings: {
        EncryptionOperation: 'EnableEncryption',
        KeyVaultResourceId: rid('Microsoft.KeyVault/vaults', 'kv'),
        KeyVaultURL: 'https://kv.vault.azure.net/',
      },
    });
    const all = await twoCopies([keyVault('kv')], [keyVault('kv'), ade]);
    expect(verdict(all, 'AZV-REC-010', 'a', 'Microsoft.KeyVault/vaults', 'kv')).toMatch(/^not-applicable /);
    expect(verdict(all, 'AZV-REC-010', 'b', 'Microsoft.KeyVault/vaults', 'kv')).not.toMatch(/^not-applicable /);
  });

  it("role assignments scoped to a resource: one copy's Key Vault administrators are not the other's (AZV-REC-009)", async () => {
    const admin = (principal: string): object => ({
      type: 'Microsoft.Authorization/roleAssignments',
      apiVersion: '2022-04-01',
      name: `[guid('${principal}')]`,
      scope: "[resourceId('Microsoft.KeyVault/vaults', 'kv-disks')]",
      properties: {
        roleDefinitionId: "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '00482a5a-887f-4fb3-b363-3b7fe8e74483')]",
        principalId: principal,
        principalType: 'User',
      },
    });
    const vault = [recoveryKeyVault('kv-disks'), vaultKey('kv-disks', 'disk-key'), diskEncryptionSet('des-1', 'kv-disks', 'disk-key')];
    const all = await twoCopies([], ['a1', 'a2', 'a3', 'a4'].map(admin), vault);
    expect(verdict(all, 'AZV-REC-009', 'a', 'Microsoft.KeyVault/vaults', 'kv-disks')).toMatch(/^pass /);
    expect(verdict(all, 'AZV-REC-009', 'b', 'Microsoft.KeyVault/vaults', 'kv-disks')).toMatch(/^fail .*tooManyAdmins@/);
  });

  it("disk attachments: a disk is attached to its own copy's VM (AZV-VM-003)", async () => {
    const attaching = (vm: string): object[] => [
      managedDisk('data'),
      netNic(`${vm}-nic`),
      linuxVm(
        vm,
        {},
        {
          storageProfile: {
            osDisk: { createOption: 'FromImage' },
            dataDisks: [{ lun: 0, createOption: 'Attach', managedDisk: { id: rid('Microsoft.Compute/disks', 'data') } }],
          },
        },
      ),
    ];
    const all = await twoCopies(attaching('app'), attaching('db'));
    expect(verdict(all, 'AZV-VM-003', 'a', 'Microsoft.Compute/disks', 'data')).toMatch(/attached to app,/);
    expect(verdict(all, 'AZV-VM-003', 'b', 'Microsoft.Compute/disks', 'data')).toMatch(/attached to db,/);
  });

  it("JIT policies: a policy listing one copy's VM does not cover the other (AZV-CONN-004)", async () => {
    const jit = {
      type: 'Microsoft.Security/locations/jitNetworkAccessPolicies',
      apiVersion: '2020-01-01',
      name: 'japaneast/default',
      kind: 'Basic',
      properties: {
        virtualMachines: [
          { id: rid(VM, 'vm'), ports: [{ number: 22, protocol: '*', allowedSourceAddressPrefix: '203.0.113.0/24', maxRequestAccessDuration: 'PT3H' }] },
        ],
      },
    };
    const all = await twoCopies([publicIpAddress('vm-pip')], [publicIpAddress('vm-pip'), jit], openEstate({ publicIp: 'vm-pip' }));
    expect(verdict(all, 'AZV-CONN-004', 'a', VM, 'vm')).toMatch(/^fail .*noJit@/);
    expect(verdict(all, 'AZV-CONN-004', 'b', VM, 'vm')).not.toMatch(/noJit@/);
  });

  it("load balancer pools: a NIC is in the pool of its own copy's load balancer (AZV-NET-002)", async () => {
    const lb = (rules: boolean): object[] => [
      publicIpAddress('lb-pip'),
      loadBalancer('lb', { publicIp: 'lb-pip', ...(rules ? { lbRules: [{ name: 'ssh', frontendPort: 22, backendPort: 22 }] } : {}) }),
    ];
    const all = await twoCopies(lb(false), lb(true), openEstate({ ipConfiguration: lbMembership('lb', [], true) }));
    // a's NSG admits SSH (a latent finding), but only b's load balancer forwards it.
    expect(verdict(all, 'AZV-NET-002', 'a', VM, 'vm')).not.toMatch(/exposed@/);
    expect(verdict(all, 'AZV-NET-002', 'b', VM, 'vm')).toMatch(/^fail .*exposed@/);
  });

  it("gateway connections: a connection of one copy's gateway is not the other's (AZV-NET-003)", async () => {
    const network = [
      testVnet({ nsg: 'web-nsg' }, [{ name: 'GatewaySubnet', prefix: '10.0.255.0/27' }]),
      nsg('web-nsg', []),
      netNic('vm-nic'),
      linuxVm('vm'),
      vnetGateway('gw'),
    ];
    // In b, the gateway connects to a gateway outside the input: what it reaches may widen VirtualNetwork.
    const all = await twoCopies([], [gatewayConnection('to-elsewhere', 'gw', toGateway('elsewhere'))], network);
    expect(verdict(all, 'AZV-NET-003', 'a', VM, 'vm')).toMatch(/^pass /);
    expect(verdict(all, 'AZV-NET-003', 'b', VM, 'vm')).toMatch(/^unknown .*connection 'to-elsewhere'/);
  });

  it("public IPs in front of a VM: one copy's NIC does not put the other copy's public IP in front of a VM (AZV-NET-018)", async () => {
    const pip = {
      ...publicIpAddress('vm-pip'),
      properties: { publicIPAllocationMethod: 'Static', ddosSettings: { protectionMode: 'VirtualNetworkInherited' } },
    };
    const all = await twoCopies(
      [pip, netNic('vm-nic')],
      [pip, netNic('vm-nic', { publicIp: 'vm-pip' })],
      [testVnet({ nsg: 'web-nsg' }), nsg('web-nsg', []), linuxVm('vm')],
    );
    expect(verdict(all, 'AZV-NET-018', 'a', 'Microsoft.Network/publicIPAddresses', 'vm-pip')).toMatch(/^not-applicable /);
    expect(verdict(all, 'AZV-NET-018', 'b', 'Microsoft.Network/publicIPAddresses', 'vm-pip')).toMatch(/^fail /);
  });

  it("storage accounts: one copy's boot diagnostics are not kept in the other copy's account (AZV-NET-017)", async () => {
    const diagnostics = { diagnosticsProfile: { bootDiagnostics: { enabled: true, storageUri: 'https://diagstore.blob.core.windows.net/' } } };
    const all = await twoCopies(
      [storageAccount('diagstore'), linuxVm('vm')],
      [storageAccount('diagstore'), linuxVm('vm', {}, diagnostics)],
      [testVnet({ nsg: 'web-nsg' }), nsg('web-nsg', []), netNic('vm-nic')],
    );
    expect(verdict(all, 'AZV-NET-017', 'a', 'Microsoft.Storage/storageAccounts', 'diagstore')).toMatch(/^not-applicable /);
    expect(verdict(all, 'AZV-NET-017', 'b', 'Microsoft.Storage/storageAccounts', 'diagstore')).not.toMatch(/^not-applicable /);
  });

  it("flow logs: a flow log on one copy's VNet does not cover the other's (AZV-MON-012)", async () => {
    const flowLog: Json = {
      type: 'Microsoft.Network/networkWatchers/flowLogs',
      apiVersion: '2024-05-01',
      name: 'NetworkWatcher_japaneast/vnet-flows',
      location: 'japaneast',
      properties: {
        targetResourceId: rid('Microsoft.Network/virtualNetworks', 'vnet'),
        storageId: rid('Microsoft.Storage/storageAccounts', 'flowlogs'),
        enabled: true,
        retentionPolicy: { days: 90, enabled: true },
      },
    };
    const all = await twoCopies([], [flowLog]);
    expect(verdict(all, 'AZV-MON-012', 'a', 'Microsoft.Network/virtualNetworks', 'vnet')).toMatch(/^fail .*noFlowLog/);
    expect(verdict(all, 'AZV-MON-012', 'b', 'Microsoft.Network/virtualNetworks', 'vnet')).not.toMatch(/noFlowLog/);
  });

  it("Front Door children: one copy's endpoint is not the other copy's profile's (AZV-NET-021)", async () => {
    const profile = { type: 'Microsoft.Cdn/profiles', apiVersion: '2024-02-01', name: 'shop-afd', location: 'Global', sku: { name: 'Premium_AzureFrontDoor' } };
    const endpoint = (name: string): object => ({
      type: 'Microsoft.Cdn/profiles/afdEndpoints',
      apiVersion: '2024-02-01',
      name: `shop-afd/${name}`,
      location: 'Global',
      properties: { enabledState: 'Enabled' },
    });
    const waf = {
      type: 'Microsoft.Cdn/profiles/securityPolicies',
      apiVersion: '2024-02-01',
      name: 'shop-afd/waf',
      properties: {
        parameters: {
          type: 'WebApplicationFirewall',
          wafPolicy: { id: rid('Microsoft.Network/FrontDoorWebApplicationFirewallPolicies', 'shopwaf') },
          associations: [{ domains: [{ id: rid('Microsoft.Cdn/profiles/afdEndpoints', 'shop-afd', 'shop') }], patternsToMatch: ['/*'] }],
        },
      },
    };
    // a covers its one endpoint; b has another endpoint its policy does not cover.
    const all = await twoCopies([profile, endpoint('shop'), waf], [profile, endpoint('shop'), endpoint('admin'), waf], []);
    expect(verdict(all, 'AZV-NET-021', 'a', 'Microsoft.Cdn/profiles', 'shop-afd')).toMatch(/^pass /);
    expect(verdict(all, 'AZV-NET-021', 'b', 'Microsoft.Cdn/profiles', 'shop-afd')).toMatch(/^fail .*noWaf@/);
  });

  it("extension resources scoped to a resource: one copy's data collection rule association is not the other VM's (AZV-MON-016)", async () => {
    const dcr = {
      type: 'Microsoft.Insights/dataCollectionRules',
      apiVersion: '2023-03-11',
      name: 'dcr-syslog',
      location: 'japaneast',
      properties: {
        dataSources: { syslog: [{ name: 'auth', streams: ['Microsoft-Syslog'], facilityNames: ['auth', 'authpriv'], logLevels: ['Info'] }] },
        destinations: { logAnalytics: [{ name: 'sentinel', workspaceResourceId: rid('Microsoft.OperationalInsights/workspaces', 'law-sentinel') }] },
        dataFlows: [{ streams: ['Microsoft-Syslog'], destinations: ['sentinel'] }],
      },
    };
    const agent = vmExtension('vm', 'AzureMonitorLinuxAgent', 'Microsoft.Azure.Monitor', 'AzureMonitorLinuxAgent');
    const association = {
      type: 'Microsoft.Insights/dataCollectionRuleAssociations',
      apiVersion: '2023-03-11',
      name: 'vm-dcr-syslog',
      scope: "[format('Microsoft.Compute/virtualMachines/{0}', 'vm')]",
      properties: { dataCollectionRuleId: "[resourceId('Microsoft.Insights/dataCollectionRules', 'dcr-syslog')]" },
    };
    const all = await twoCopies([dcr, agent], [dcr, agent, association]);
    expect(verdict(all, 'AZV-MON-016', 'a', VM, 'vm')).toMatch(/^fail /);
    expect(verdict(all, 'AZV-MON-016', 'b', VM, 'vm')).toMatch(/^pass /);
  });

  it("Application Gateway reach: a gateway of one copy does not reach the other copy's VM at the same address (AZV-NET-019)", async () => {
    const gateway = { ...applicationGateway('agw', 443, 80) } as Json;
    const properties = gateway['properties'] as Json;
    gateway['properties'] = { ...properties, backendAddressPools: [{ name: 'web', properties: { backendAddresses: [{ ipAddress: '10.0.1.4' }] } }] };
    const web: RuleSpec[] = [{ name: 'allow-http', priority: 100, from: '*', port: 80 }];
    const network = (withGateway: boolean): object[] => [
      testVnet({ nsg: 'web-nsg' }, withGateway ? [{ name: 'appgw', prefix: '10.0.2.0/24' }] : []),
      nsg('web-nsg', web),
      ...(withGateway ? [publicIpAddress('agw-pip'), gateway] : []),
    ];
    // The gateways' VNet of b has b's id: the same id as a's VNet, but another VNet.
    const all = await twoCopies([...network(false)], [...network(true)], [netNic('vm-nic', { privateIp: '10.0.1.4' }), linuxVm('vm')]);
    expect(verdict(all, 'AZV-NET-019', 'a', VM, 'vm')).toMatch(/^not-applicable /);
    expect(verdict(all, 'AZV-NET-019', 'b', VM, 'vm')).not.toMatch(/^not-applicable /);
  });
});

describe('what the earlier change left keyed by id', () => {
  it("principals known at deployment: a role assignment to one copy's VM identity is not the other's (AZV-IAM-014)", async () => {
    const withIdentity = [testVnet({ nsg: 'web-nsg' }), nsg('web-nsg', []), netNic('vm-nic'), linuxVm('vm', { identity: { type: 'SystemAssigned' } })];
    // Contributor on the resource group (which holds a Key Vault) to `reference(vm).identity.principalId`.
    const contributor = {
      type: 'Microsoft.Authorization/roleAssignments',
      apiVersion: '2022-04-01',
      name: 'vm-contributor',
      properties: {
        roleDefinitionId: "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'b24988ac-6180-42a0-ab88-20f7382dd24c')]",
        principalId: "[reference(resourceId('Microsoft.Compute/virtualMachines', 'vm'), '2024-07-01', 'full').identity.principalId]",
        principalType: 'ServicePrincipal',
      },
    };
    const all = await twoCopies([keyVault('kv')], [keyVault('kv'), contributor], withIdentity);
    expect(verdict(all, 'AZV-IAM-014', 'a', VM, 'vm')).toMatch(/^pass /);
    expect(verdict(all, 'AZV-IAM-014', 'b', VM, 'vm')).toMatch(/^fail .*vaultGroupRole@/);
    // With the vault in a only, b's resource group holds none: Contributor there is no role over a's backups or keys.
    const vaultElsewhere = await twoCopies([keyVault('kv')], [contributor], withIdentity);
    expect(verdict(vaultElsewhere, 'AZV-IAM-014', 'b', VM, 'vm')).toMatch(/^pass /);
  });

  it("NSG flow logs: one copy's flow log on its subnet's NSG does not cover the other copy's VNet (AZV-MON-012)", async () => {
    const nsgFlowLog = {
      type: 'Microsoft.Network/networkWatchers/flowLogs',
      apiVersion: '2024-05-01',
      name: 'NetworkWatcher_japaneast/nsg-flows',
      location: 'japaneast',
      properties: {
        targetResourceId: rid('Microsoft.Network/networkSecurityGroups', 'web-nsg'),
        storageId: rid('Microsoft.Storage/storageAccounts', 'flowlogs'),
        enabled: true,
        retentionPolicy: { days: 90, enabled: true },
      },
    };
    const all = await twoCopies([], [nsgFlowLog]);
    expect(verdict(all, 'AZV-MON-012', 'a', 'Microsoft.Network/virtualNetworks', 'vnet')).toMatch(/^fail .*noFlowLog@/);
    expect(verdict(all, 'AZV-MON-012', 'b', 'Microsoft.Network/virtualNetworks', 'vnet')).toMatch(/^fail .*nsgFlowLogs(Only|Retired)@/);
  });

  it("public IPs not known in front of a VM: one copy's may not be the other copy's public IP (AZV-NET-018)", async () => {
    // b's NIC is in the pool of a load balancer outside the input, whose public IP may be any b can name.
    const all = await twoCopies(
      [netNic('vm-nic')],
      [netNic('vm-nic', { ipConfiguration: lbMembership('elsewhere-lb', [], true) })],
      [testVnet({ nsg: 'web-nsg' }), nsg('web-nsg', SSH), linuxVm('vm'), publicIpAddress('spare-pip')],
    );
    expect(verdict(all, 'AZV-NET-018', 'a', 'Microsoft.Network/publicIPAddresses', 'spare-pip')).toMatch(/^not-applicable /);
    expect(verdict(all, 'AZV-NET-018', 'b', 'Microsoft.Network/publicIPAddresses', 'spare-pip')).toMatch(
      /^unknown .*load balancer of backend pool 'pool' is not in the scanned input/,
    );
  });

  it("Application Gateway pools: a NIC in a pool of its copy's gateway is not in the other copy's gateway's pool (AZV-NET-019)", async () => {
    const gateway = (exposed: boolean): object => {
      const written = applicationGateway('agw', 443, 80) as Json;
      const properties = written['properties'] as Json;
      const privateFrontend = {
        privateIPAllocationMethod: 'Static',
        privateIPAddress: '10.0.2.10',
        subnet: { id: rid('Microsoft.Network/virtualNetworks/subnets', 'vnet', 'appgw') },
      };
      return exposed ? written : { ...written, properties: { ...properties, frontendIPConfigurations: [{ name: 'public', properties: privateFrontend }] } };
    };
    const inPool = { applicationGatewayBackendAddressPools: [{ id: rid('Microsoft.Network/applicationGateways/backendAddressPools', 'agw', 'web') }] };
    const network = [
      testVnet({ nsg: 'web-nsg' }, [{ name: 'appgw', prefix: '10.0.2.0/24' }]),
      nsg('web-nsg', [{ name: 'allow-http', priority: 100, from: '*', port: 80 }]),
      publicIpAddress('agw-pip'),
      netNic('vm-nic', { ipConfiguration: inPool }),
      linuxVm('vm'),
    ];
    // Only b's gateway listens on its public IP.
    const all = await twoCopies([gateway(false)], [gateway(true)], network);
    expect(verdict(all, 'AZV-NET-019', 'a', VM, 'vm')).not.toEqual(verdict(all, 'AZV-NET-019', 'b', VM, 'vm'));
  });
});

describe('the order inputs are named in', () => {
  /** VM `<vm>` whose NIC's subnet comes from a parameter without a value: it may be in any VNet. */
  const unplaced = (vm: string): object =>
    armTemplate(
      [testVnet({ nsg: 'web-nsg' }), nsg('web-nsg', []), netNic(`${vm}-nic`, { ipConfiguration: { subnet: { id: "[parameters('subnetId')]" } } }), linuxVm(vm)],
      { parameters: { subnetId: { type: 'string' } } },
    );

  it('changes no reason: an estate-wide unknown names the NIC of the input whose path sorts first', async () => {
    const root = await folderOf({ 'a/estate.json': JSON.stringify(unplaced('a-vm')), 'b/estate.json': JSON.stringify(unplaced('b-vm')) });
    const forward = await evaluations(root, ['a', 'b']);
    expect(sorted(await evaluations(root, ['b', 'a']))).toEqual(sorted(forward));
    const reasons = [...forward.values()].filter((verdict) => /cannot be followed/.test(verdict));
    expect(reasons.length).toBeGreaterThan(0);
    for (const reason of reasons) expect(reason).toMatch(/"a-vm"/);
  });
});

describe('indexes of the network analysis over inputs that declare the same ids', () => {
  /** A graph of templates `a.json` and `b.json`, each read as its own input. */
  async function graphOfTwo(a: object[], b: object[]): Promise<ResourceGraph> {
    const root = await folderOf({ 'a.json': JSON.stringify(armTemplate(a)), 'b.json': JSON.stringify(armTemplate(b)) });
    return new ResourceGraph((await loadInputs({ paths: ['a.json', 'b.json'], cwd: root })).resources);
  }

  it("application security group members: each copy's group holds its own NICs", async () => {
    const member = (ip: string): object[] => [
      { type: 'Microsoft.Network/applicationSecurityGroups', apiVersion: '2024-05-01', name: 'admins', location: 'japaneast', properties: {} },
      netNic('jump-nic', { privateIp: ip, asgs: ['admins'] }),
    ];
    const graph = await graphOfTwo(member('10.0.1.10'), member('10.0.1.20'));
    const members = graph.derive(asgMembers);
    const asgKey = idKey(rid('Microsoft.Network/applicationSecurityGroups', 'admins'));
    for (const [input, ip] of [
      ['a.json', '10.0.1.10'],
      ['b.json', '10.0.1.20'],
    ] as const) {
      const nic = graph.ofType('Microsoft.Network/networkInterfaces').find((resource) => resource.input === input);
      expect(nic).toBeDefined();
      const found = members.get(graph.referenceKey(asgKey, nic as NonNullable<typeof nic>));
      expect(found && formatAddresses(found.definite)).toEqual([`${ip}/32`]);
    }
  });

  it("private DNS zones: a name resolves in each copy's VNet from that copy's zone", async () => {
    const zone = (ip: string): object[] => [
      testVnet(),
      {
        type: 'Microsoft.Network/privateDnsZones',
        apiVersion: '2024-06-01',
        name: 'contoso.internal',
        location: 'global',
        properties: {},
      },
      privateDnsRecord('contoso.internal', 'app', 'A', [ip]),
      privateDnsLink('contoso.internal', 'vnet'),
    ];
    const graph = await graphOfTwo(zone('10.0.1.10'), zone('10.0.1.20'));
    for (const [input, ip] of [
      ['a.json', '10.0.1.10'],
      ['b.json', '10.0.1.20'],
    ] as const) {
      const vnet = graph.ofType('Microsoft.Network/virtualNetworks').find((resource) => resource.input === input);
      const answer = resolveName(graph, 'app.contoso.internal', vnet);
      expect(isUnknown(answer) ? answer.reason : formatAddresses(answer)).toEqual([`${ip}/32`]);
    }
  });
});
