/**
 * What the collector reads, and from where. Resource Graph first; ARM REST only for what the
 * catalog's evidence needs and Resource Graph does not hold; Microsoft Graph v1.0 for Entra ID.
 */

/**
 * Tables whose assignments apply below their scope: role and policy assignments (and custom roles)
 * at a management group or the tenant root reach every subscription under it. A query scoped to
 * subscriptions returns only what sits at them and below unless it asks for the scopes above too
 * (`authorizationScopeFilter`, "Understanding the Azure Resource Graph query language"): without it
 * an Owner or a Microsoft cloud security benchmark assignment inherited from a management group is
 * never seen.
 */
const INHERITED_TABLES: ReadonlySet<string> = new Set(['authorizationresources', 'policyresources']);

/** Resource Graph queries, one per table. Each row is a resource in the Resource Graph shape. */
const TABLE_QUERIES: readonly { readonly table: string; readonly query: string }[] = [
  {
    table: 'resources',
    query: [
      'resources',
      '| where type startswith "microsoft.compute/" or type startswith "microsoft.network/" or type startswith "microsoft.keyvault/"',
      '  or type startswith "microsoft.recoveryservices/" or type startswith "microsoft.dataprotection/" or type startswith "microsoft.insights/"',
      '  or type startswith "microsoft.operationalinsights/" or type startswith "microsoft.operationsmanagement/" or type startswith "microsoft.maintenance/"',
      '  or type startswith "microsoft.managedidentity/" or type startswith "microsoft.cdn/" or type startswith "microsoft.securitycopilot/"',
      '  or type startswith "microsoft.hybridcompute/" or type startswith "paloaltonetworks.cloudngfw/" or type =~ "microsoft.storage/storageaccounts"',
    ].join('\n'),
  },
  {
    table: 'securityresources',
    // The Defender for Cloud assessments the rules name (their `defender-for-cloud` mappings) and the VA
    // rule reads: JIT, management ports, system updates, VA, guest attestation, NSGs on Internet-facing
    // and other VMs, EDR (the agentless recommendation that replaced the MMA endpoint-protection one).
    query: [
      'securityresources',
      '| where type =~ "microsoft.security/assessments" and name in~ ("805651bc-6ecd-4c73-9b55-97a19d0582d0", "bc303248-3d14-44c2-96a0-55f5c326b5fe",',
      '  "e1145ab1-eb4f-43d8-911b-36ddf771d13f", "ffff0522-1e88-47fc-8382-2a80ba848f5d", "b7604066-ed76-45f9-a5c1-c97e4812dc55",',
      '  "483f12ed-ae23-447e-a2de-a67a10db4353", "a9341235-9389-42f0-a0bf-9bfb57960d44", "06e3a6db-6c0c-4ad9-943f-31d9d73ecf6c")',
    ].join('\n'),
  },
  {
    table: 'authorizationresources',
    query: [
      'authorizationresources',
      '| where type in~ ("microsoft.authorization/roleassignments", "microsoft.authorization/classicadministrators")',
      '  or (type =~ "microsoft.authorization/roledefinitions" and properties.type =~ "CustomRole")',
    ].join('\n'),
  },
  {
    table: 'recoveryservicesresources',
    query: [
      'recoveryservicesresources',
      '| where type in~ ("microsoft.recoveryservices/vaults/backuppolicies",',
      '  "microsoft.recoveryservices/vaults/backupfabrics/protectioncontainers/protecteditems",',
      '  "microsoft.recoveryservices/vaults/replicationfabrics/replicationprotectioncontainers/replicationprotecteditems")',
    ].join('\n'),
  },
  { table: 'patchassessmentresources', query: 'patchassessmentresources\n| where type =~ "microsoft.compute/virtualmachines/patchassessmentresults"' },
  { table: 'maintenanceresources', query: 'maintenanceresources\n| where type =~ "microsoft.maintenance/configurationassignments"' },
  {
    table: 'policyresources',
    // Exemptions past their expiresOn are no longer honoured (Azure keeps them): left out.
    query: [
      'policyresources',
      '| where type =~ "microsoft.authorization/policyassignments"',
      '  or (type =~ "microsoft.authorization/policyexemptions" and (isempty(tostring(properties.expiresOn)) or todatetime(properties.expiresOn) > now()))',
    ].join('\n'),
  },
  // The table is InsightsResources ("Understanding the Azure Resource Graph query language"; Microsoft's sample query
  // "List VMs with data collection rule associations" reads `insightsresources`).
  { table: 'insightsresources', query: 'insightsresources\n| where type =~ "microsoft.insights/datacollectionruleassociations"' },
  { table: 'networkresources', query: 'networkresources\n| where type =~ "microsoft.network/firewallpolicies/rulecollectiongroups"' },
];

