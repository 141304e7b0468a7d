import { ENTRA_SECTIONS, type EntraSection } from '../../../model/entra.js';
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type Snapshot, type SnapshotEntra, type SnapshotSourceError, type SnapshotUnavailable } from '../schema.js';
import { endpointsFor, tokenSource, type CloudName, type Endpoints, type TokenCredentialLike } from './auth.js';
import { mapBounded, RestClient, retryAfter, type Api, type HttpResponse, type RequestCounts } from './http.js';
import {
  KEY_VAULT_KEY_GET,
  keysToRead,
  MACHINE_PRICING_GET,
  MACHINE_PRICINGS_PER_SUBSCRIPTION,
  machinePricingsNeeded,
  PRICED_MACHINE_TYPES,
  PRINCIPAL_COLLECTIONS,
  PRINCIPAL_SELECT,
  RESOURCE_ARM_LISTS,
  RESOURCE_GRAPH_QUERIES,
  RESOURCE_GRAPH_TABLES,
  SUBSCRIPTION_ARM_LISTS,
  SUBSCRIPTIONS_QUERY,
  TENANT_ARM_LISTS,
} from './sources.js';

/**
 * The live collector: the only code in azvmsec that talks to Azure. It reads, never writes (see
 * http.ts), and returns a snapshot; `azvmsec collect` saves it, `azvmsec scan --live` reads it
 * through the same reader as a snapshot file. A subscription or an API that fails is recorded in
 * `collection.errors` (and, for Entra sections, `entra.unavailable`); the rest is collected.
 */

export interface CollectOptions {
  /** Subscription ids; with neither these nor management groups, every subscription the identity can read. */
  readonly subscriptions?: readonly string[];
  readonly managementGroups?: readonly string[];
  /** Entra tenant to sign in to. */
  readonly tenantId?: string;
  readonly cloud?: CloudName;
  /** Custom ARM / Microsoft Graph / authority endpoints laid over the cloud's. */
  readonly endpoints?: Partial<Endpoints>;
  /** Pre-obtained access tokens; when any is given, no credential is used. */
  readonly tokens?: { readonly arm?: string | undefined; readonly graph?: string | undefined };
  /** A credential of the caller's; `DefaultAzureCredential` when absent and no tokens are given. */
  readonly credential?: TokenCredentialLike;
  /** The azvmsec version recorded in the snapshot. */
  readonly toolVersion: string;
  readonly fetch?: typeof fetch;
  /** Requests in flight per API (default 4). */
  readonly maxConcurrency?: number;
  /** Multiplies every throttling wait (tests use a tiny value; default 1). */
  readonly delayScale?: number;
  /** Resource Graph rows per page (at most 1000, the default). */
  readonly pageSize?: number;
  /** Subscriptions per Resource Graph request (at most 1000, the default). */
  readonly subscriptionBatchSize?: number;
  /** Machines per subscription whose own Defender for Servers pricing is read, when their plan needs it (default 2000). */
  readonly machinePricingsPerSubscription?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (event: ProgressEvent) => void;
}

export interface ProgressEvent {
  readonly phase: 'subscriptions' | 'resource-graph' | 'arm' | 'microsoft-graph' | 'throttled';
  readonly message: string;
}

export interface CollectResult {
  readonly snapshot: Snapshot;
  readonly requests: RequestCounts;
}

const ARG_API_VERSION = '2022-10-01';
const GRAPH_BATCH_LIMIT = 20;
const GRAPH_FILTER_IDS = 15;

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

class TokenError extends Error {}

interface Subscription {
  subscriptionId: string;
  displayName?: string;
  state?: string;
  managementGroups?: ManagementGroup[];
}

/** One management group above a subscription (Resource Graph `managementGroupAncestorsChain`, nearest first). */
interface ManagementGroup {
  name: string;
  displayName?: string;
}

/** The management groups of a subscriptions row, when Resource Graph gives them. */
function managementGroupsOf(chain: unknown): { managementGroups?: ManagementGroup[] } {
  if (!Array.isArray(chain)) return {};
  const groups: ManagementGroup[] = [];
  for (const group of chain as unknown[]) {
    if (typeof group !== 'object' || group === null) continue;
    const { name, displayName } = group as Record<string, unknown>;
    if (typeof name === 'string') groups.push({ name, ...(typeof displayName === 'string' ? { displayName } : {}) });
  }
  return { managementGroups: groups };
}

/** Levels of ARM lists below a listed resource: a network manager's configurations hold rule collections, which hold rules. */
const MAX_LIST_LEVELS = 4;

