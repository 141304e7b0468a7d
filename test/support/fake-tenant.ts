import type { FakeTenant, Row } from './fake-azure.js';

/**
 * Sanitized tenants for the fake Azure server: made-up ids, names and object ids, in the shapes
 * Resource Graph, ARM and Microsoft Graph return.
 */

export const TENANT_ID = '72f988bf-0000-4000-8000-000000000001';
export const SUB_A = '11111111-1111-4111-8111-111111111111';
export const SUB_B = '22222222-2222-4222-8222-222222222222';
/** Visible to Resource Graph, but every ARM read answers 403. */
export const SUB_FORBIDDEN = '33333333-3333-4333-8333-333333333333';

const USER_ADMIN = 'aaaaaaaa-0000-4000-8000-000000000001';
const USER_GUEST = 'aaaaaaaa-0000-4000-8000-000000000002';
const SP_VM = 'bbbbbbbb-0000-4000-8000-000000000001';
const GROUP_OPS = 'cccccccc-0000-4000-8000-000000000001';
/** The break-glass group the MFA policy excludes. */
const GROUP_BREAK_GLASS = 'cccccccc-0000-4000-8000-000000000002';
/** The one member of GROUP_OPS. */
const USER_OPERATOR = 'aaaaaaaa-0000-4000-8000-000000000003';

