import { afterEach, describe, expect, it } from 'vitest';
import { collectSnapshot, type CollectOptions } from '../../src/inputs/snapshot/collector/collect.js';
import { MACHINE_PRICING_GET, SUBSCRIPTIONS_QUERY } from '../../src/inputs/snapshot/collector/sources.js';
import { japaneseReason } from '../../src/i18n/reasons.js';
import { MACHINE_PRICING_READ } from '../../src/rules/shared/defender-plans.js';
import { readSnapshotValue } from '../../src/inputs/snapshot/read.js';
import type { Snapshot } from '../../src/inputs/snapshot/schema.js';
import { runRules } from '../../src/engine/run.js';
import { ResourceGraph } from '../../src/model/graph.js';
import { RULES } from '../../src/rules/index.js';
import { startFakeAzure, type FakeAzure, type FakeAzureOptions, type FakeTenant, type RecordedRequest } from '../support/fake-azure.js';
import { DISK_KEY, DISK_KEY_VAULT, smallTenant, SUB_A, SUB_B, SUB_FORBIDDEN, TENANT_ID } from '../support/fake-tenant.js';

/**
 * The collector against Microsoft's documentation of the APIs it reads: each case is a documented
 * behaviour of Resource Graph or Microsoft Graph that the local Azure plays, and that the collector
 * once missed.
 */

let server: FakeAzure | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function options(fake: FakeAzure, extra: Partial<CollectOptions> = {}): CollectOptions {
  return {
    toolVersion: '0.0.0-test',
    endpoints: { arm: fake.url, graph: fake.url },
    tokens: { arm: 'test-arm-token-not-a-secret', graph: 'test-graph-token-not-a-secret' },
    delayScale: 0.001,
    ...extra,
  };
}

async function collect(tenant = smallTenant(), fake: FakeAzureOptions = {}, extra: Partial<CollectOptions> = {}) {
  server = await startFakeAzure(tenant, fake);
  return collectSnapshot(options(server, extra));
}

function argBodies(requests: readonly RecordedRequest[]): { query: string; subscriptions?: string[]; options: Record<string, unknown> }[] {
  return requests
    .filter((request) => request.method === 'POST' && !request.path.startsWith('/v1.0'))
    .map((request) => request.body as { query: string; subscriptions?: string[]; options: Record<string, unknown> });
}

