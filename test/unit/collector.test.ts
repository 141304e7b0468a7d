import { afterEach, describe, expect, it } from 'vitest';
import { collectSnapshot, type CollectOptions } from '../../src/inputs/snapshot/collector/collect.js';
import { RESOURCE_ARM_LISTS, RESOURCE_GRAPH_QUERIES, SUBSCRIPTION_ARM_LISTS, TENANT_ARM_LISTS } from '../../src/inputs/snapshot/collector/sources.js';
import { japaneseReason } from '../../src/i18n/reasons.js';
import { RULES } from '../../src/rules/index.js';
import { runRules } from '../../src/engine/run.js';
import { assertReadOnly, parseTimeSpan } from '../../src/inputs/snapshot/collector/http.js';
import { nothingCollected, readSnapshotValue } from '../../src/inputs/snapshot/read.js';
import { snapshotSchema } from '../../src/inputs/snapshot/schema.js';
import { ENTRA_TENANT_TYPE, entraSection } from '../../src/model/entra.js';
import { isUnknown } from '../../src/model/value.js';
import { ResourceGraph } from '../../src/model/graph.js';
import { formatAddresses } from '../../src/analyses/network/addresses.js';
import { resolveName } from '../../src/analyses/network/dns.js';
import { startFakeAzure, type FakeAzure, type RecordedRequest } from '../support/fake-azure.js';
import { scaledTenant, smallTenant, SUB_A, SUB_B, SUB_FORBIDDEN, TENANT_ID } from '../support/fake-tenant.js';

const ARM_TOKEN = 'test-arm-token-not-a-secret';
const GRAPH_TOKEN = 'test-graph-token-not-a-secret';

let server: FakeAzure | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Types rules check that Resource Graph does not hold: the ARM REST operation (or other source) that reads each. */
const READ_ELSEWHERE: Readonly<Record<string, string>> = {
  'microsoft.resources/subscriptions': 'resourcecontainers',
  'microsoft.graph/tenants': 'Microsoft Graph',
  'microsoft.aadiam/diagnosticsettings': 'microsoft.aadiam/diagnosticSettings',
  'microsoft.insights/diagnosticsettings': 'Microsoft.Insights/diagnosticSettings (activity log)',
  'microsoft.security/locations/jitnetworkaccesspolicies': 'Microsoft.Security/jitNetworkAccessPolicies',
  'microsoft.security/pricings': 'Microsoft.Security/pricings',
  'microsoft.security/securitycontacts': 'Microsoft.Security/securityContacts',
  'microsoft.security/settings': 'Microsoft.Security/settings',
};

/** Whether a Resource Graph query's `where` names the type: `type startswith "…"`, `type =~ "…"` or `type in~ (…)`. */
function queried(type: string): boolean {
  return RESOURCE_GRAPH_QUERIES.some(({ query }) => {
    for (const [, prefix] of query.matchAll(/type startswith "([^"]+)"/g)) if (type.startsWith(prefix as string)) return true;
    for (const [, exact] of query.matchAll(/type =~ "([^"]+)"/g)) if (type === exact) return true;
    for (const [, list] of query.matchAll(/type in~ \(([^)]*)\)/g))
      if ([...(list as string).matchAll(/"([^"]+)"/g)].some(([, each]) => each === type)) return true;
    return false;
  });
}

function options(fake: FakeAzure, extra: Partial<CollectOptions> = {}): CollectOptions {
  return {
    toolVersion: '0.0.0-test',
    endpoints: { arm: fake.url, graph: fake.url },
    tokens: { arm: ARM_TOKEN, graph: GRAPH_TOKEN },
    delayScale: 0.001,
    ...extra,
  };
}

/** Every request only reads: GET, or POST to the Resource Graph query or Graph $batch with GET sub-requests. */
function expectReadOnly(requests: readonly RecordedRequest[]): void {
  for (const request of requests) {
    if (request.method === 'GET') continue;
    expect(request.method).toBe('POST');
    expect(request.path).toMatch(/^(\/providers\/Microsoft\.ResourceGraph\/resources|\/v1\.0\/\$batch)$/);
    if (request.path.endsWith('$batch')) {
      for (const sub of (request.body as { requests: { method: string }[] }).requests) expect(sub.method).toBe('GET');
    }
  }
}