function armRow(subscriptionId: string, group: string, type: string, name: string, properties: Row, extra: Row = {}): Row {
  const [namespace, ...types] = type.split('/');
  const names = name.split('/');
  let id = `/subscriptions/${subscriptionId}/resourceGroups/${group}/providers/${namespace}`;
  types.forEach((t, i) => (id += `/${t}/${names[i]}`));
  return {
    id,
    name: names[names.length - 1],
    type: type.toLowerCase(),
    tenantId: TENANT_ID,
    kind: '',
    location: 'japaneast',
    resourceGroup: group,
    subscriptionId,
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

function resourceId(subscriptionId: string, group: string, type: string, name: string): string {
  const [namespace, ...types] = type.split('/');
  const names = name.split('/');
  let id = `/subscriptions/${subscriptionId}/resourceGroups/${group}/providers/${namespace}`;
  types.forEach((t, i) => (id += `/${t}/${names[i]}`));
  return id;
}

/** A VM with its NIC and OS disk (and a public IP when `publicIp`). */
export function vmRows(subscriptionId: string, group: string, name: string, options: { linux?: boolean; publicIp?: boolean; subnetId?: string } = {}): Row[] {
  const linux = options.linux ?? true;
  const nicId = resourceId(subscriptionId, group, 'Microsoft.Network/networkInterfaces', `${name}-nic`);
  const diskId = resourceId(subscriptionId, group, 'Microsoft.Compute/disks', `${name}_OsDisk_1`);
  const pipId = resourceId(subscriptionId, group, 'Microsoft.Network/publicIPAddresses', `${name}-pip`);
  const rows: Row[] = [
    armRow(subscriptionId, group, 'Microsoft.Compute/virtualMachines', name, {
      vmId: '5c0d7a8e-0000-4000-8000-000000000000',
      hardwareProfile: { vmSize: 'Standard_D2s_v5' },
      storageProfile: {
        imageReference: linux
          ? { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' }
          : { publisher: 'MicrosoftWindowsServer', offer: 'WindowsServer', sku: '2022-datacenter-azure-edition', version: 'latest' },
        osDisk: {
          osType: linux ? 'Linux' : 'Windows',
          name: `${name}_OsDisk_1`,
          createOption: 'FromImage',
          caching: 'ReadWrite',
          managedDisk: { storageAccountType: 'Premium_LRS', id: diskId },
          deleteOption: 'Delete',
          diskSizeGB: 30,
        },
        dataDisks: [],
      },
      osProfile: linux
        ? {
            computerName: name,
            adminUsername: 'azureuser',
            linuxConfiguration: {
              disablePasswordAuthentication: false,
              provisionVMAgent: true,
              patchSettings: { patchMode: 'ImageDefault', assessmentMode: 'ImageDefault' },
            },
            secrets: [],
            allowExtensionOperations: true,
          }
        : {
            computerName: name,
            adminUsername: 'azureadmin',
            windowsConfiguration: {
              provisionVMAgent: true,
              enableAutomaticUpdates: true,
              patchSettings: { patchMode: 'AutomaticByPlatform', assessmentMode: 'AutomaticByPlatform' },
            },
            secrets: [],
            allowExtensionOperations: true,
          },
      networkProfile: { networkInterfaces: [{ id: nicId, properties: { deleteOption: 'Delete' } }] },
      securityProfile: { securityType: 'TrustedLaunch', uefiSettings: { secureBootEnabled: true, vTpmEnabled: true } },
      diagnosticsProfile: { bootDiagnostics: { enabled: true } },
      provisioningState: 'Succeeded',
      timeCreated: '2026-01-10T09:00:00.0000000Z',
    }),
    armRow(subscriptionId, group, 'Microsoft.Network/networkInterfaces', `${name}-nic`, {
      provisioningState: 'Succeeded',
      ipConfigurations: [
        {
          name: 'ipconfig1',
          id: `${nicId}/ipConfigurations/ipconfig1`,
          properties: {
            privateIPAddress: '10.0.1.4',
            privateIPAllocationMethod: 'Dynamic',
            subnet: { id: options.subnetId ?? resourceId(subscriptionId, group, 'Microsoft.Network/virtualNetworks/subnets', 'vnet-app/snet-app') },
            primary: true,
            privateIPAddressVersion: 'IPv4',
            ...(options.publicIp ? { publicIPAddress: { id: pipId } } : {}),
          },
        },
      ],
      enableAcceleratedNetworking: true,
      enableIPForwarding: false,
      virtualMachine: { id: resourceId(subscriptionId, group, 'Microsoft.Compute/virtualMachines', name) },
    }),
    armRow(
      subscriptionId,
      group,
      'Microsoft.Compute/disks',
      `${name}_OsDisk_1`,
      {
        osType: linux ? 'Linux' : 'Windows',
        creationData: { createOption: 'FromImage' },
        diskSizeGB: 30,
        encryption: { type: 'EncryptionAtRestWithPlatformKey' },
        networkAccessPolicy: 'AllowAll',
        publicNetworkAccess: 'Enabled',
        diskState: 'Attached',
        provisioningState: 'Succeeded',
      },
      { managedBy: resourceId(subscriptionId, group, 'Microsoft.Compute/virtualMachines', name), sku: { name: 'Premium_LRS', tier: 'Premium' } },
    ),
  ];
  if (options.publicIp) {
    rows.push(
      armRow(
        subscriptionId,
        group,
        'Microsoft.Network/publicIPAddresses',
        `${name}-pip`,
        {
          ipAddress: '203.0.113.10',
          publicIPAllocationMethod: 'Static',
          publicIPAddressVersion: 'IPv4',
          ipConfiguration: { id: `${nicId}/ipConfigurations/ipconfig1` },
        },
        { sku: { name: 'Standard', tier: 'Regional' } },
      ),
    );
  }
  return rows;
}

function networkRows(subscriptionId: string, group: string): Row[] {
  const nsgId = resourceId(subscriptionId, group, 'Microsoft.Network/networkSecurityGroups', 'nsg-app');
  const vnetId = resourceId(subscriptionId, group, 'Microsoft.Network/virtualNetworks', 'vnet-app');
  return [
    armRow(subscriptionId, group, 'Microsoft.Network/networkSecurityGroups', 'nsg-app', {
      provisioningState: 'Succeeded',
      securityRules: [
        {
          name: 'allow-ssh',
          id: `${nsgId}/securityRules/allow-ssh`,
          type: 'Microsoft.Network/networkSecurityGroups/securityRules',
          properties: {
            protocol: 'Tcp',
            sourcePortRange: '*',
            destinationPortRange: '22',
            sourceAddressPrefix: 'Internet',
            destinationAddressPrefix: '*',
            access: 'Allow',
            priority: 100,
            direction: 'Inbound',
          },
        },
      ],
      subnets: [{ id: `${vnetId}/subnets/snet-app` }],
    }),
    armRow(subscriptionId, group, 'Microsoft.Network/virtualNetworks', 'vnet-app', {
      addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
      subnets: [
        {
          name: 'snet-app',
          id: `${vnetId}/subnets/snet-app`,
          type: 'Microsoft.Network/virtualNetworks/subnets',
          properties: { addressPrefix: '10.0.1.0/24', networkSecurityGroup: { id: nsgId }, privateEndpointNetworkPolicies: 'Disabled' },
        },
      ],
      virtualNetworkPeerings: [],
      enableDdosProtection: false,
    }),
  ];
}

/** The Key Vault of the small tenant, and the key it holds. */
export const DISK_KEY_VAULT = resourceId(SUB_A, 'rg-sec', 'Microsoft.KeyVault/vaults', 'kv-disk-keys');
export const DISK_KEY = `${DISK_KEY_VAULT}/keys/disk-cmk`;

/** A three-subscription tenant: two readable, one whose ARM reads answer 403. */
export function smallTenant(): FakeTenant {
  const resources = [
    ...networkRows(SUB_A, 'rg-app'),
    ...vmRows(SUB_A, 'rg-app', 'vm-web-01', { publicIp: true }),
    ...vmRows(SUB_A, 'rg-app', 'vm-web-02'),
    ...vmRows(SUB_A, 'rg-app', 'vm-web-03'),
    armRow(SUB_A, 'rg-app', 'Microsoft.Compute/virtualMachines/extensions', 'vm-web-01/MDE.Linux', {
      publisher: 'Microsoft.Azure.AzureDefenderForServers',
      type: 'MDE.Linux',
      typeHandlerVersion: '1.0',
      provisioningState: 'Succeeded',
    }),
    armRow(SUB_A, 'rg-sec', 'Microsoft.KeyVault/vaults', 'kv-disk-keys', {
      tenantId: TENANT_ID,
      sku: { family: 'A', name: 'standard' },
      enableSoftDelete: true,
      softDeleteRetentionInDays: 90,
      enablePurgeProtection: true,
      enableRbacAuthorization: true,
      publicNetworkAccess: 'Disabled',
    }),
    armRow(SUB_A, 'rg-sec', 'Microsoft.OperationalInsights/workspaces', 'law-sentinel', { retentionInDays: 90, sku: { name: 'PerGB2018' } }),
    ...networkRows(SUB_B, 'rg-db'),
    ...vmRows(SUB_B, 'rg-db', 'vm-db-01', { linux: false }),
    ...vmRows(SUB_FORBIDDEN, 'rg-legacy', 'vm-legacy-01'),
  ];
  const roleAssignment = (subscriptionId: string, name: string, principalId: string, principalType: string, role: string): Row => ({
    id: `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleAssignments/${name}`,
    name,
    type: 'microsoft.authorization/roleassignments',
    tenantId: TENANT_ID,
    subscriptionId,
    resourceGroup: '',
    properties: {
      roleDefinitionId: `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${role}`,
      principalId,
      principalType,
      scope: `/subscriptions/${subscriptionId}`,
      createdOn: '2026-02-01T08:00:00.0000000Z',
    },
  });
  const owner = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635';
  const contributor = 'b24988ac-6180-42a0-ab88-20f7382dd24c';
  const users = [
    { id: USER_ADMIN, displayName: 'Cloud Admin', userPrincipalName: 'admin@contoso.example', userType: 'Member', accountEnabled: true },
    {
      id: USER_GUEST,
      displayName: 'Partner Guest',
      userPrincipalName: 'partner_fabrikam.example#EXT#@contoso.example',
      userType: 'Guest',
      accountEnabled: true,
    },
  ];
  return {
    tenantId: TENANT_ID,
    subscriptions: [
      {
        subscriptionId: SUB_A,
        name: 'contoso-prod',
        managementGroups: [
          { name: 'mg-landing-zones', displayName: 'Landing zones' },
          { name: TENANT_ID, displayName: 'Tenant Root Group' },
        ],
      },
      { subscriptionId: SUB_B, name: 'contoso-data' },
      { subscriptionId: SUB_FORBIDDEN, name: 'contoso-legacy' },
    ],
    // Each key read whole (Keys_Get): with its key material's description and its rotation policy.
    armResources: {
      [DISK_KEY.toLowerCase()]: {
        id: DISK_KEY,
        name: 'disk-cmk',
        type: 'Microsoft.KeyVault/vaults/keys',
        location: 'japaneast',
        tags: {},
        properties: {
          attributes: { enabled: true, created: 1767225600, updated: 1767225600, recoveryLevel: 'Recoverable', exportable: false },
          kty: 'RSA',
          keyOps: ['encrypt', 'decrypt', 'sign', 'verify', 'wrapKey', 'unwrapKey'],
          keySize: 3072,
          keyUri: 'https://kv-disk-keys.vault.azure.net/keys/disk-cmk',
          keyUriWithVersion: 'https://kv-disk-keys.vault.azure.net/keys/disk-cmk/0123456789abcdef0123456789abcdef',
          rotationPolicy: { attributes: { expiryTime: 'P1Y' }, lifetimeActions: [{ trigger: { timeBeforeExpiry: 'P30D' }, action: { type: 'rotate' } }] },
        },
      },
    },
    forbiddenSubscriptions: [SUB_FORBIDDEN],
    forbiddenGraphPaths: ['/roleManagement/directory/roleEligibilitySchedules'],
    tables: {
      resources,
      authorizationresources: [
        roleAssignment(SUB_A, '0f1d3c55-0000-4000-8000-000000000001', USER_ADMIN, 'User', owner),
        roleAssignment(SUB_A, '0f1d3c55-0000-4000-8000-000000000002', USER_GUEST, 'User', owner),
        roleAssignment(SUB_A, '0f1d3c55-0000-4000-8000-000000000003', SP_VM, 'ServicePrincipal', contributor),
        roleAssignment(SUB_B, '0f1d3c55-0000-4000-8000-000000000004', GROUP_OPS, 'Group', contributor),
      ],
      securityresources: [
        {
          id: `${resourceId(SUB_A, 'rg-app', 'Microsoft.Compute/virtualMachines', 'vm-web-01')}/providers/Microsoft.Security/assessments/805651bc-6ecd-4c73-9b55-97a19d0582d0`,
          name: '805651bc-6ecd-4c73-9b55-97a19d0582d0',
          type: 'microsoft.security/assessments',
          tenantId: TENANT_ID,
          subscriptionId: SUB_A,
          resourceGroup: 'rg-app',
          properties: {
            displayName: 'Management ports of virtual machines should be protected with just-in-time network access control',
            status: { code: 'Unhealthy', cause: '', description: '' },
            resourceDetails: { Source: 'Azure', Id: resourceId(SUB_A, 'rg-app', 'Microsoft.Compute/virtualMachines', 'vm-web-01') },
          },
        },
      ],
    },
    arm: {
      // The vault's keys, as the Key Vault management API lists them: identifier, attributes and tags only (the
      // specification's listKeys example; "only the base key identifier, attributes, and tags are provided").
      [`${DISK_KEY_VAULT.toLowerCase()}/keys`]: [
        {
          id: DISK_KEY,
          name: 'disk-cmk',
          type: 'Microsoft.KeyVault/vaults/keys',
          location: 'japaneast',
          properties: {
            attributes: { enabled: true, created: 1767225600, updated: 1767225600, recoveryLevel: 'Recoverable', exportable: false },
            keyUri: 'https://kv-disk-keys.vault.azure.net/keys/disk-cmk',
          },
        },
      ],
      [`/subscriptions/${SUB_A}/providers/microsoft.security/pricings`]: [
        {
          id: `/subscriptions/${SUB_A}/providers/Microsoft.Security/pricings/VirtualMachines`,
          name: 'VirtualMachines',
          type: 'Microsoft.Security/pricings',
          properties: { pricingTier: 'Standard', subPlan: 'P2', freeTrialRemainingTime: 'PT0S', enablementTime: '2026-01-05T00:00:00Z' },
        },
        {
          id: `/subscriptions/${SUB_A}/providers/Microsoft.Security/pricings/KeyVaults`,
          name: 'KeyVaults',
          type: 'Microsoft.Security/pricings',
          properties: { pricingTier: 'Free', freeTrialRemainingTime: 'PT0S' },
        },
      ],
      [`/subscriptions/${SUB_A}/providers/microsoft.security/settings`]: [
        {
          id: `/subscriptions/${SUB_A}/providers/Microsoft.Security/settings/WDATP`,
          name: 'WDATP',
          type: 'Microsoft.Security/settings',
          kind: 'DataExportSettings',
          properties: { enabled: true },
        },
      ],
      [`/subscriptions/${SUB_A}/providers/microsoft.insights/diagnosticsettings`]: [
        {
          id: `/subscriptions/${SUB_A}/providers/microsoft.insights/diagnosticSettings/activity-to-sentinel`,
          name: 'activity-to-sentinel',
          type: 'Microsoft.Insights/diagnosticSettings',
          properties: {
            workspaceId: resourceId(SUB_A, 'rg-sec', 'Microsoft.OperationalInsights/workspaces', 'law-sentinel'),
            logs: ['Administrative', 'Security', 'Policy', 'Alert'].map((category) => ({ category, enabled: true })),
          },
        },
      ],
      [`${resourceId(SUB_A, 'rg-sec', 'Microsoft.OperationalInsights/workspaces', 'law-sentinel')}/providers/microsoft.securityinsights/onboardingstates`.toLowerCase()]:
        [
          {
            id: `${resourceId(SUB_A, 'rg-sec', 'Microsoft.OperationalInsights/workspaces', 'law-sentinel')}/providers/Microsoft.SecurityInsights/onboardingStates/default`,
            name: 'default',
            type: 'Microsoft.SecurityInsights/onboardingStates',
            properties: { customerManagedKey: false },
          },
        ],
    },
    graph: {
      '/identity/conditionalAccess/policies': [
        {
          id: '5f6b8f3e-0000-4000-8000-000000000001',
          templateId: null,
          displayName: 'Require MFA for all users',
          createdDateTime: '2026-01-12T10:00:00.0000000Z',
          modifiedDateTime: null,
          state: 'enabled',
          sessionControls: null,
          conditions: {
            userRiskLevels: [],
            signInRiskLevels: [],
            clientAppTypes: ['all'],
            platforms: null,
            locations: null,
            applications: { includeApplications: ['All'], excludeApplications: [], includeUserActions: [] },
            users: {
              includeUsers: ['All'],
              excludeUsers: [USER_ADMIN],
              includeGroups: [],
              excludeGroups: [GROUP_BREAK_GLASS],
              includeRoles: [],
              excludeRoles: [],
            },
          },
          grantControls: { operator: 'OR', builtInControls: ['mfa'], customAuthenticationFactors: [], termsOfUse: [] },
        },
        {
          id: '5f6b8f3e-0000-4000-8000-000000000002',
          displayName: 'Block legacy authentication',
          state: 'enabledForReportingButNotEnforced',
          conditions: {
            clientAppTypes: ['exchangeActiveSync', 'other'],
            applications: { includeApplications: ['All'], excludeApplications: [] },
            users: { includeUsers: ['All'], excludeUsers: [] },
          },
          grantControls: { operator: 'OR', builtInControls: ['block'] },
        },
        {
          id: '5f6b8f3e-0000-4000-8000-000000000003',
          displayName: 'High user risk requires password change',
          state: 'enabled',
          conditions: { userRiskLevels: ['high'], clientAppTypes: ['all'], applications: { includeApplications: ['All'] }, users: { includeUsers: ['All'] } },
          grantControls: { operator: 'AND', builtInControls: ['mfa', 'passwordChange'] },
        },
      ],
      '/identity/conditionalAccess/namedLocations': [
        {
          '@odata.type': '#microsoft.graph.ipNamedLocation',
          id: '0854951d-0000-4000-8000-000000000001',
          displayName: 'Head office',
          isTrusted: true,
          ipRanges: [{ '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '198.51.100.0/24' }],
        },
      ],
      '/policies/identitySecurityDefaultsEnforcementPolicy': {
        id: '00000000-0000-0000-0000-000000000005',
        displayName: 'Security Defaults',
        description: 'Security defaults is a set of basic identity security mechanisms recommended by Microsoft.',
        isEnabled: false,
      },
      '/policies/authorizationPolicy': {
        id: 'authorizationPolicy',
        displayName: 'Authorization Policy',
        allowInvitesFrom: 'adminsAndGuestInviters',
        guestUserRoleId: '2af84b1e-32c8-42b7-82bc-daa82404023b',
        defaultUserRolePermissions: { allowedToCreateApps: false, allowedToCreateSecurityGroups: false, allowedToReadOtherUsers: true },
      },
      '/groupSettings': [
        {
          id: 'f0b2d6f5-0000-4000-8000-000000000001',
          displayName: 'Password Rule Settings',
          templateId: '5cf42378-d67d-4f36-ba46-e8b86229381d',
          values: [
            { name: 'EnableBannedPasswordCheck', value: 'True' },
            { name: 'BannedPasswordList', value: 'contoso\tfabrikam' },
            { name: 'LockoutThreshold', value: '10' },
            { name: 'LockoutDurationInSeconds', value: '60' },
          ],
        },
      ],
      '/policies/authenticationMethodsPolicy': {
        id: 'authenticationMethodsPolicy',
        displayName: 'Authentication Methods Policy',
        policyVersion: '1.5',
        authenticationMethodConfigurations: [
          { '@odata.type': '#microsoft.graph.fido2AuthenticationMethodConfiguration', id: 'Fido2', state: 'enabled' },
          { '@odata.type': '#microsoft.graph.smsAuthenticationMethodConfiguration', id: 'Sms', state: 'disabled' },
        ],
      },
      '/roleManagement/directory/roleAssignments': [
        { id: 'lAPpYvVpN0KRkAEhdxReEH', principalId: USER_ADMIN, roleDefinitionId: '62e90394-69f5-4237-9190-012177145e10', directoryScopeId: '/' },
        { id: 'lAPpYvVpN0KRkAEhdxReEI', principalId: USER_GUEST, roleDefinitionId: 'fe930be7-5e62-47db-91af-98c3a49a38b1', directoryScopeId: '/' },
        { id: 'lAPpYvVpN0KRkAEhdxReEJ', principalId: SP_VM, roleDefinitionId: '88d8e3e3-8f55-4a1e-953a-9b9898b8876b', directoryScopeId: '/' },
      ],
      '/roleManagement/directory/roleEligibilitySchedules': [],
      '/roleManagement/directory/roleAssignmentSchedules': [],
      '/organization': [{ id: TENANT_ID, displayName: 'Contoso', verifiedDomains: [{ name: 'contoso.example', isDefault: true }] }],
      '/users': users,
      // The guest has none (Graph answers 404, as for a disabled user).
      [`/reports/authenticationMethods/userRegistrationDetails/${USER_ADMIN}`]: {
        id: USER_ADMIN,
        userPrincipalName: 'admin@contoso.example',
        userType: 'member',
        isAdmin: true,
        isMfaCapable: true,
        isMfaRegistered: true,
        methodsRegistered: ['microsoftAuthenticatorPush', 'fido2'],
      },
      [`/groups/${GROUP_OPS}/transitiveMembers/microsoft.graph.user`]: [
        { id: USER_OPERATOR, displayName: 'Operator', userPrincipalName: 'operator@contoso.example', userType: 'Member', accountEnabled: true },
      ],
      [`/reports/authenticationMethods/userRegistrationDetails/${USER_OPERATOR}`]: {
        id: USER_OPERATOR,
        userPrincipalName: 'operator@contoso.example',
        userType: 'member',
        isAdmin: false,
        isMfaCapable: false,
        isMfaRegistered: false,
        methodsRegistered: [],
      },
      '/groups': [
        { id: GROUP_OPS, displayName: 'VM Operators', securityEnabled: true, isAssignableToRole: false },
        { id: GROUP_BREAK_GLASS, displayName: 'Break glass', securityEnabled: true, isAssignableToRole: false },
      ],
      [`/groups/${GROUP_BREAK_GLASS}/transitiveMembers/microsoft.graph.user`]: [
        { id: USER_ADMIN, displayName: 'Admin', userPrincipalName: 'admin@contoso.example', userType: 'Member', accountEnabled: true },
      ],
      '/servicePrincipals': [
        { id: SP_VM, displayName: 'vm-web-01', appId: 'dddddddd-0000-4000-8000-000000000001', servicePrincipalType: 'ManagedIdentity', accountEnabled: true },
      ],
    },
  };
}

/**
 * A simulated tenant of `vms` VMs (each with a NIC and an OS disk, a third with an MDE extension)
 * spread over `subscriptions` subscriptions, and `users` users behind as many role assignments.
 */
export function scaledTenant(vms: number, subscriptionCount: number, users = 200): FakeTenant {
  const subscriptions = Array.from({ length: subscriptionCount }, (_, i) => ({
    subscriptionId: `${String(i + 1).padStart(8, '0')}-0000-4000-8000-000000000000`,
    name: `sub-${i + 1}`,
  }));
  const resources: Row[] = [];
  subscriptions.forEach((s) => resources.push(...networkRows(s.subscriptionId, 'rg-net')));
  for (let i = 0; i < vms; i++) {
    const s = subscriptions[i % subscriptionCount] as { subscriptionId: string };
    const name = `vm-${String(i).padStart(5, '0')}`;
    resources.push(...vmRows(s.subscriptionId, 'rg-net', name, { publicIp: i % 50 === 0 }));
    if (i % 3 === 0) {
      resources.push(
        armRow(s.subscriptionId, 'rg-net', 'Microsoft.Compute/virtualMachines/extensions', `${name}/MDE.Linux`, {
          publisher: 'Microsoft.Azure.AzureDefenderForServers',
          type: 'MDE.Linux',
          provisioningState: 'Succeeded',
        }),
      );
    }
  }
  const userRows = Array.from({ length: users }, (_, i) => ({
    id: `eeeeeeee-0000-4000-8000-${String(i).padStart(12, '0')}`,
    displayName: `User ${i}`,
    userType: i % 10 === 0 ? 'Guest' : 'Member',
    accountEnabled: i % 25 !== 0,
  }));
  const small = smallTenant();
  return {
    tenantId: TENANT_ID,
    subscriptions,
    tables: {
      resources,
      authorizationresources: userRows.map((user, i) => {
        const s = subscriptions[i % subscriptionCount] as { subscriptionId: string };
        return {
          id: `/subscriptions/${s.subscriptionId}/providers/Microsoft.Authorization/roleAssignments/ra-${i}`,
          name: `ra-${i}`,
          type: 'microsoft.authorization/roleassignments',
          tenantId: TENANT_ID,
          subscriptionId: s.subscriptionId,
          properties: {
            principalId: user.id,
            principalType: 'User',
            roleDefinitionId: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
            scope: `/subscriptions/${s.subscriptionId}`,
          },
        };
      }),
    },
    graph: { ...small.graph, '/users': userRows, '/roleManagement/directory/roleAssignments': [] },
  };
}