describe('Resource Graph, as documented', () => {
  it('reads data collection rule associations from the InsightsResources table', async () => {
    // "InsightsResources | Includes resources related to Microsoft.Insights" (Understanding the Azure Resource Graph
    // query language); Microsoft's sample "List VMs with data collection rule associations" queries `insightsresources`.
    // Before: the collector asked `insightresources`, and AZV-MON-016 saw no association on any VM.
    const vm = `/subscriptions/${SUB_A}/resourceGroups/rg-app/providers/Microsoft.Compute/virtualMachines/vm-web-01`;
    const association = {
      id: `${vm}/providers/Microsoft.Insights/dataCollectionRuleAssociations/security-events`,
      name: 'security-events',
      type: 'microsoft.insights/datacollectionruleassociations',
      tenantId: TENANT_ID,
      subscriptionId: SUB_A,
      resourceGroup: 'rg-app',
      properties: {
        dataCollectionRuleId: `/subscriptions/${SUB_A}/resourceGroups/rg-sec/providers/Microsoft.Insights/dataCollectionRules/dcr-security`,
      },
    };
    const tenant = smallTenant();
    const { snapshot } = await collect({ ...tenant, tables: { ...tenant.tables, insightsresources: [association] } });
    expect(snapshot.resources.map((row) => row['id'])).toContain(association.id);
    const tables = argBodies(server?.requests ?? []).map((body) => body.query.split('\n')[0]);
    expect(tables).toContain('insightsresources');
    expect(tables).not.toContain('insightresources');
  });

  it('asks a page over the 16 MB response limit again with fewer rows, and reads every row', async () => {
    // A page too large answers 400 with the detail "ResponsePayloadTooLarge: Response payload size is N, and has
    // exceeded the limit of 16777216. Please consider querying less data at a time and make paginated call if needed."
    // `$top` "overrides the page size when $skipToken property is present" (QueryRequestOptions).
    // Before: the whole resources table failed and the scan saw no VM, NIC or NSG.
    const { snapshot } = await collect(smallTenant(), { maxResponseBytes: 12_000 });
    expect(snapshot.collection.errors.filter((error) => error.source === 'resource-graph')).toEqual([]);
    const ids = new Set(snapshot.resources.map((row) => String(row['id'])));
    const rows = smallTenant().tables['resources'] ?? [];
    expect(rows.length).toBe(23);
    expect(rows.filter((row) => !ids.has(String(row['id'])))).toEqual([]);
    const pages = argBodies(server?.requests ?? []).filter((body) => body.query.startsWith('resources\n'));
    const tops = pages.map((body) => Number(body.options['$top']));
    expect(tops[0]).toBe(1000);
    expect(Math.min(...tops)).toBeLessThan(23);
    // The page asked again keeps its place: a smaller `$top` with the skip token of the page that was too large.
    expect(pages.some((body) => typeof body.options['$skipToken'] === 'string' && Number(body.options['$top']) < 1000)).toBe(true);
  });

  it('says so when Resource Graph truncates a result and gives no $skipToken, keeping what it read', async () => {
    // "resultTruncated is a Boolean value that informs the consumer if there are more records not returned in the
    // response … When resultTruncated is true, the $skipToken property isn't set" (Guidance for pagination).
    // Before: the first page was taken for the whole table, without a word.
    const { snapshot } = await collect(smallTenant(), { truncatedTables: ['resources'] }, { pageSize: 5 });
    const truncated = snapshot.collection.errors.filter((error) => /resultTruncated/.test(error.message));
    expect(truncated).toEqual([expect.objectContaining({ source: 'resource-graph', operation: 'resources' })]);
    expect(truncated[0]?.message).toMatch(/returned 5 of 23 rows/);
    expect(snapshot.resources.filter((row) => String(row['id']).includes('/resourceGroups/rg-'))).toHaveLength(5 + 1);
  });

  it('reads the first subscriptions of a tenant larger than a tenant-scoped query covers, and says so', async () => {
    // Past the limit a tenant- or management-group-scoped query answers 400 TooManySubscriptionsUnderScope ("… allow
    // partial scopes results by passing AllowPartialScopes flag in the query options"); with it, "the response is
    // limited to the first 10,000 subscriptions and the x-ms-tenant-subscription-limit-hit header is returned as true"
    // (Guidance for throttled requests). Before: the subscription query failed, every table query at tenant scope
    // failed the same way, and nothing was read.
    const { snapshot } = await collect(smallTenant(), { subscriptionScopeLimit: 2 });
    expect(snapshot.collection.subscriptions.map((s) => s.subscriptionId)).toEqual([SUB_A, SUB_B]);
    expect(snapshot.resources.some((row) => row['subscriptionId'] === SUB_A)).toBe(true);
    expect(snapshot.collection.errors).toContainEqual(
      expect.objectContaining({ source: 'resource-graph', operation: 'subscriptions', message: expect.stringMatching(/x-ms-tenant-subscription-limit-hit/) }),
    );
    expect(snapshot.resources.some((row) => row['subscriptionId'] === SUB_FORBIDDEN)).toBe(false);
    const discovery = argBodies(server?.requests ?? []).find((body) => body.query.startsWith('resourcecontainers'));
    expect(discovery?.options['allowPartialScopes']).toBe(true);
    // Queries scoped to listed subscriptions do not ask for partial scopes (it applies to tenant and management group scopes only).
    expect(argBodies(server?.requests ?? []).filter((body) => body.subscriptions !== undefined && 'allowPartialScopes' in body.options)).toEqual([]);
  });

  it('projects id in the subscription query, so that it can be paged', () => {
    // "The query must project the id field in order for pagination to work" (Working with large Azure resource data sets).
    expect(SUBSCRIPTIONS_QUERY).toMatch(/\| project id, subscriptionId,/);
  });
});