/**
 * The Resource Graph tables read, one query each: a query that fails (or is cut short) leaves out every row of its
 * table for the subscriptions it covered, and only those (the snapshot reader notes it on each of them).
 */
export const RESOURCE_GRAPH_TABLES: readonly string[] = TABLE_QUERIES.map(({ table }) => table);

/**
 * The queries as sent, each ordered by `id`, a unique column: Microsoft's paging guidance says rows a
 * query does not sort come in random, unrepeatable order, and that pages of rows whose order is not
 * fixed may repeat some rows and miss others ("Guidance for pagination", Azure Resource Graph). A
 * missing NSG or role assignment would change verdicts without a word.
 */
export const RESOURCE_GRAPH_QUERIES: readonly { readonly table: string; readonly query: string; readonly inherited?: true }[] = TABLE_QUERIES.map(
  ({ table, query }) => ({
    table,
    query: `${query}\n| order by id asc`,
    ...(INHERITED_TABLES.has(table) ? { inherited: true as const } : {}),
  }),
);

/**
 * The subscriptions in scope, from Resource Graph (works the same for a list, a management group or everything). `id`
 * is projected: "the query must project the id field in order for pagination to work" ("Working with large Azure
 * resource data sets"), and a tenant can have more than a page of subscriptions.
 */
export const SUBSCRIPTIONS_QUERY =
  'resourcecontainers\n| where type =~ "microsoft.resources/subscriptions"\n| project id, subscriptionId, name, tenantId, state = tostring(properties.state), managementGroups = properties.managementGroupAncestorsChain\n| order by subscriptionId asc';

/** ARM REST collections Resource Graph does not hold, read per subscription. */
export const SUBSCRIPTION_ARM_LISTS: readonly { readonly operation: string; readonly path: string; readonly permission: string }[] = [
  { operation: 'Microsoft.Security/pricings', path: '/providers/Microsoft.Security/pricings?api-version=2024-01-01', permission: 'Security Reader' },
  { operation: 'Microsoft.Security/settings', path: '/providers/Microsoft.Security/settings?api-version=2022-05-01', permission: 'Security Reader' },
  {
    operation: 'Microsoft.Security/securityContacts',
    path: '/providers/Microsoft.Security/securityContacts?api-version=2023-12-01-preview',
    permission: 'Security Reader',
  },
  {
    operation: 'Microsoft.Security/jitNetworkAccessPolicies',
    path: '/providers/Microsoft.Security/jitNetworkAccessPolicies?api-version=2020-01-01',
    permission: 'Security Reader',
  },
  {
    operation: 'Microsoft.Insights/diagnosticSettings (activity log)',
    path: '/providers/Microsoft.Insights/diagnosticSettings?api-version=2021-05-01-preview',
    permission: 'Reader',
  },
  { operation: 'Microsoft.Authorization/locks', path: '/providers/Microsoft.Authorization/locks?api-version=2020-05-01', permission: 'Reader' },
];

/**
 * ARM REST collections read per resource of a type (few per tenant: workspaces, key vaults, network
 * managers). The rows a list gives are resources too, and read the lists of their own type in turn.
 */