export async function collectSnapshot(options: CollectOptions): Promise<CollectResult> {
  const startedAt = new Date().toISOString();
  const cloud = options.cloud ?? 'AzureCloud';
  const endpoints = endpointsFor(cloud, options.endpoints);
  const progress = options.onProgress ?? ((): void => undefined);
  const tokens = tokenSource({
    ...(options.tokens ? { tokens: options.tokens } : {}),
    ...(options.credential ? { credential: options.credential } : {}),
    ...(options.tenantId ? { tenantId: options.tenantId } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    authorityHost: endpoints.authority,
    audiences: endpoints.audiences,
  });
  const client = new RestClient({
    token: async (api) => {
      try {
        return await tokens(api);
      } catch (error) {
        throw new TokenError(error instanceof Error ? error.message : String(error));
      }
    },
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.maxConcurrency ? { maxConcurrency: options.maxConcurrency } : {}),
    ...(options.delayScale !== undefined ? { delayScale: options.delayScale } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    onWait: (api, ms, why) => progress({ phase: 'throttled', message: `${apiName(api)}: ${why}, waiting ${(ms / 1000).toFixed(1)} s` }),
  });
  const errors: SnapshotSourceError[] = [];
  const credentialFailures = new Set<string>();
  // `subscriptions`: those a Resource Graph query that failed covered, when it covered some of them only (a batch).
  const record: Recorder = (source, operation, scope, error, permission, subscriptions): void => {
    const covered = subscriptions ? { subscriptions: [...subscriptions] } : {};
    if (error instanceof TokenError) {
      // One sign-in failure per API is enough; every request after it fails the same way.
      const key = `${source}:${error.message}`;
      if (credentialFailures.has(key)) return;
      credentialFailures.add(key);
      errors.push({ source: 'credential', operation: `sign-in for ${source}`, message: error.message });
      return;
    }
    if (error instanceof ApiError) {
      errors.push({
        source,
        operation,
        ...(scope ? { scope } : {}),
        status: error.status,
        ...(error.code ? { code: error.code } : {}),
        message: error.message,
        ...(permission && (error.status === 401 || error.status === 403) ? { missingPermission: permission } : {}),
        ...covered,
      });
      return;
    }
    errors.push({ source, operation, ...(scope ? { scope } : {}), message: error instanceof Error ? error.message : String(error), ...covered });
  };

  const pageSize = Math.min(1000, options.pageSize ?? 1000);
  const batchSize = Math.min(1000, options.subscriptionBatchSize ?? 1000);
  const concurrency = options.maxConcurrency ?? 4;
  const argUrl = `${endpoints.arm}/providers/Microsoft.ResourceGraph/resources?api-version=${ARG_API_VERSION}`;
  let pages = 0;

  /** One Resource Graph query, every page. `batch`: the batch of subscriptions it covers, when it covers some of them only. */
  const query = async (
    text: string,
    scope: { subscriptions?: string[]; managementGroups?: string[] },
    label: string,
    inherited = false,
    batch?: Batch,
  ): Promise<Record<string, unknown>[]> => {
    // Assignments at the scopes above the subscriptions (management groups, the root) reach them too.
    const above = inherited && (scope.subscriptions !== undefined || scope.managementGroups !== undefined);
    // A tenant or a management group over more subscriptions than Resource Graph covers in one query answers 400
    // TooManySubscriptionsUnderScope, unless partial scopes are allowed; then the first ones are read and a header says so.
    const partial = scope.subscriptions === undefined;
    const rows: Record<string, unknown>[] = [];
    let skipToken: string | undefined;
    let top = pageSize;
    let limitHit = false;
    const followed = new Set<string>();
    for (;;) {
      const response = await client.post('resourceGraph', argUrl, {
        ...scope,
        query: text,
        options: {
          resultFormat: 'objectArray',
          $top: top,
          ...(partial ? { allowPartialScopes: true } : {}),
          ...(above ? { authorizationScopeFilter: 'AtScopeAboveAndBelow' } : {}),
          ...(skipToken ? { $skipToken: skipToken } : {}),
        },
      });
      // A page over Resource Graph's 16 MB response limit: the same page again, with fewer rows (`$top` overrides the
      // page size a `$skipToken` carries).
      const smaller = response.status === 400 ? smallerPage(response, top) : undefined;
      if (smaller !== undefined) {
        top = smaller;
        continue;
      }
      const body = ok(response);
      const data = body['data'];
      if (!Array.isArray(data)) throw new ApiError(response.status, undefined, 'Resource Graph answered without a data array');
      for (const row of data) if (isRecord(row)) rows.push(row);
      limitHit ||= response.headers.get('x-ms-tenant-subscription-limit-hit')?.toLowerCase() === 'true';
      skipToken = typeof body['$skipToken'] === 'string' && body['$skipToken'] !== '' ? body['$skipToken'] : undefined;
      if (skipToken !== undefined && followed.has(skipToken)) throw repeatedPage('Resource Graph', rows.length);
      if (skipToken !== undefined) followed.add(skipToken);
      pages++;
      progress({ phase: 'resource-graph', message: `${label}: ${rows.length} rows (${pages} pages in all)` });
      if (skipToken === undefined) {
        // "resultTruncated ... informs the consumer if there are more records not returned in the response", and then
        // no $skipToken is given: what was read is kept, and the rest said to be missing.
        const total = body['totalRecords'];
        const truncated = body['resultTruncated'] === true || String(body['resultTruncated']).toLowerCase() === 'true';
        if (truncated && typeof total === 'number' && rows.length < total) {
          record(
            'resource-graph',
            label,
            batch?.label,
            new Error(`Resource Graph returned ${rows.length} of ${total} rows and no $skipToken (resultTruncated): the other rows were not read`),
            undefined,
            batch?.subscriptions,
          );
        }
        break;
      }
    }
    if (limitHit) {
      record(
        'resource-graph',
        label,
        batch?.label,
        new Error(
          'Resource Graph covered only the first subscriptions of the tenant or management group (x-ms-tenant-subscription-limit-hit): name the subscriptions (--subscription) or smaller management groups',
        ),
        undefined,
        batch?.subscriptions,
      );
    }
    return rows;
  };

  // 1. The subscriptions in scope.
  progress({ phase: 'subscriptions', message: 'listing subscriptions' });
  const requested = [...(options.subscriptions ?? [])];
  const managementGroups = [...(options.managementGroups ?? [])];
  const discoveryScope = requested.length > 0 ? { subscriptions: requested } : managementGroups.length > 0 ? { managementGroups } : {};
  let subscriptions: Subscription[] = [];
  let tenantId = options.tenantId;
  let discovered = false;
  try {
    const rows = await query(SUBSCRIPTIONS_QUERY, discoveryScope, 'subscriptions');
    for (const row of rows) {
      if (typeof row['subscriptionId'] !== 'string') continue;
      subscriptions.push({
        subscriptionId: row['subscriptionId'],
        ...(typeof row['name'] === 'string' ? { displayName: row['name'] } : {}),
        ...(typeof row['state'] === 'string' && row['state'] !== '' ? { state: row['state'] } : {}),
        ...managementGroupsOf(row['managementGroups']),
      });
      if (tenantId === undefined && typeof row['tenantId'] === 'string') tenantId = row['tenantId'];
    }
    discovered = true;
  } catch (error) {
    record('resource-graph', 'resourcecontainers (subscriptions)', undefined, error, 'Reader');
    subscriptions = requested.map((subscriptionId) => ({ subscriptionId }));
  }
  const found = new Set(subscriptions.map((s) => s.subscriptionId.toLowerCase()));
  const unreadable = discovered ? requested.filter((id) => !found.has(id.toLowerCase())) : [];
  for (const id of unreadable) {
    errors.push({
      source: 'resource-graph',
      operation: 'subscriptions',
      scope: id,
      message: 'The subscription was not found, or this identity cannot read it',
      missingPermission: 'Reader',
    });
  }
  subscriptions.sort((a, b) => a.subscriptionId.localeCompare(b.subscriptionId));
  progress({ phase: 'subscriptions', message: `${subscriptions.length} subscription(s)` });

  // 2. Resource Graph, table by table, subscriptions in batches of at most 1000.
  const ids = subscriptions.map((s) => s.subscriptionId);
  const scopes: { subscriptions?: string[] }[] = ids.length === 0 ? (discovered ? [] : [{}]) : chunk(ids, batchSize).map((batch) => ({ subscriptions: batch }));
  const jobs = RESOURCE_GRAPH_QUERIES.flatMap((q) => scopes.map((scope, index) => ({ ...q, scope, index })));
  const resourceRows: Record<string, unknown>[] = [];
  // A query that fails leaves out its table's rows for the subscriptions it covered: with one batch, every
  // subscription collected (the error says none); with several, those of its batch (the error lists them).
  const tableRows = await mapBounded(jobs, concurrency, async (job) => {
    const batch = scopes.length > 1 ? { label: `subscriptions batch ${job.index + 1}`, subscriptions: job.scope.subscriptions ?? [] } : undefined;
    try {
      return await query(job.query, job.scope, batch ? `${job.table} (batch ${job.index + 1}/${scopes.length})` : job.table, job.inherited, batch);
    } catch (error) {
      const permission = job.table === 'securityresources' ? 'Security Reader' : 'Reader';
      record('resource-graph', job.table, batch?.label, error, permission, batch?.subscriptions);
      return [];
    }
  });
  // Loops, not push(...): a table of a large tenant has more rows than a call has room for arguments.
  // An assignment above the subscriptions comes back with every batch of them: kept once.
  const inheritedIds = new Set<string>();
  tableRows.forEach((rows, index) => {
    const inherited = jobs[index]?.inherited === true;
    for (const row of rows) {
      if (inherited && typeof row['id'] === 'string') {
        const key = row['id'].toLowerCase();
        if (inheritedIds.has(key)) continue;
        inheritedIds.add(key);
      }
      resourceRows.push(row);
    }
  });

  // 3. ARM REST where Resource Graph has nothing: per subscription, per workspace / key vault, per tenant.
  const armList = async (path: string): Promise<Record<string, unknown>[]> => {
    const items: Record<string, unknown>[] = [];
    let url: string | undefined = `${endpoints.arm}${path}`;
    const followed = new Set<string>();
    while (url) {
      followed.add(url);
      const body = ok(await client.get('arm', url));
      const value = body['value'];
      if (Array.isArray(value)) for (const item of value) if (isRecord(item) && typeof item['id'] === 'string') items.push(item);
      url = sameHost(body['nextLink'], endpoints.arm);
      if (url !== undefined && followed.has(url)) throw repeatedPage('The ARM list', items.length);
    }
    return items;
  };
  let subscriptionsDone = 0;
  // Lists read only when the tenant needs them (DNS records when a host is named by FQDN), decided once on what Resource Graph gave.
  const lists = RESOURCE_ARM_LISTS.filter((list) => list.needed === undefined || list.needed(resourceRows));
  const listsOf = (rows: readonly Record<string, unknown>[]): { operation: string; path: string; permission: string; scope: string; prefix: string }[] =>
    rows.flatMap((row) =>
      lists
        .filter((list) => typeof row['type'] === 'string' && row['type'].toLowerCase() === list.type)
        .map(({ operation, path, permission }) => ({ operation, path, permission, scope: String(row['id']), prefix: String(row['id']) })),
    );
  const armJobs = [
    ...subscriptions.flatMap((s) => SUBSCRIPTION_ARM_LISTS.map((list) => ({ ...list, scope: s.subscriptionId, prefix: `/subscriptions/${s.subscriptionId}` }))),
    ...listsOf(resourceRows),
    ...TENANT_ARM_LISTS.map((list) => ({ ...list, scope: 'tenant', prefix: '' })),
  ];
  const perSubscription = SUBSCRIPTION_ARM_LISTS.length;
  const armRows = await mapBounded(armJobs, concurrency, async (job, index) => {
    try {
      return await armList(`${job.prefix}${job.path}`);
    } catch (error) {
      record('arm', job.operation, job.scope, error, job.permission);
      return [];
    } finally {
      if (index < subscriptions.length * perSubscription && (index + 1) % perSubscription === 0) subscriptionsDone++;
      progress({ phase: 'arm', message: `${subscriptionsDone}/${subscriptions.length} subscriptions, ${client.counts.arm} requests` });
    }
  });
  /**
   * Key Vault keys as Keys_Get answers them, in place of their list items (which hold no rotation policy): see
   * KEY_VAULT_KEY_GET and keysToRead. A key whose GET fails stays as listed, its error scoped to the key's id, so that
   * the snapshot reader notes it on the key and AZV-REC-009 is unknown there rather than failing.
   */
  async function readKeysWhole(rows: Record<string, unknown>[]): Promise<void> {
    const keys = rows.filter((row) => typeof row['type'] === 'string' && row['type'].toLowerCase() === 'microsoft.keyvault/vaults/keys');
    const wanted = new Set(keysToRead(keys, resourceRows));
    if (wanted.size === 0) return;
    let read = 0;
    const bodies = await mapBounded([...wanted], concurrency, async (key) => {
      const id = String(key['id']);
      try {
        const body = ok(await client.get('arm', `${endpoints.arm}${id}${KEY_VAULT_KEY_GET.path}`));
        if (typeof body['id'] !== 'string') throw new ApiError(200, undefined, 'Keys_Get answered without the key id');
        return body;
      } catch (error) {
        record('arm', KEY_VAULT_KEY_GET.operation, id, error, KEY_VAULT_KEY_GET.permission);
        return key;
      } finally {
        progress({ phase: 'arm', message: `${++read}/${wanted.size} Key Vault keys, ${client.counts.arm} requests` });
      }
    });
    const whole = new Map([...wanted].map((key, index) => [key, bodies[index] as Record<string, unknown>]));
    rows.forEach((row, index) => {
      const body = whole.get(row);
      if (body) rows[index] = body;
    });
  }
  /**
   * The machines' own Defender for Servers pricings (MACHINE_PRICING_GET), in the subscriptions whose VirtualMachines
   * plan says it does not speak for every machine (machinePricingsNeeded): the first machines by id up to the limit. A
   * machine whose GET fails has no pricing and an error scoped to its id; machines past the limit, one error on the
   * subscription that counts them. Either way the rules say unknown for them rather than take the subscription's plan.
   */
  async function readMachinePricings(): Promise<Record<string, unknown>[]> {
    const limit = Math.max(0, options.machinePricingsPerSubscription ?? MACHINE_PRICINGS_PER_SUBSCRIPTION);
    const machines: string[] = [];
    subscriptions.forEach((subscription, index) => {
      const pricings = armRows[index * perSubscription + SUBSCRIPTION_ARM_LISTS.findIndex((list) => list.operation === 'Microsoft.Security/pricings')];
      if (!pricings || !machinePricingsNeeded(pricings)) return;
      const prefix = `/subscriptions/${subscription.subscriptionId.toLowerCase()}/`;
      const ids = resourceRows
        .filter((row) => typeof row['type'] === 'string' && PRICED_MACHINE_TYPES.has(row['type'].toLowerCase()))
        .map((row) => String(row['id']))
        .filter((id) => id.toLowerCase().startsWith(prefix))
        .sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
      for (const id of ids.slice(0, limit)) machines.push(id);
      if (ids.length > limit) {
        record(
          'arm',
          MACHINE_PRICING_GET.operation,
          subscription.subscriptionId,
          new Error(
            `the resource-level Defender for Servers pricings of the first ${limit} of ${ids.length} machines were read (the collector's limit per subscription): the other ${ids.length - limit} were not`,
          ),
        );
      }
    });
    let read = 0;
    const bodies = await mapBounded(machines, concurrency, async (id) => {
      try {
        const body = ok(await client.get('arm', `${endpoints.arm}${id}${MACHINE_PRICING_GET.path}`));
        if (typeof body['id'] !== 'string') throw new ApiError(200, undefined, 'Pricings_Get answered without the pricing id');
        return body;
      } catch (error) {
        record('arm', MACHINE_PRICING_GET.operation, id, error, MACHINE_PRICING_GET.permission);
        return undefined;
      } finally {
        progress({ phase: 'arm', message: `${++read}/${machines.length} machines' Defender for Servers pricings, ${client.counts.arm} requests` });
      }
    });
    return bodies.filter((body): body is Record<string, unknown> => body !== undefined);
  }
  // What the listed resources hold in turn (a network manager's configurations, their rule collections, their rules), a level at a time.
  let listed: Record<string, unknown>[] = [];
  for (const rows of armRows) for (const row of rows) listed.push(row);
  for (const row of await readMachinePricings()) listed.push(row);
  await readKeysWhole(listed);
  for (let level = 0; listed.length > 0; level++) {
    for (const row of listed) resourceRows.push(row);
    if (level === MAX_LIST_LEVELS) break;
    const nested = await mapBounded(listsOf(listed), concurrency, async (job) => {
      try {
        return await armList(`${job.prefix}${job.path}`);
      } catch (error) {
        record('arm', job.operation, job.scope, error, job.permission);
        return [];
      }
    });
    listed = [];
    for (const rows of nested) for (const row of rows) listed.push(row);
  }

  // 4. Microsoft Graph for Entra ID.
  progress({ phase: 'microsoft-graph', message: 'Entra ID policies and roles' });
  const graphBase = `${endpoints.graph}/v1.0`;
  const entra = await collectEntra(client, graphBase, resourceRows, record, progress);
  if (tenantId === undefined) {
    const organization = entra.organization;
    if (Array.isArray(organization) && isRecord(organization[0]) && typeof organization[0]['id'] === 'string') tenantId = organization[0]['id'];
  }

  const failedScopes = new Map<string, number>();
  for (const error of errors) if (error.scope) failedScopes.set(error.scope.toLowerCase(), (failedScopes.get(error.scope.toLowerCase()) ?? 0) + 1);
  // The subscriptions a Resource Graph table was not read in full for (the sign-in failed: every one): some reads failed there.
  const tablesMissed = new Set<string>();
  for (const error of errors) {
    const table = error.source === 'resource-graph' && RESOURCE_GRAPH_TABLES.includes(error.operation.split(' ')[0] ?? '');
    if (table || (error.source === 'credential' && error.operation === 'sign-in for resource-graph'))
      for (const id of error.subscriptions ?? ids) tablesMissed.add(id.toLowerCase());
  }
  const snapshot: Snapshot = {
    format: SNAPSHOT_FORMAT,
    snapshotVersion: SNAPSHOT_VERSION,
    collection: {
      tool: { name: 'azvmsec', version: options.toolVersion },
      startedAt,
      finishedAt: new Date().toISOString(),
      cloud: options.endpoints && Object.keys(options.endpoints).length > 0 ? `${cloud} (custom endpoints)` : cloud,
      ...(tenantId ? { tenantId } : {}),
      scope: {
        ...(requested.length > 0 ? { subscriptions: requested } : {}),
        ...(managementGroups.length > 0 ? { managementGroups } : {}),
      },
      subscriptions: [
        ...subscriptions.map((s) => {
          const failures = failedScopes.get(s.subscriptionId.toLowerCase()) ?? 0;
          const missed = tablesMissed.has(s.subscriptionId.toLowerCase());
          const status: 'ok' | 'partial' | 'error' = failures === 0 && !missed ? 'ok' : failures >= perSubscription ? 'error' : 'partial';
          return { ...s, status };
        }),
        ...unreadable.map((subscriptionId) => ({ subscriptionId, status: 'error' as const })),
      ],
      requests: { ...client.counts },
      errors,
    },
    resources: resourceRows.map((row) => row as Snapshot['resources'][number]),
    entra: { ...(tenantId ? { tenantId } : {}), ...entra },
  };
  return { snapshot, requests: { ...client.counts } };
}

type Recorder = (
  source: SnapshotSourceError['source'],
  operation: string,
  scope: string | undefined,
  error: unknown,
  permission?: string,
  subscriptions?: readonly string[],
) => void;

/** A batch of the subscriptions in scope, which Resource Graph is asked about in one query per table. */
interface Batch {
  /** How errors name it (`subscriptions batch 2`). */
  readonly label: string;
  readonly subscriptions: readonly string[];
}

interface GraphRequest {
  readonly id: string;
  readonly url: string;
  /** Request headers of the sub-request, kept for its next pages. */
  readonly headers?: Readonly<Record<string, string>>;
  tries: number;
}

/** Why an Entra section could not be read, with the permission that reads it where Graph refused (401, 403). */
function unavailableSection(section: EntraSection, status: number, code: string | undefined, message: string): SnapshotUnavailable {
  return {
    status,
    ...(code ? { code } : {}),
    message,
    ...(status === 401 || status === 403 ? { missingPermission: ENTRA_SECTIONS[section].permission } : {}),
  };
}

/**
 * Headers some sections need. Without `Prefer: include-unknown-enum-members` Graph returns grant
 * controls added to the enum later (`riskRemediation`) as `unknownFutureValue`.
 */
const SECTION_HEADERS: Partial<Record<EntraSection, Readonly<Record<string, string>>>> = {
  conditionalAccessPolicies: { Prefer: 'include-unknown-enum-members' },
};

/**
 * Entra sections through `$batch` (20 GET sub-requests a call), following `@odata.nextLink` in
 * later batches; then the principals behind Azure and directory role assignments, 15 ids per
 * `$filter=id in (...)` sub-request.
 */
async function collectEntra(
  client: RestClient,
  graphBase: string,
  resourceRows: readonly Record<string, unknown>[],
  record: Recorder,
  progress: (event: ProgressEvent) => void,
): Promise<Omit<SnapshotEntra, 'tenantId'>> {
  const collected: Partial<Record<EntraSection, unknown>> = {};
  const unavailable: Partial<Record<EntraSection, SnapshotUnavailable>> = {};
  const sections = (Object.keys(ENTRA_SECTIONS) as EntraSection[]).filter((s) => s !== 'principals' && s !== 'userRegistrationDetails');
  const requests: GraphRequest[] = sections.map((section) => {
    const headers = SECTION_HEADERS[section];
    return { id: section, url: ENTRA_SECTIONS[section].path, ...(headers ? { headers } : {}), tries: 0 };
  });
  await runBatches(client, graphBase, requests, record, progress, (request, status, body, code, message) => {
    const section = request.id as EntraSection;
    if (status !== 200 || !isRecord(body)) {
      unavailable[section] = unavailableSection(section, status, code, message);
      return undefined;
    }
    if (ENTRA_SECTIONS[section].collection) {
      // Appended page by page (a copy of every page so far for each new one was quadratic in the pages).
      const list = (collected[section] as unknown[] | undefined) ?? [];
      if (Array.isArray(body['value'])) for (const item of body['value']) if (isRecord(item)) list.push(item);
      collected[section] = list;
      return sameHost(body['@odata.nextLink'], graphBase);
    }
    const { ['@odata.context']: _context, ...rest } = body;
    collected[section] = rest;
    return undefined;
  });

  // The principals behind role assignments, by kind when the assignment says it.
  const wanted = new Map<string, Set<string>>();
  const want = (collection: string, id: string): void => {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return;
    let set = wanted.get(collection);
    if (!set) wanted.set(collection, (set = new Set()));
    set.add(id.toLowerCase());
  };
  for (const row of resourceRows) {
    if (typeof row['type'] !== 'string' || row['type'].toLowerCase() !== 'microsoft.authorization/roleassignments') continue;
    const properties = isRecord(row['properties']) ? row['properties'] : {};
    const principalId = properties['principalId'];
    if (typeof principalId !== 'string') continue;
    const kind = typeof properties['principalType'] === 'string' ? PRINCIPAL_COLLECTIONS[properties['principalType'].toLowerCase()] : undefined;
    if (kind) want(kind, principalId);
    else for (const collection of Object.values(PRINCIPAL_COLLECTIONS)) want(collection, principalId);
  }
  const directoryAssignments = [collected.directoryRoleAssignments, collected.roleEligibilitySchedules, collected.roleAssignmentSchedules];
  for (const list of directoryAssignments) {
    if (!Array.isArray(list)) continue;
    for (const assignment of list) {
      // A directory role assignment does not say what kind of principal it names: ask each collection.
      if (isRecord(assignment) && typeof assignment['principalId'] === 'string') {
        for (const collection of Object.values(PRINCIPAL_COLLECTIONS)) want(collection, assignment['principalId']);
      }
    }
  }
  // The groups Conditional Access policies exclude: whether their members hold VM sign-in roles
  // decides whether the policy covers who can sign in to a VM (AZV-IAM-013).
  for (const policy of Array.isArray(collected.conditionalAccessPolicies) ? collected.conditionalAccessPolicies : []) {
    const users = isRecord(policy) && isRecord(policy['conditions']) ? policy['conditions']['users'] : undefined;
    const excluded = isRecord(users) ? users['excludeGroups'] : undefined;
    if (Array.isArray(excluded)) for (const id of excluded) if (typeof id === 'string') want(PRINCIPAL_COLLECTIONS['group'] as string, id);
  }
  const principals = new Map<string, Record<string, unknown>>();
  const principalRequests: GraphRequest[] = [];
  for (const [collection, idSet] of wanted) {
    chunk([...idSet].sort(), GRAPH_FILTER_IDS).forEach((ids, index) => {
      const filter = `id in (${ids.map((id) => `'${id}'`).join(',')})`;
      principalRequests.push({
        id: `${collection.slice(1)}-${index}`,
        url: `${collection}?$filter=${encodeURIComponent(filter)}&$select=${PRINCIPAL_SELECT[collection]}`,
        tries: 0,
      });
    });
  }
  let principalsFailed: SnapshotUnavailable | undefined;
  await runBatches(client, graphBase, principalRequests, record, progress, (request, status, body, code, message) => {
    if (status !== 200 || !isRecord(body)) {
      principalsFailed ??= unavailableSection('principals', status, code, message);
      return undefined;
    }
    const odataType = `#microsoft.graph.${request.id.startsWith('users') ? 'user' : request.id.startsWith('groups') ? 'group' : 'servicePrincipal'}`;
    for (const item of Array.isArray(body['value']) ? body['value'] : []) {
      if (isRecord(item) && typeof item['id'] === 'string') principals.set(item['id'].toLowerCase(), { '@odata.type': odataType, ...item });
    }
    return sameHost(body['@odata.nextLink'], graphBase);
  });
  if (principalsFailed) unavailable.principals = principalsFailed;
  else if (principalRequests.length > 0 || !unavailable.directoryRoleAssignments) {
    collected.principals = [...principals.values()].sort((a, b) => String(a['id']).localeCompare(String(b['id'])));
  }
  await collectGroupMembers(client, graphBase, principals, record, progress);
  await collectRegistrationDetails(client, graphBase, principals, collected, unavailable, record, progress);
  // Legacy Identity Protection risk policies are not in Microsoft Graph v1.0; risk-based Conditional Access policies are in conditionalAccessPolicies.
  return {
    ...(collected as Omit<SnapshotEntra, 'tenantId' | 'unavailable'>),
    ...(Object.keys(unavailable).length > 0 ? { unavailable } : {}),
  };
}

/** The header Microsoft Graph's advanced queries on directory objects need (with `$count=true` in the URL). */
const ADVANCED_QUERY: Readonly<Record<string, string>> = { ConsistencyLevel: 'eventual' };

/** What is read of a group's member users: enough to name them and to look up their MFA registration. */
const MEMBER_SELECT = 'id,displayName,userPrincipalName,userType,accountEnabled';

/**
 * The users in each group behind a role assignment or excluded by a Conditional Access policy,
 * nested groups' included (they hold the role, or are excluded, too): `transitiveMembers` on the group's entry, as `$expand=transitiveMembers` would put it (which
 * Graph cuts at 20). A group whose members cannot be read has no `transitiveMembers`, and the checks
 * that need them say so.
 */
async function collectGroupMembers(
  client: RestClient,
  graphBase: string,
  principals: ReadonlyMap<string, Record<string, unknown>>,
  record: Recorder,
  progress: (event: ProgressEvent) => void,
): Promise<void> {
  const groups = [...principals.values()].filter((p) => p['@odata.type'] === '#microsoft.graph.group');
  const members = new Map<string, Record<string, unknown>[]>();
  const failed = new Set<string>();
  // An OData cast on transitiveMembers is an advanced query: Graph answers it only with `ConsistencyLevel: eventual`
  // and `$count=true` ("List group transitive members", "Advanced query capabilities on Microsoft Entra ID objects").
  const requests: GraphRequest[] = groups.map((group) => ({
    id: String(group['id']),
    url: `/groups/${encodeURIComponent(String(group['id']))}/transitiveMembers/microsoft.graph.user?$count=true&$select=${MEMBER_SELECT}`,
    headers: ADVANCED_QUERY,
    tries: 0,
  }));
  await runBatches(client, graphBase, requests, record, progress, (request, status, body) => {
    if (status !== 200 || !isRecord(body)) {
      failed.add(request.id);
      return undefined;
    }
    let list = members.get(request.id);
    if (!list) members.set(request.id, (list = []));
    for (const item of Array.isArray(body['value']) ? body['value'] : []) if (isRecord(item)) list.push({ '@odata.type': '#microsoft.graph.user', ...item });
    return sameHost(body['@odata.nextLink'], graphBase);
  });
  for (const group of groups) {
    const id = String(group['id']);
    if (!failed.has(id)) group['transitiveMembers'] = (members.get(id) ?? []).sort((a, b) => String(a['id']).localeCompare(String(b['id'])));
  }
}

/**
 * The MFA registration (`userRegistrationDetails`) of each user behind an Azure role assignment,
 * one GET per user. A user Graph has none for (404: disabled users) is left out; any other
 * failure makes the section unavailable (403 also where the tenant has no Entra ID P1 or P2).
 */
async function collectRegistrationDetails(
  client: RestClient,
  graphBase: string,
  principals: ReadonlyMap<string, Record<string, unknown>>,
  collected: Partial<Record<EntraSection, unknown>>,
  unavailable: Partial<Record<EntraSection, SnapshotUnavailable>>,
  record: Recorder,
  progress: (event: ProgressEvent) => void,
): Promise<void> {
  if (unavailable.principals) return;
  // The users named by role assignments and those in the groups named by them.
  const users = new Set<string>();
  for (const principal of principals.values()) {
    if (principal['@odata.type'] === '#microsoft.graph.user') users.add(String(principal['id']).toLowerCase());
    const members = principal['transitiveMembers'];
    if (Array.isArray(members)) for (const member of members) if (isRecord(member)) users.add(String(member['id']).toLowerCase());
  }
  const requests: GraphRequest[] = [...users]
    .sort()
    .map((id) => ({ id, url: `${ENTRA_SECTIONS.userRegistrationDetails.path}/${encodeURIComponent(id)}`, tries: 0 }));
  const details: Record<string, unknown>[] = [];
  let failed: SnapshotUnavailable | undefined;
  await runBatches(client, graphBase, requests, record, progress, (_request, status, body, code, message) => {
    if (status === 404) return undefined;
    if (status !== 200 || !isRecord(body)) {
      failed ??= unavailableSection('userRegistrationDetails', status, code, message);
      return undefined;
    }
    // The v1.0 reference's example answers `{ "value": { ... } }`; an entity answers itself. Either is read.
    const entity = isRecord(body['value']) && typeof body['id'] !== 'string' ? body['value'] : body;
    const { ['@odata.context']: _context, ...rest } = entity;
    details.push(rest);
    return undefined;
  });
  if (failed) unavailable.userRegistrationDetails = failed;
  else collected.userRegistrationDetails = details.sort((a, b) => String(a['id']).localeCompare(String(b['id'])));
}

/**
 * Sends GET sub-requests in `$batch` calls of 20. `handle` gets each answer and returns the next
 * page's URL, if any, which goes into a later batch. A throttled sub-request (429) is retried in a
 * later batch after its Retry-After; a failed `$batch` call fails all of its sub-requests.
 */
async function runBatches(
  client: RestClient,
  graphBase: string,
  initial: GraphRequest[],
  record: Recorder,
  progress: (event: ProgressEvent) => void,
  handle: (request: GraphRequest, status: number, body: unknown, code: string | undefined, message: string) => string | undefined,
): Promise<void> {
  let pending = initial;
  let batches = 0;
  /** Each request's pages already asked for, so that a link back to one of them ends the request instead of looping. */
  const followed = new Set(initial.map((request) => `${request.id}\n${request.url}`));
  while (pending.length > 0) {
    const next: GraphRequest[] = [];
    let wait = 0;
    for (const group of chunk(pending, GRAPH_BATCH_LIMIT)) {
      let response: HttpResponse;
      try {
        response = await client.post('microsoftGraph', `${graphBase}/$batch`, {
          requests: group.map((request) => ({ id: request.id, method: 'GET', url: request.url, ...(request.headers ? { headers: request.headers } : {}) })),
        });
        batches++;
        progress({ phase: 'microsoft-graph', message: `${batches} batch request(s)` });
      } catch (error) {
        record('microsoft-graph', '$batch', 'tenant', error);
        for (const request of group) handle(request, 0, undefined, undefined, error instanceof Error ? error.message : String(error));
        continue;
      }
      if (response.status !== 200 || !isRecord(response.body) || !Array.isArray(response.body['responses'])) {
        const { code, message } = errorOf(response);
        for (const request of group) handle(request, response.status, undefined, code, message);
        continue;
      }
      const byId = new Map<string, Record<string, unknown>>();
      for (const answer of response.body['responses']) if (isRecord(answer)) byId.set(String(answer['id']), answer);
      for (const request of group) {
        const answer = byId.get(request.id);
        const status = answer && typeof answer['status'] === 'number' ? answer['status'] : 0;
        if ((status === 429 || status >= 500) && request.tries < 3) {
          const headers = new Headers(isRecord(answer?.['headers']) ? (answer['headers'] as Record<string, string>) : {});
          wait = Math.max(wait, retryAfter(headers) ?? 1000 * 2 ** request.tries);
          next.push({ ...request, tries: request.tries + 1 });
          continue;
        }
        const body = answer?.['body'];
        if (status === 200) {
          const nextUrl = handle(request, status, body, undefined, '');
          if (nextUrl && followed.has(`${request.id}\n${nextUrl}`)) record('microsoft-graph', request.id, 'tenant', repeatedPage('Microsoft Graph', undefined));
          else if (nextUrl) {
            followed.add(`${request.id}\n${nextUrl}`);
            next.push({ id: request.id, url: nextUrl, ...(request.headers ? { headers: request.headers } : {}), tries: 0 });
          }
        } else {
          const error = isRecord(body) && isRecord(body['error']) ? body['error'] : {};
          handle(
            request,
            status,
            body,
            typeof error['code'] === 'string' ? error['code'] : undefined,
            typeof error['message'] === 'string' ? error['message'] : answer ? `status ${status}` : 'no answer in the batch',
          );
        }
      }
    }
    if (wait > 0 && next.some((request) => request.tries > 0)) await client.pause('microsoftGraph', wait, 'throttled (429 in $batch)');
    pending = next;
  }
}

/** The body of a 2xx answer, or an ApiError with Azure's error code and message. */
function ok(response: HttpResponse): Record<string, unknown> {
  if (response.status >= 200 && response.status < 300 && isRecord(response.body)) return response.body;
  const { code, message } = errorOf(response);
  throw new ApiError(response.status, code, message);
}

function errorOf(response: HttpResponse): { code: string | undefined; message: string } {
  const body = isRecord(response.body) ? response.body : {};
  const error = isRecord(body['error']) ? body['error'] : {};
  // Resource Graph puts the reason in `details` (the top-level message is only a timestamp and a correlation id).
  const details = errorDetails(response)
    .map(({ code, message }) => [code, message].filter((part) => part !== undefined).join(': '))
    .filter((detail) => detail !== '');
  const message = typeof error['message'] === 'string' ? error['message'] : `HTTP ${response.status}`;
  return {
    code: typeof error['code'] === 'string' ? error['code'] : undefined,
    message: details.length > 0 ? `${message} (${details.join('; ')})` : message,
  };
}

/** The `error.details` of an error answer (Resource Graph's: `{ code, message }` each). */
function errorDetails(response: HttpResponse): { code?: string; message?: string }[] {
  const body = isRecord(response.body) ? response.body : {};
  const error = isRecord(body['error']) ? body['error'] : {};
  const details = Array.isArray(error['details']) ? error['details'] : [];
  return details.filter(isRecord).map((detail) => ({
    ...(typeof detail['code'] === 'string' ? { code: detail['code'] } : {}),
    ...(typeof detail['message'] === 'string' ? { message: detail['message'] } : {}),
  }));
}

/**
 * The `$top` to ask the same Resource Graph page again with, when it answered ResponsePayloadTooLarge ("Response
 * payload size is N, and has exceeded the limit of L"): scaled to fit with a margin, else half; undefined for any
 * other answer, or when one row a page is already too large.
 */
function smallerPage(response: HttpResponse, top: number): number | undefined {
  const detail = errorDetails(response).find((each) => each.code?.toLowerCase() === 'responsepayloadtoolarge');
  if (!detail || top <= 1) return undefined;
  const sizes = /size is (\d+).*limit of (\d+)/i.exec(detail.message ?? '');
  const size = Number(sizes?.[1]);
  const limit = Number(sizes?.[2]);
  const scaled = size > 0 && limit > 0 ? Math.floor((top * limit * 0.8) / size) : Math.floor(top / 2);
  return Math.max(1, Math.min(top - 1, scaled));
}

/** A continuation URL, only when it points at the same host (a token is never sent elsewhere); relative for Graph batches. */
function sameHost(link: unknown, base: string): string | undefined {
  if (typeof link !== 'string' || link === '') return undefined;
  let url: URL;
  try {
    url = new URL(link, base);
  } catch {
    return undefined;
  }
  const root = new URL(base);
  if (url.host !== root.host) return undefined;
  if (root.pathname.endsWith('/v1.0')) {
    const path = url.pathname.startsWith(root.pathname) ? url.pathname.slice(root.pathname.length) : url.pathname;
    return path + url.search;
  }
  return url.href;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function apiName(api: Api): string {
  return { resourceGraph: 'Resource Graph', arm: 'ARM', microsoftGraph: 'Microsoft Graph' }[api];
}

/** A service that links back to a page already read: said, instead of reading the same pages forever. */
function repeatedPage(service: string, rows: number | undefined): Error {
  return new Error(`${service} links back to a page already read${rows === undefined ? '' : ` (after ${rows} rows)`}: stopped there`);
}