describe('Microsoft Graph, as documented', () => {
  it("reads a group's member users with ConsistencyLevel: eventual and $count=true, which an OData cast on transitiveMembers needs", async () => {
    // "To filter the results on the OData type, such as microsoft.graph.user …, you must use the advanced query
    // parameters. That is, the ConsistencyLevel header set to eventual and the $count=true query string" (List group
    // transitive members, v1.0). Before: Graph refused every request, and no group behind a role assignment had members.
    const { snapshot } = await collect(smallTenant(), { requireAdvancedQueries: true });
    const groups = (snapshot.entra?.principals as Record<string, unknown>[]).filter((p) => p['@odata.type'] === '#microsoft.graph.group');
    expect(
      groups.map((group) => [
        group['displayName'],
        (group['transitiveMembers'] as { userPrincipalName: string }[] | undefined)?.map((m) => m.userPrincipalName),
      ]),
    ).toEqual([
      ['VM Operators', ['operator@contoso.example']],
      ['Break glass', ['admin@contoso.example']],
    ]);
    const memberRequests = (server?.requests ?? [])
      .filter((request) => request.path === '/v1.0/$batch')
      .flatMap((request) => (request.body as { requests: { url: string; headers?: Record<string, string> }[] }).requests)
      .filter((sub) => sub.url.includes('/transitiveMembers/'));
    expect(memberRequests).toHaveLength(2);
    for (const sub of memberRequests) {
      expect(sub.headers).toEqual({ ConsistencyLevel: 'eventual' });
      expect(sub.url).toMatch(/[?&]\$count=true(&|$)/);
    }
  });

  it('names Organization.Read.All when /organization is refused, the permission an application needs for it', async () => {
    // List organizations (v1.0): delegated User.Read, Organization.Read.All, …; application Organization.Read.All,
    // Directory.Read.All, …; "Applications granted the User.Read permission are able to read only the id,
    // displayName, and verifiedDomains properties". Before: the collector named User.Read, which an application
    // cannot be granted for this read and which does not read `assignedPlans` (the Entra ID licence).
    const { snapshot } = await collect({ ...smallTenant(), forbiddenGraphPaths: ['/organization'] });
    expect(snapshot.entra?.unavailable?.['organization']).toMatchObject({ status: 403, missingPermission: 'Organization.Read.All' });
  });

  it('reads userRegistrationDetails answered in the shape of the v1.0 reference example ({ "value": { ... } })', async () => {
    // Get userRegistrationDetails (v1.0): the example response is `{ "value": { "id": …, "isMfaCapable": true, … } }`.
    // Before: the entry was kept as `{ value: … }`, matched no user, and AZV-IAM-013 passed over every user.
    const { snapshot } = await collect(smallTenant(), { wrapRegistrationDetails: true });
    expect(snapshot.entra?.userRegistrationDetails).toEqual([
      expect.objectContaining({ id: 'aaaaaaaa-0000-4000-8000-000000000001', isMfaCapable: true }),
      expect.objectContaining({ id: 'aaaaaaaa-0000-4000-8000-000000000003', isMfaCapable: false }),
    ]);
  });
});