export const RESOURCE_ARM_LISTS: readonly {
  readonly type: string;
  readonly operation: string;
  readonly path: string;
  readonly permission: string;
  /** Read only when the tenant's Resource Graph rows need it. */
  readonly needed?: (rows: readonly Record<string, unknown>[]) => boolean;
}[] = [
  {
    type: 'microsoft.operationalinsights/workspaces',
    operation: 'Microsoft.SecurityInsights/onboardingStates',
    path: '/providers/Microsoft.SecurityInsights/onboardingStates?api-version=2024-03-01',
    permission: 'Microsoft Sentinel Reader',
  },
  {
    type: 'microsoft.operationalinsights/workspaces',
    operation: 'Microsoft.SecurityInsights/dataConnectors',
    path: '/providers/Microsoft.SecurityInsights/dataConnectors?api-version=2024-03-01',
    permission: 'Microsoft Sentinel Reader',
  },
  // Azure Virtual Network Manager: network groups and their static members, security admin rules (Resource Graph lists the managers only).
  ...[
    'Microsoft.Network/networkManagers/networkGroups',
    'Microsoft.Network/networkManagers/networkGroups/staticMembers',
    'Microsoft.Network/networkManagers/securityAdminConfigurations',
    'Microsoft.Network/networkManagers/securityAdminConfigurations/ruleCollections',
    'Microsoft.Network/networkManagers/securityAdminConfigurations/ruleCollections/rules',
  ].map((operation) => ({
    type: operation.slice(0, operation.lastIndexOf('/')).toLowerCase(),
    operation,
    path: `${operation.slice(operation.lastIndexOf('/'))}?api-version=2024-05-01`,
    permission: 'Reader',
  })),
  // Virtual hubs' Route Server IP configurations and VNet connections (Resource Graph lists the hubs only): they may route a
  // firewall's or gateway's traffic past its VNet and peers; their routing intents and route tables say whether they send
  // the VNets a default route to a firewall.
  ...[
    'Microsoft.Network/virtualHubs/ipConfigurations',
    'Microsoft.Network/virtualHubs/hubVirtualNetworkConnections',
    'Microsoft.Network/virtualHubs/routingIntent',
    'Microsoft.Network/virtualHubs/hubRouteTables',
  ].map((operation) => ({
    type: 'microsoft.network/virtualhubs',
    operation,
    path: `${operation.slice(operation.lastIndexOf('/'))}?api-version=2024-05-01`,
    permission: 'Reader',
  })),
  // DNS record sets, one list per zone, when an Azure Firewall DNAT rule or an Application Gateway backend names a host by FQDN.
  {
    type: 'microsoft.network/privatednszones',
    operation: 'Microsoft.Network/privateDnsZones/ALL',
    path: '/ALL?api-version=2024-06-01',
    permission: 'Reader',
    needed: namesHostsByFqdn,
  },
  {
    type: 'microsoft.network/dnszones',
    operation: 'Microsoft.Network/dnsZones/all',
    path: '/all?api-version=2018-05-01',
    permission: 'Reader',
    needed: namesHostsByFqdn,
  },
  // Keys, with their expiry (AZV-REC-009): Resource Graph holds vaults, not their keys. The list gives each key's
  // identifier, attributes and tags only: the rotation policy comes with the key's own GET (KEY_VAULT_KEY_GET).
  {
    type: 'microsoft.keyvault/vaults',
    operation: 'Microsoft.KeyVault/vaults/keys',
    path: '/keys?api-version=2023-07-01',
    permission: 'Reader',
  },
  {
    type: 'microsoft.keyvault/vaults',
    operation: 'Microsoft.Insights/diagnosticSettings (key vault)',
    path: '/providers/Microsoft.Insights/diagnosticSettings?api-version=2021-05-01-preview',
    permission: 'Reader',
  },
  // Whether each firewall's logs go anywhere (AZV-NET-015).
  {
    type: 'microsoft.network/azurefirewalls',
    operation: 'Microsoft.Insights/diagnosticSettings (firewall)',
    path: '/providers/Microsoft.Insights/diagnosticSettings?api-version=2021-05-01-preview',
    permission: 'Reader',
  },
];

/**
 * One Key Vault key, read whole (Keys_Get, `GET {vault}/keys/{keyName}`): the list above answers a reduced item per key
 * (the specification's listKeys example has only `attributes` and `keyUri`; "only the base key identifier, attributes,
 * and tags are provided in the response"), while the `Key` schema's `rotationPolicy` ("Key rotation policy in
 * response") comes with the GET. A key whose GET fails keeps its list item and an error scoped to its id.
 */
export const KEY_VAULT_KEY_GET = {
  operation: 'Microsoft.KeyVault/vaults/keys (get)',
  path: '?api-version=2023-07-01',
  permission: 'Reader',
} as const;

/**
 * The listed keys to read whole, for what AZV-REC-009 reads of their rotation policy: the keys a disk encryption set's
 * `activeKey.keyUrl` names (whether the key rotates), and the keys without an expiry date in the list (whether the
 * policy's `expiryTime` gives them one). A key with an expiry that no disk encryption set uses is left as listed:
 * nothing else of it is read. At most one GET per key of a vault, then; none for a key with an expiry no set names.
 */
export function keysToRead(keys: readonly Record<string, unknown>[], rows: readonly Record<string, unknown>[]): Record<string, unknown>[] {
  const named = new Set<string>();
  for (const row of rows) {
    if (typeof row['type'] !== 'string' || row['type'].toLowerCase() !== 'microsoft.compute/diskencryptionsets') continue;
    const url = field(row, 'properties', 'activeKey', 'keyUrl');
    const match = typeof url === 'string' ? /^https:\/\/([^./]+)\.[^/]+\/keys\/([^/?]+)/i.exec(url) : null;
    if (match) named.add(`${(match[1] as string).toLowerCase()}/${(match[2] as string).toLowerCase()}`);
  }
  return keys.filter((key) => {
    const vaultAndKey = /\/vaults\/([^/]+)\/keys\/([^/]+)$/i.exec(String(key['id']));
    if (vaultAndKey && named.has(`${(vaultAndKey[1] as string).toLowerCase()}/${(vaultAndKey[2] as string).toLowerCase()}`)) return true;
    const expiry = field(key, 'properties', 'attributes', 'exp');
    return expiry === undefined || expiry === null;
  });
}