/** The small tenant with more Resource Graph rows and ARM lists (by lower-case path). */
function smallTenantWith(resources: Record<string, unknown>[], arm: Record<string, Record<string, unknown>[]>): ReturnType<typeof smallTenant> {
  const base = smallTenant();
  return { ...base, tables: { ...base.tables, resources: [...(base.tables['resources'] ?? []), ...resources] }, arm: { ...base.arm, ...arm } };
}
describe('what the collector reads', () => {
  it('holds every resource type a rule checks (a live scan would not judge a type it never reads)', () => {
    const operations = new Set([...SUBSCRIPTION_ARM_LISTS, ...RESOURCE_ARM_LISTS, ...TENANT_ARM_LISTS].map((list) => list.operation));
    const unread: string[] = [];
    for (const rule of RULES) {
      for (const type of rule.resourceTypes.map((each) => each.toLowerCase())) {
        const elsewhere = READ_ELSEWHERE[type];
        if (queried(type) || (elsewhere !== undefined && (operations.has(elsewhere) || !elsewhere.includes('/')))) continue;
        unread.push(`${rule.id} ${type}`);
      }
    }
    expect(unread).toEqual([]);
  });
});

describe('the live collector against a local Azure', () => {
  it('collects resources, ARM-only settings and Entra data, pages and retries, and records what failed', async () => {
    server = await startFakeAzure(smallTenant(), { graphPageSize: 2, throttleResourceGraphRequests: [3], throttleGraphBatches: [1] });
    const events: string[] = [];
    const { snapshot, requests } = await collectSnapshot(options(server, { pageSize: 5, onProgress: (e) => events.push(e.phase) }));

    expect(snapshotSchema().safeParse(snapshot).success).toBe(true);
    expect(snapshot.collection.tenantId).toBe(TENANT_ID);
    expect(snapshot.collection.subscriptions.map((s) => [s.subscriptionId, s.status])).toEqual([
      [SUB_A, 'ok'],
      [SUB_B, 'ok'],
      [SUB_FORBIDDEN, 'error'],
    ]);
    // 23 resource rows (pages of 5), 4 role assignments, 1 assessment; pricings, WDATP, activity-log setting, Sentinel onboarding and a vault's key from ARM.
    const types = snapshot.resources.map((r) => String(r['type']).toLowerCase());
    expect(types.filter((t) => t === 'microsoft.compute/virtualmachines')).toHaveLength(5);
    expect(types.filter((t) => t === 'microsoft.authorization/roleassignments')).toHaveLength(4);
    expect(types).toContain('microsoft.security/pricings');
    expect(types).toContain('microsoft.security/settings');
    expect(types).toContain('microsoft.insights/diagnosticsettings');
    expect(types).toContain('microsoft.securityinsights/onboardingstates');
    expect(snapshot.resources).toHaveLength(23 + 4 + 1 + 6);

    // The subscription that answers 403: every ARM read recorded with the missing role; nothing else failed.
    const errors = snapshot.collection.errors;
    expect(errors.every((e) => e.source === 'arm' && e.scope === SUB_FORBIDDEN && e.status === 403)).toBe(true);
    expect(errors).toHaveLength(6);
    expect(errors.find((e) => e.operation === 'Microsoft.Security/pricings')?.missingPermission).toBe('Security Reader');

    // Entra: three CA policies over two Graph pages, principals behind Azure and directory role assignments, a 403 section.
    const entra = snapshot.entra ?? {};
    expect((entra.conditionalAccessPolicies as unknown[]).length).toBe(3);
    expect(entra.securityDefaults).toMatchObject({ isEnabled: false });
    // The break-glass group the MFA policy excludes is read too, with its members.
    expect((entra.principals as { id: string; '@odata.type': string }[]).map((p) => p['@odata.type']).sort()).toEqual([
      '#microsoft.graph.group',
      '#microsoft.graph.group',
      '#microsoft.graph.servicePrincipal',
      '#microsoft.graph.user',
      '#microsoft.graph.user',
    ]);
    // The users of the groups behind role assignments, on the group's entry.
    const group = (name: string): Record<string, unknown> | undefined => (entra.principals as Record<string, unknown>[]).find((p) => p['displayName'] === name);
    expect(group('VM Operators')?.['transitiveMembers']).toEqual([
      expect.objectContaining({ '@odata.type': '#microsoft.graph.user', userPrincipalName: 'operator@contoso.example' }),
    ]);
    expect(group('Break glass')?.['transitiveMembers']).toEqual([expect.objectContaining({ userPrincipalName: 'admin@contoso.example' })]);
    // The MFA registration of the users behind role assignments, directly or through a group: the guest has none (404).
    expect(entra.userRegistrationDetails).toEqual([
      expect.objectContaining({ isMfaCapable: true, userPrincipalName: 'admin@contoso.example' }),
      expect.objectContaining({ isMfaCapable: false, userPrincipalName: 'operator@contoso.example' }),
    ]);
    expect(entra.unavailable).toEqual({
      roleEligibilitySchedules: {
        status: 403,
        code: 'Authorization_RequestDenied',
        message: 'Insufficient privileges to complete the operation.',
        missingPermission: 'RoleManagement.Read.Directory',
      },
    });

    // Requests: ARG = subscriptions 1 + resources 5 pages + 8 one-page tables + 1 retry after 429 = 15;
    // ARM = 3 subscriptions × 6 + key vault 2 (keys, diagnostic settings) + its key 1 (Keys_Get) + workspace 2 + tenant 1 = 24;
    // Graph = a $batch of 10 sections (the first answers 429), a second with it again, a third for
    // its next page (two policies a page), one for the principals, one for the groups' members, one for
    // the users' MFA registration = 6.
    expect(requests).toEqual({ resourceGraph: 15, arm: 24, microsoftGraph: 6, retries: 1 });
    expect(server.requests).toHaveLength(15 + 24 + 6);
    // Resource Graph holds vaults, not their keys: listed from ARM, each read whole for its rotation policy.
    expect(snapshot.resources.find((r) => String(r['id']).endsWith('/kv-disk-keys/keys/disk-cmk'))).toMatchObject({
      properties: { rotationPolicy: { attributes: { expiryTime: 'P1Y' } } },
    });
    expect(snapshot.collection.requests).toEqual(requests);
    expectReadOnly(server.requests);
    expect(server.requests.every((r) => r.authorization === `Bearer ${r.path.startsWith('/v1.0') ? GRAPH_TOKEN : ARM_TOKEN}`)).toBe(true);
    // Paging: the resources query was sent again with the skip token of each page.
    const resourcePages = server.requests.filter((r) => (r.body as { query?: string } | undefined)?.query?.startsWith('resources\n'));
    const tokens = resourcePages.map((r) => (r.body as { options: { $skipToken?: string } }).options.$skipToken);
    expect(new Set(tokens.filter(Boolean)).size).toBe(4);
    // Every query orders its rows by a unique column, so that pages neither repeat nor miss a row.
    const queries = server.requests.map((r) => (r.body as { query?: string } | undefined)?.query).filter((q) => q !== undefined);
    expect(queries).toHaveLength(15);
    expect(queries.filter((q) => !/\n\| order by (id|subscriptionId) asc$/.test(q))).toEqual([]);
    // Tokens never reach the snapshot.
    expect(JSON.stringify(snapshot)).not.toMatch(/not-a-secret/);
    expect(events).toEqual(expect.arrayContaining(['subscriptions', 'resource-graph', 'arm', 'microsoft-graph', 'throttled']));
  });

  it('reads the snapshot back: resources with canonical ids, one tenant resource, the 403 section Unknown with the permission', async () => {
    server = await startFakeAzure(smallTenant());
    const { snapshot } = await collectSnapshot(options(server));
    const read = readSnapshotValue(JSON.parse(JSON.stringify(snapshot)), 'snapshot.json');
    expect(read.format).toBe('azvmsec-snapshot');
    expect(read.status).toBe('partial');
    const vm = read.resources.find((r) => r.name === 'vm-web-01');
    expect(vm?.type).toBe('Microsoft.Compute/virtualMachines');
    expect(vm?.id).toBe(`/subscriptions/${SUB_A}/resourceGroups/rg-app/providers/Microsoft.Compute/virtualMachines/vm-web-01`);
    const extension = read.resources.find((r) => r.type === 'Microsoft.Compute/virtualMachines/extensions');
    expect(extension?.name).toBe('vm-web-01/MDE.Linux');
    const tenants = read.resources.filter((r) => r.type === ENTRA_TENANT_TYPE);
    expect(tenants.map((t) => t.id)).toEqual([`/providers/Microsoft.Graph/tenants/${TENANT_ID}`]);
    const eligibility = entraSection(tenants[0]!, 'roleEligibilitySchedules');
    expect(isUnknown(eligibility) && eligibility.reason).toMatch(/403.*RoleManagement\.Read\.Directory/);
    expect(read.diagnostics.filter((d) => d.severity === 'warning')).toHaveLength(6);
  });

  it('keeps the management groups above each subscription, for assignments made at a management group (AZV-MON-007)', async () => {
    server = await startFakeAzure(smallTenant());
    const { snapshot } = await collectSnapshot(options(server));
    expect(snapshot.collection.subscriptions.find((s) => s.subscriptionId === SUB_A)?.managementGroups).toEqual([
      { name: 'mg-landing-zones', displayName: 'Landing zones' },
      { name: TENANT_ID, displayName: 'Tenant Root Group' },
    ]);
    const read = readSnapshotValue(JSON.parse(JSON.stringify(snapshot)), 'snapshot.json');
    const subscription = read.resources.find((r) => r.id === `/subscriptions/${SUB_B}`);
    expect(subscription?.body['properties']).toMatchObject({ managementGroupAncestorsChain: [{ name: TENANT_ID, displayName: 'Tenant Root Group' }] });
  });

  it('reports a requested subscription it cannot read, and batches subscriptions in Resource Graph requests', async () => {
    server = await startFakeAzure(smallTenant());
    const unknown = '44444444-4444-4444-8444-444444444444';
    const { snapshot } = await collectSnapshot(options(server, { subscriptions: [SUB_A, SUB_B, unknown], subscriptionBatchSize: 1 }));
    expect(snapshot.collection.scope).toEqual({ subscriptions: [SUB_A, SUB_B, unknown] });
    expect(snapshot.collection.subscriptions.find((s) => s.subscriptionId === unknown)?.status).toBe('error');
    expect(snapshot.collection.errors).toContainEqual(expect.objectContaining({ scope: unknown, missingPermission: 'Reader' }));
    const argBodies = server.requests.filter((r) => r.method === 'POST' && !r.path.startsWith('/v1.0')).map((r) => r.body as { subscriptions?: string[] });
    expect(argBodies[0]?.subscriptions).toEqual([SUB_A, SUB_B, unknown]);
    expect(argBodies.slice(1).every((b) => b.subscriptions?.length === 1)).toBe(true);
    expect(snapshot.resources.some((r) => String(r['id']).includes(SUB_FORBIDDEN))).toBe(false);
  });

  it('reads role and policy assignments inherited from management groups, once however many subscription batches', async () => {
    const tenant = smallTenant();
    // The tenant root group, which every subscription of the fake tenant sits under.
    const group = `/providers/Microsoft.Management/managementGroups/${TENANT_ID}`;
    const inherited = (type: string, name: string, properties: Record<string, unknown>): Record<string, unknown> => ({
      id: `${group}/providers/${type}/${name}`,
      name,
      type: type.toLowerCase(),
      tenantId: TENANT_ID,
      subscriptionId: '',
      resourceGroup: '',
      properties,
    });
    const owner = inherited('Microsoft.Authorization/roleAssignments', '0f1d3c55-0000-4000-8000-0000000000aa', {
      roleDefinitionId: '/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
      principalId: '5f0b3c55-0000-4000-8000-0000000000aa',
      principalType: 'User',
      scope: group,
    });
    const mcsb = inherited('Microsoft.Authorization/policyAssignments', 'mcsb', {
      policyDefinitionId: '/providers/Microsoft.Authorization/policySetDefinitions/1f3afdf9-d0c9-4c3d-847f-89da613e70a8',
      scope: group,
      enforcementMode: 'Default',
    });
    server = await startFakeAzure({
      ...tenant,
      tables: { ...tenant.tables, authorizationresources: [...(tenant.tables['authorizationresources'] ?? []), owner], policyresources: [mcsb] },
    });
    const { snapshot } = await collectSnapshot(options(server, { subscriptions: [SUB_A, SUB_B], subscriptionBatchSize: 1 }));
    const ids = snapshot.resources.map((r) => String(r['id']));
    expect(ids.filter((id) => id === owner['id'])).toHaveLength(1);
    expect(ids.filter((id) => id === mcsb['id'])).toHaveLength(1);
    // Asked of the two tables that hold assignments only, each batch scoped to its subscriptions.
    const filters = server.requests
      .map((r) => r.body as { query?: string; options?: { authorizationScopeFilter?: string } } | undefined)
      .filter((body) => body?.query !== undefined && !body.query.startsWith('resourcecontainers'))
      .map((body) => `${body?.query?.split('\n')[0]} ${body?.options?.authorizationScopeFilter ?? '-'}`);
    expect(new Set(filters.filter((f) => !f.endsWith(' -')))).toEqual(
      new Set(['authorizationresources AtScopeAboveAndBelow', 'policyresources AtScopeAboveAndBelow']),
    );
    // Read back, the initiative assigned at the root group covers the subscriptions under it.
    const read = readSnapshotValue(JSON.parse(JSON.stringify(snapshot)), 'snapshot.json');
    const rule = RULES.find((each) => each.id === 'AZV-MON-007');
    const evaluation = runRules(new ResourceGraph(read.resources), rule ? [rule] : []).find((e) => e.resource.id === `/subscriptions/${SUB_A}`);
    expect(evaluation?.status).toBe('pass');
  });

  it('without a Microsoft Graph token, collects Azure and records every Entra section as unavailable', async () => {
    server = await startFakeAzure(smallTenant());
    const { snapshot, requests } = await collectSnapshot(options(server, { tokens: { arm: ARM_TOKEN } }));
    expect(requests.microsoftGraph).toBe(0);
    expect(snapshot.resources.length).toBeGreaterThan(23);
    expect(snapshot.collection.errors).toContainEqual(expect.objectContaining({ source: 'credential', message: expect.stringMatching(/AZVMSEC_GRAPH_TOKEN/) }));
    expect(Object.keys(snapshot.entra?.unavailable ?? {})).toContain('conditionalAccessPolicies');
  });

  it('without an ARM token, reads Entra ID, and every ARM read is unreadable rather than absent', async () => {
    // Before: the failed sign-in was recorded once, no read of the tenant was noted as failed, and
    // AZV-MON-015 failed the tenant for Entra diagnostic settings it never read.
    server = await startFakeAzure(smallTenant());
    const { snapshot } = await collectSnapshot(options(server, { tokens: { graph: GRAPH_TOKEN } }));
    expect(snapshot.collection.errors).toContainEqual(expect.objectContaining({ source: 'credential', operation: 'sign-in for arm' }));
    const read = readSnapshotValue(JSON.parse(JSON.stringify(snapshot)), 'snapshot.json');
    expect(read.status).toBe('partial');
    const rule = RULES.find((each) => each.id === 'AZV-MON-015');
    const [evaluation] = runRules(new ResourceGraph(read.resources), rule ? [rule] : []);
    expect(evaluation?.status).toBe('not-assessed');
    expect(evaluation?.reason).toMatch(/the sign-in for ARM failed, so nothing was read from ARM/);
    expect(japaneseReason(evaluation?.reason ?? '')).toMatch(/ARM へのサインインに失敗したため/);
  });

  it('without any token, collects nothing, and the snapshot reads as an input that failed', async () => {
    server = await startFakeAzure(smallTenant());
    const { snapshot } = await collectSnapshot(options(server, { tokens: {} }));
    expect(nothingCollected(snapshot)).toBe(true);
    const read = readSnapshotValue(JSON.parse(JSON.stringify(snapshot)), 'snapshot.json');
    expect(read.status).toBe('error');
    expect(read.diagnostics.at(-1)?.message).toMatch(/Nothing could be read: every read of the collection failed/);
    // One sign-in that works is a collection: an empty tenant still has its organization.
    const graphOnly = await collectSnapshot(options(server, { tokens: { graph: GRAPH_TOKEN } }));
    expect(nothingCollected(graphOnly.snapshot)).toBe(false);
  });

  it('reads what network managers hold, a level at a time: groups and static members, security admin rules', async () => {
    // Before: Resource Graph gave the managers only, so a live scan never saw an admin rule.
    const manager = `/subscriptions/${SUB_A}/resourceGroups/rg-net/providers/Microsoft.Network/networkManagers/avnm`;
    const row = (id: string, type: string, properties: Record<string, unknown> = {}): Record<string, unknown> => ({
      id,
      name: id.split('/').pop(),
      type,
      properties,
    });
    const config = `${manager}/securityAdminConfigurations/guardrails`;
    const collection = `${config}/ruleCollections/internet`;
    const tenant = smallTenantWith(
      [{ ...row(manager, 'microsoft.network/networkmanagers', { networkManagerScopeAccesses: ['SecurityAdmin'] }), subscriptionId: SUB_A }],
      {
        [`${manager}/networkGroups`.toLowerCase()]: [row(`${manager}/networkGroups/spokes`, 'Microsoft.Network/networkManagers/networkGroups')],
        [`${manager}/networkGroups/spokes/staticMembers`.toLowerCase()]: [
          row(`${manager}/networkGroups/spokes/staticMembers/app`, 'Microsoft.Network/networkManagers/networkGroups/staticMembers', {
            resourceId: `/subscriptions/${SUB_A}/resourceGroups/rg-app/providers/Microsoft.Network/virtualNetworks/vnet-app`,
          }),
        ],
        [`${manager}/securityAdminConfigurations`.toLowerCase()]: [row(config, 'Microsoft.Network/networkManagers/securityAdminConfigurations')],
        [`${config}/ruleCollections`.toLowerCase()]: [
          row(collection, 'Microsoft.Network/networkManagers/securityAdminConfigurations/ruleCollections', {
            appliesToGroups: [{ networkGroupId: `${manager}/networkGroups/spokes` }],
          }),
        ],
        [`${collection}/rules`.toLowerCase()]: [
          {
            ...row(`${collection}/rules/deny-rdp`, 'Microsoft.Network/networkManagers/securityAdminConfigurations/ruleCollections/rules', {
              access: 'Deny',
              direction: 'Inbound',
              priority: 10,
              protocol: 'Tcp',
              destinationPortRanges: ['3389'],
            }),
            kind: 'Custom',
          },
        ],
      },
    );
    server = await startFakeAzure(tenant);
    const { snapshot } = await collectSnapshot(options(server));
    const held = snapshot.resources
      .map((resource) => String(resource['type']))
      .filter((type) => /^Microsoft\.Network\/networkManagers\//.test(type))
      .sort();
    expect(held).toEqual([
      'Microsoft.Network/networkManagers/networkGroups',
      'Microsoft.Network/networkManagers/networkGroups/staticMembers',
      'Microsoft.Network/networkManagers/securityAdminConfigurations',
      'Microsoft.Network/networkManagers/securityAdminConfigurations/ruleCollections',
      'Microsoft.Network/networkManagers/securityAdminConfigurations/ruleCollections/rules',
    ]);
    expect(snapshot.collection.errors.filter((error) => /networkManagers/.test(error.operation))).toEqual([]);
  });

  it("reads each virtual hub's Route Server IP configurations, VNet connections, routing intent and route tables, which Resource Graph does not list", async () => {
    const hub = `/subscriptions/${SUB_A}/resourceGroups/rg-net/providers/Microsoft.Network/virtualHubs/rs`;
    const hubVnet = `/subscriptions/${SUB_A}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/hub`;
    server = await startFakeAzure(
      smallTenantWith([{ id: hub, name: 'rs', type: 'microsoft.network/virtualhubs', subscriptionId: SUB_A, properties: {} }], {
        [`${hub}/ipConfigurations`.toLowerCase()]: [
          {
            id: `${hub}/ipConfigurations/ipconfig1`,
            name: 'ipconfig1',
            type: 'Microsoft.Network/virtualHubs/ipConfigurations',
            properties: { subnet: { id: `${hubVnet}/subnets/RouteServerSubnet` } },
          },
        ],
        [`${hub}/hubVirtualNetworkConnections`.toLowerCase()]: [
          {
            id: `${hub}/hubVirtualNetworkConnections/to-hub`,
            name: 'to-hub',
            type: 'Microsoft.Network/virtualHubs/hubVirtualNetworkConnections',
            properties: { remoteVirtualNetwork: { id: hubVnet } },
          },
        ],
        [`${hub}/routingIntent`.toLowerCase()]: [
          {
            id: `${hub}/routingIntent/intent`,
            name: 'intent',
            type: 'Microsoft.Network/virtualHubs/routingIntent',
            properties: { routingPolicies: [{ name: 'InternetTraffic', destinations: ['Internet'], nextHop: `${hub}/fw` }] },
          },
        ],
        [`${hub}/hubRouteTables`.toLowerCase()]: [
          {
            id: `${hub}/hubRouteTables/defaultRouteTable`,
            name: 'defaultRouteTable',
            type: 'Microsoft.Network/virtualHubs/hubRouteTables',
            properties: { routes: [] },
          },
        ],
      }),
    );
    const { snapshot } = await collectSnapshot(options(server));
    const held = snapshot.resources.map((resource) => String(resource['type'])).filter((type) => /^Microsoft\.Network\/virtualHubs\//.test(type));
    expect(held.sort()).toEqual([
      'Microsoft.Network/virtualHubs/hubRouteTables',
      'Microsoft.Network/virtualHubs/hubVirtualNetworkConnections',
      'Microsoft.Network/virtualHubs/ipConfigurations',
      'Microsoft.Network/virtualHubs/routingIntent',
    ]);
    expect(snapshot.collection.errors.filter((error) => /virtualHubs/.test(error.operation))).toEqual([]);
  });

  it('reads the record sets of DNS zones when a host is named by FQDN (a DNAT rule, an Application Gateway backend), to resolve it', async () => {
    const zone = `/subscriptions/${SUB_A}/resourceGroups/rg-net/providers/Microsoft.Network/privateDnsZones/contoso.internal`;
    const zoneRow = { id: zone, name: 'contoso.internal', type: 'microsoft.network/privatednszones', subscriptionId: SUB_A, properties: {} };
    const gateway = {
      id: `/subscriptions/${SUB_A}/resourceGroups/rg-net/providers/Microsoft.Network/applicationGateways/agw`,
      name: 'agw',
      type: 'microsoft.network/applicationgateways',
      subscriptionId: SUB_A,
      properties: { backendAddressPools: [{ name: 'web', properties: { backendAddresses: [{ fqdn: 'app-1.contoso.internal' }] } }] },
    };
    const records = {
      [`${zone}/ALL`.toLowerCase()]: [
        { id: `${zone}/A/app-1`, name: 'app-1', type: 'Microsoft.Network/privateDnsZones/A', properties: { aRecords: [{ ipv4Address: '10.0.1.4' }] } },
      ],
    };
    // No host named by FQDN: no request for the zone's records.
    server = await startFakeAzure(smallTenantWith([zoneRow], records));
    await collectSnapshot(options(server));
    const listsRecords = (request: RecordedRequest): boolean => /privateDnsZones\/contoso\.internal\/ALL/i.test(request.path);
    expect(server.requests.filter(listsRecords)).toEqual([]);
    await server.close();
    server = await startFakeAzure(smallTenantWith([zoneRow, gateway], records));
    const { snapshot } = await collectSnapshot(options(server));
    expect(server.requests.filter(listsRecords)).toHaveLength(1);
    const read = readSnapshotValue(snapshot, 'live');
    const address = resolveName(new ResourceGraph(read.resources), 'app-1.contoso.internal');
    expect(isUnknown(address) ? address.reason : formatAddresses(address)).toEqual(['10.0.1.4/32']);
    expect(snapshot.collection.errors.filter((error) => /DnsZones/i.test(error.operation))).toEqual([]);
  });

  it('asks for Conditional Access policies with Prefer: include-unknown-enum-members, on every page (riskRemediation is not unknownFutureValue)', async () => {
    server = await startFakeAzure(smallTenant(), { graphPageSize: 2 });
    await collectSnapshot(options(server));
    const subRequests = server.requests
      .filter((r) => r.path === '/v1.0/$batch')
      .flatMap((r) => (r.body as { requests: { id: string; url: string; headers?: Record<string, string> }[] }).requests);
    const policyPages = subRequests.filter((sub) => sub.id === 'conditionalAccessPolicies');
    expect(policyPages).toHaveLength(2);
    for (const page of policyPages) expect(page.headers).toEqual({ Prefer: 'include-unknown-enum-members' });
    // Only the policies ask for unknown enum members (the groups' members ask with ConsistencyLevel: eventual, an advanced query).
    expect(subRequests.filter((sub) => sub.id !== 'conditionalAccessPolicies' && sub.headers?.['Prefer'] !== undefined)).toEqual([]);
  });

  it('sends a number of requests that grows with pages, not with resources', async () => {
    const counts: number[] = [];
    for (const vms of [100, 900]) {
      server = await startFakeAzure(scaledTenant(vms, 2, 50));
      const { requests } = await collectSnapshot(options(server));
      counts.push(requests.resourceGraph + requests.arm + requests.microsoftGraph);
      await server.close();
      server = undefined;
    }
    // 100 VMs (340 rows): 1 page of resources; 900 VMs (3,022 rows): 4 pages. Three more requests, not 800 more.
    expect((counts[1] as number) - (counts[0] as number)).toBe(3);
  });
});

describe('the HTTP layer', () => {
  it('stops where a service links back to a page already read, says so, and finishes', async () => {
    server = await startFakeAzure(smallTenant(), { graphPageSize: 1, loopingPages: true });
    const { snapshot } = await collectSnapshot(options(server, { pageSize: 5 }));
    const looped = snapshot.collection.errors.filter((e) => /links back to a page already read/.test(e.message));
    expect(looped.map((e) => e.source).sort()).toEqual(expect.arrayContaining(['microsoft-graph', 'resource-graph']));
    expect(looped.find((e) => e.source === 'resource-graph')?.message).toBe('Resource Graph links back to a page already read (after 10 rows): stopped there');
  });

  it('refuses anything but reads', () => {
    expect(() => assertReadOnly('GET', 'https://management.azure.com/subscriptions/x/providers/Microsoft.Security/pricings')).not.toThrow();
    expect(() => assertReadOnly('POST', 'https://management.azure.com/providers/Microsoft.ResourceGraph/resources?api-version=2022-10-01')).not.toThrow();
    expect(() => assertReadOnly('POST', 'https://graph.microsoft.com/v1.0/$batch')).not.toThrow();
    expect(() => assertReadOnly('PUT', 'https://management.azure.com/subscriptions/x/resourceGroups/g')).toThrow(/read-only/);
    expect(() => assertReadOnly('DELETE', 'https://management.azure.com/subscriptions/x/resourceGroups/g')).toThrow(/read-only/);
    expect(() => assertReadOnly('POST', 'https://graph.microsoft.com/v1.0/directoryObjects/getByIds')).toThrow(/read-only/);
  });

  it('reads Resource Graph quota reset times', () => {
    expect(parseTimeSpan('00:00:05')).toBe(5000);
    expect(parseTimeSpan('00:01:00.5')).toBe(60500);
    expect(parseTimeSpan('soon')).toBeUndefined();
  });
});