describe('ARM, as documented', () => {
  /** The small tenant with a disk encryption set that rotates to the latest version of the vault's key `disk-cmk`. */
  function tenantWithDiskEncryptionSet(): FakeTenant {
    const tenant = smallTenant();
    const set = {
      id: `/subscriptions/${SUB_A}/resourceGroups/rg-sec/providers/Microsoft.Compute/diskEncryptionSets/des-cmk`,
      name: 'des-cmk',
      type: 'microsoft.compute/diskencryptionsets',
      tenantId: TENANT_ID,
      location: 'japaneast',
      resourceGroup: 'rg-sec',
      subscriptionId: SUB_A,
      identity: { type: 'SystemAssigned', principalId: 'dddddddd-0000-4000-8000-000000000001', tenantId: TENANT_ID },
      properties: {
        encryptionType: 'EncryptionAtRestWithCustomerKey',
        activeKey: { sourceVault: { id: DISK_KEY_VAULT }, keyUrl: 'https://kv-disk-keys.vault.azure.net/keys/disk-cmk/0123456789abcdef0123456789abcdef' },
        rotationToLatestKeyVersionEnabled: true,
        provisioningState: 'Succeeded',
      },
    };
    // A second key with an expiry date that no disk encryption set uses: nothing more of it is read.
    const listed = tenant.arm?.[`${DISK_KEY_VAULT.toLowerCase()}/keys`] ?? [];
    const expiring = {
      id: `${DISK_KEY_VAULT}/keys/app-signing`,
      name: 'app-signing',
      type: 'Microsoft.KeyVault/vaults/keys',
      location: 'japaneast',
      properties: { attributes: { enabled: true, exp: 1798761600, created: 1767225600, updated: 1767225600, recoveryLevel: 'Recoverable' } },
    };
    return {
      ...tenant,
      tables: { ...tenant.tables, resources: [...(tenant.tables['resources'] ?? []), set] },
      arm: { ...tenant.arm, [`${DISK_KEY_VAULT.toLowerCase()}/keys`]: [...listed, expiring] },
    };
  }

  /** AZV-REC-009 on the vault, as `scan --live` reads the collected snapshot. */
  function keyManagement(snapshot: Snapshot): { status: string; reason?: string; messages: string[] } {
    const read = readSnapshotValue(JSON.parse(JSON.stringify(snapshot)), 'snapshot.json');
    const rule = RULES.find((each) => each.id === 'AZV-REC-009');
    const evaluation = runRules(new ResourceGraph(read.resources), rule ? [rule] : []).find((e) => e.resource.id === DISK_KEY_VAULT);
    return {
      status: String(evaluation?.status),
      ...(evaluation?.reason !== undefined ? { reason: evaluation.reason } : {}),
      messages: (evaluation?.findings ?? []).map((finding) => finding.message.en),
    };
  }

  it("reads each key a disk encryption set uses with Keys_Get, whose answer alone holds the key's rotation policy", async () => {
    // The vault's key list (Keys_List, api-version 2023-07-01) answers a reduced item per key: the specification's
    // listKeys example has `attributes` and `keyUri` only, and "only the base key identifier, attributes, and tags are
    // provided in the response"; the `Key` schema's `rotationPolicy` ("Key rotation policy in response") comes with
    // Keys_Get. Before: the collector kept the list items, and AZV-REC-009 said a key that rotates has no rotation
    // policy, and no expiry where its policy gives one.
    const { snapshot } = await collect(tenantWithDiskEncryptionSet());
    expect(snapshot.resources.find((row) => row['id'] === DISK_KEY)).toMatchObject({
      properties: { rotationPolicy: { attributes: { expiryTime: 'P1Y' }, lifetimeActions: [{ action: { type: 'rotate' } }] } },
    });
    expect(keyManagement(snapshot)).toEqual({ status: 'pass', messages: [] });
    // One GET for the key the set uses; none for the key with an expiry date no set uses (nothing else of it is read).
    const gets = (server?.requests ?? []).filter((request) => request.method === 'GET' && /\/keys\/[^/]+$/.test(request.path));
    expect(gets.map((request) => request.path)).toEqual([DISK_KEY]);
    expect(gets[0]?.url).toMatch(/[?&]api-version=2023-07-01(&|$)/);
    expect(snapshot.collection.errors.filter((error) => error.operation.startsWith('Microsoft.KeyVault'))).toEqual([]);
  });

  it.each([403, 429, 500])('records a Keys_Get answering %i on the key, and AZV-REC-009 is unknown there rather than failing', async (status) => {
    // A key the identity cannot read, or that stays throttled or failing after the retries, has an unread rotation policy:
    // its list item alone would say it has none. Before: no GET was made, and the rule failed the key on its list item.
    const { snapshot } = await collect(tenantWithDiskEncryptionSet(), { failedArmPaths: { [DISK_KEY.toLowerCase()]: status } });
    expect(snapshot.collection.errors).toContainEqual(
      expect.objectContaining({
        source: 'arm',
        operation: 'Microsoft.KeyVault/vaults/keys (get)',
        scope: DISK_KEY,
        status,
        ...(status === 403 ? { missingPermission: 'Reader' } : {}),
      }),
    );
    // The key is kept as listed: it is in the vault, its rotation policy unread.
    expect(snapshot.resources.find((row) => row['id'] === DISK_KEY)).toMatchObject({
      properties: { keyUri: 'https://kv-disk-keys.vault.azure.net/keys/disk-cmk' },
    });
    const result = keyManagement(snapshot);
    expect(result.messages).toEqual([]);
    expect(result.status).toBe('unknown');
    expect(result.reason).toMatch(new RegExp(`ARM Microsoft\\.KeyVault/vaults/keys \\(get\\) answered ${status}`));
  });

  it("is unknown for a vault whose key list failed, whose keys' expiry it then cannot see", async () => {
    // A Recovery Services vault encrypts its backups with the vault's key: AZV-REC-009 checks every key of the vault for an
    // expiry. Before: the failed list left no key to check, and the vault passed.
    const tenant = smallTenant();
    const backups = {
      id: `/subscriptions/${SUB_A}/resourceGroups/rg-sec/providers/Microsoft.RecoveryServices/vaults/rsv-backups`,
      name: 'rsv-backups',
      type: 'microsoft.recoveryservices/vaults',
      tenantId: TENANT_ID,
      location: 'japaneast',
      resourceGroup: 'rg-sec',
      subscriptionId: SUB_A,
      properties: {
        encryption: { keyVaultProperties: { keyUri: 'https://kv-disk-keys.vault.azure.net/keys/disk-cmk' }, kekIdentity: { useSystemAssignedIdentity: true } },
      },
    };
    const { snapshot } = await collect(
      { ...tenant, tables: { ...tenant.tables, resources: [...(tenant.tables['resources'] ?? []), backups] } },
      { failedArmPaths: { [`${DISK_KEY_VAULT.toLowerCase()}/keys`]: 403 } },
    );
    expect(keyManagement(snapshot)).toEqual({
      status: 'unknown',
      reason: 'ARM Microsoft.KeyVault/vaults/keys answered 403: the role Reader is missing',
      messages: [],
    });
  });
});