/**
 * One machine's own Defender for Servers pricing (Pricings_Get, `GET {machine id}/providers/Microsoft.Security/pricings/
 * VirtualMachines`; "At the resource level, supported resource types are 'VirtualMachines, VMSS and ARC Machines'"): the
 * subscription's list holds the subscription's plans only. Read only in subscriptions whose VirtualMachines plan says
 * that it does not speak for every machine (`machinePricingsNeeded`), at most `MACHINE_PRICINGS_PER_SUBSCRIPTION` of
 * them each. The operation name is the rules' `MACHINE_PRICING_READ` (src/rules/shared/defender-plans.ts).
 */
export const MACHINE_PRICING_GET = {
  operation: 'Resource-level Microsoft.Security/pricings',
  path: '/providers/Microsoft.Security/pricings/VirtualMachines?api-version=2024-01-01',
  permission: 'Security Reader',
} as const;

/** Machines per subscription whose own pricing is read, at most (in id order); the rest are left unread, and said so. */
export const MACHINE_PRICINGS_PER_SUBSCRIPTION = 2000;

/** The machine types a resource-level pricing is set on (Resource Graph `resources` types). */
export const PRICED_MACHINE_TYPES: ReadonlySet<string> = new Set([
  'microsoft.compute/virtualmachines',
  'microsoft.compute/virtualmachinescalesets',
  'microsoft.hybridcompute/machines',
]);

/**
 * Whether a subscription's machines need their own pricings read, from its pricings list: the VirtualMachines plan's
 * `resourcesCoverageStatus` (API 2024-01-01, "available for subscription-level only… since the plan status can also be
 * defined at the resource level, there might be misalignment between the subscription's plan status and the resource
 * status") is PartiallyCovered, or NotCovered while the plan is Standard. FullyCovered, no status, and NotCovered on
 * Free (the plan is off, and so is every machine) cost no request.
 */
export function machinePricingsNeeded(pricings: readonly Record<string, unknown>[]): boolean {
  const plan = pricings.find((row) => typeof row['name'] === 'string' && row['name'].toLowerCase() === 'virtualmachines');
  const status = field(plan, 'properties', 'resourcesCoverageStatus');
  const tier = field(plan, 'properties', 'pricingTier');
  if (typeof status !== 'string') return false;
  return /^partiallycovered$/i.test(status) || (/^notcovered$/i.test(status) && typeof tier === 'string' && /^standard$/i.test(tier));
}

function field(value: unknown, ...path: string[]): unknown {
  let at = value;
  for (const name of path) at = typeof at === 'object' && at !== null && !Array.isArray(at) ? (at as Record<string, unknown>)[name] : undefined;
  return at;
}

/** Tenant-level ARM: Entra ID diagnostic settings (sign-in and audit log export). */
export const TENANT_ARM_LISTS: readonly { readonly operation: string; readonly path: string; readonly permission: string }[] = [
  {
    operation: 'microsoft.aadiam/diagnosticSettings',
    path: '/providers/microsoft.aadiam/diagnosticSettings?api-version=2017-04-01-preview',
    permission: 'Security Reader (Entra ID) and Reader',
  },
];

/** The principal kinds of Azure role assignments, and the Graph collection that holds them. */
export const PRINCIPAL_COLLECTIONS: Readonly<Record<string, string>> = {
  user: '/users',
  group: '/groups',
  serviceprincipal: '/servicePrincipals',
};

export const PRINCIPAL_SELECT: Readonly<Record<string, string>> = {
  '/users': 'id,displayName,userPrincipalName,userType,accountEnabled',
  '/groups': 'id,displayName,securityEnabled,isAssignableToRole',
  '/servicePrincipals': 'id,displayName,appId,servicePrincipalType,accountEnabled',
};

/** Types whose rows may name a host by FQDN: firewall DNAT rules (`translatedFqdn`), Application Gateway backends (`fqdn`). */
const FQDN_NAMERS = new Set([
  'microsoft.network/firewallpolicies/rulecollectiongroups',
  'microsoft.network/azurefirewalls',
  'microsoft.network/applicationgateways',
]);

/** Whether a row of the tenant names a host by FQDN, which only its DNS records resolve. */
function namesHostsByFqdn(rows: readonly Record<string, unknown>[]): boolean {
  return rows.some(
    (row) => typeof row['type'] === 'string' && FQDN_NAMERS.has(row['type'].toLowerCase()) && /"(translatedFqdn|fqdn)":"[^"]/i.test(JSON.stringify(row)),
  );
}