describe('Defender for Cloud, as documented', () => {
  const machine = (name: string): string => `/subscriptions/${SUB_A}/resourceGroups/rg-app/providers/Microsoft.Compute/virtualMachines/${name}`;
  const pricingPath = (name: string): string => `${machine(name)}/providers/Microsoft.Security/pricings/VirtualMachines`;
  /** Pricings_Get on a machine (API 2024-01-01): its own pricing, or the one it inherits ("inherited" = "True", "inheritedFrom" the subscription). */
  const machinePricing = (name: string, properties: Record<string, unknown>): Record<string, unknown> => ({
    id: pricingPath(name),
    name: 'VirtualMachines',
    type: 'Microsoft.Security/pricings',
    properties: { freeTrialRemainingTime: 'PT0S', ...properties },
  });
  const agentless = [{ name: 'AgentlessVmScanning', isEnabled: 'True', additionalExtensionProperties: { ExclusionTags: '[]' } }];
  /** The small tenant, its subscription A's Defender for Servers plan (Plan 2, agentless scanning) with `status`, and what each machine's GET answers. */
  function tenantWithCoverage(status: string | undefined, tier = 'Standard', machines: Record<string, Record<string, unknown>> = {}): FakeTenant {
    const tenant = smallTenant();
    const list = `/subscriptions/${SUB_A}/providers/microsoft.security/pricings`;
    const pricings = (tenant.arm?.[list] ?? []).map((row) =>
      row['name'] === 'VirtualMachines'
        ? {
            ...row,
            properties: {
              pricingTier: tier,
              ...(tier === 'Standard' ? { subPlan: 'P2', extensions: agentless } : {}),
              ...(status ? { resourcesCoverageStatus: status } : {}),
            },
          }
        : row,
    );
    const answers = Object.fromEntries(
      Object.entries(machines).map(([name, properties]) => [pricingPath(name).toLowerCase(), machinePricing(name, properties)]),
    );
    return { ...tenant, arm: { ...tenant.arm, [list]: pricings }, armResources: { ...tenant.armResources, ...answers } };
  }
  const inherited = { pricingTier: 'Standard', subPlan: 'P2', extensions: agentless, inherited: 'True', inheritedFrom: `/subscriptions/${SUB_A}` };
  const pricingGets = (): string[] =>
    (server?.requests ?? []).filter((request) => request.method === 'GET' && /\/pricings\/virtualmachines$/i.test(request.path)).map((request) => request.path);
  function verdict(snapshot: Snapshot, id: string): { status: string; reason?: string; messages: string[] } {
    const read = readSnapshotValue(JSON.parse(JSON.stringify(snapshot)), 'snapshot.json');
    const rule = RULES.find((each) => each.id === id);
    const evaluation = runRules(new ResourceGraph(read.resources), rule ? [rule] : []).find((e) => e.resource.id === `/subscriptions/${SUB_A}`);
    return {
      status: String(evaluation?.status),
      ...(evaluation?.reason !== undefined ? { reason: evaluation.reason } : {}),
      messages: (evaluation?.findings ?? []).map((finding) => finding.message.en),
    };
  }

  it("reads each machine's own pricing where the subscription's plan is PartiallyCovered, and judges each machine by it", async () => {
    // "resourcesCoverageStatus: This field is available for subscription-level only, and reflects the coverage status of
    // the resources under the subscription… since the plan status can also be defined at the resource level, there might
    // be misalignment between the subscription's plan status and the resource status" (Pricings, API 2024-01-01); a
    // machine's own pricing comes with Pricings_Get on the machine's id. Before: only the subscription's list was read,
    // and a VM set to Free at resource level counted as covered by the subscription's Plan 2.
    const { snapshot, requests } = await collect(
      tenantWithCoverage('PartiallyCovered', 'Standard', {
        'vm-web-01': inherited,
        'vm-web-02': { pricingTier: 'Free', inherited: 'False', inheritedFrom: null },
        'vm-web-03': inherited,
      }),
    );
    expect(pricingGets()).toEqual([pricingPath('vm-web-01'), pricingPath('vm-web-02'), pricingPath('vm-web-03')]);
    expect(
      server?.requests
        .filter((request) => /\/pricings\/virtualmachines$/i.test(request.path))
        .every((request) => /[?&]api-version=2024-01-01(&|$)/.test(request.url)),
    ).toBe(true);
    // The small tenant's 24 ARM requests, and one per machine of subscription A (subscription B's plan says nothing of coverage).
    expect(requests.arm).toBe(24 + 3);
    expect(
      snapshot.resources.filter((row) => /\/pricings\/virtualmachines$/i.test(String(row['id'])) && String(row['id']).includes('/virtualMachines/')),
    ).toHaveLength(3);
    expect(snapshot.collection.errors.filter((error) => error.operation === MACHINE_PRICING_GET.operation)).toEqual([]);
    expect(verdict(snapshot, 'AZV-MON-001')).toEqual({ status: 'fail', messages: ['VM-level Defender pricing sets "vm-web-02" to Free.'] });
    expect(verdict(snapshot, 'AZV-MON-003').messages).toContain(
      `Agentless scanning comes with the Defender for Servers Plan 2 of subscription ${SUB_A}, but the resource-level pricing of machine "vm-web-02" sets it to Free, without agentless scanning.`,
    );
  });

  it.each([403, 429, 500])("records a machine's pricing GET answering %i on the machine, which is then unknown rather than covered", async (status) => {
    const { snapshot } = await collect(tenantWithCoverage('PartiallyCovered', 'Standard', { 'vm-web-01': inherited, 'vm-web-03': inherited }), {
      failedArmPaths: { [pricingPath('vm-web-02').toLowerCase()]: status },
    });
    expect(snapshot.collection.errors).toContainEqual(
      expect.objectContaining({
        source: 'arm',
        operation: 'Resource-level Microsoft.Security/pricings',
        scope: machine('vm-web-02'),
        status,
        ...(status === 403 ? { missingPermission: 'Security Reader' } : {}),
      }),
    );
    expect(MACHINE_PRICING_GET.operation).toBe(MACHINE_PRICING_READ);
    const result = verdict(snapshot, 'AZV-MON-003');
    expect(result.status).toBe('unknown');
    expect(result.reason).toMatch(
      new RegExp(
        `resourcesCoverageStatus PartiallyCovered\\).*pricing of 1 machine\\(s\\) was not read \\("vm-web-02"\\): ARM Resource-level Microsoft\\.Security/pricings answered ${status}`,
      ),
    );
    expect(japaneseReason(result.reason ?? '')).toMatch(/リソース レベルの価格設定を読み取っていません/);
  });

  it('reads the first machines up to its limit per subscription, and says how many it left unread', async () => {
    const { snapshot } = await collect(
      tenantWithCoverage('PartiallyCovered', 'Standard', { 'vm-web-01': inherited, 'vm-web-02': inherited, 'vm-web-03': inherited }),
      {},
      { machinePricingsPerSubscription: 2 },
    );
    expect(pricingGets()).toEqual([pricingPath('vm-web-01'), pricingPath('vm-web-02')]);
    expect(snapshot.collection.errors).toContainEqual(
      expect.objectContaining({
        source: 'arm',
        operation: 'Resource-level Microsoft.Security/pricings',
        scope: SUB_A,
        message: expect.stringMatching(/first 2 of 3 machines were read .*: the other 1 were not/),
      }),
    );
    expect(snapshot.collection.subscriptions.find((s) => s.subscriptionId === SUB_A)?.status).toBe('partial');
    const result = verdict(snapshot, 'AZV-MON-003');
    expect(result.status).toBe('unknown');
    expect(result.reason).toMatch(/was not read \("vm-web-03"\): ARM Resource-level Microsoft\.Security\/pricings failed: the resource-level .*first 2 of 3/);
  });

  it.each([
    ['FullyCovered', 'Standard'],
    [undefined, 'Standard'],
    ['NotCovered', 'Free'],
  ])("sends no machine's pricing GET where the plan says %s on %s", async (status, tier) => {
    const { requests } = await collect(tenantWithCoverage(status, tier));
    expect(pricingGets()).toEqual([]);
    expect(requests.arm).toBe(24);
  });

  it("reads the machines' pricings where the plan is Standard but NotCovered", async () => {
    const free = { pricingTier: 'Free', inherited: 'False', inheritedFrom: null };
    const { snapshot } = await collect(tenantWithCoverage('NotCovered', 'Standard', { 'vm-web-01': free, 'vm-web-02': free, 'vm-web-03': free }));
    expect(pricingGets()).toHaveLength(3);
    expect(verdict(snapshot, 'AZV-MON-001').messages[0]).toMatch(/covers none of its machines \(resourcesCoverageStatus NotCovered\)/);
  });
});
