import { createRequire } from 'node:module';
import type * as Zlib from 'node:zlib';
import { ENTRA_SECTION_NAMES, ENTRA_SECTIONS, ENTRA_TENANT_TYPE, entraTenantId, UNKNOWN_TENANT, type EntraSection } from '../../model/entra.js';
import type { Diagnostic } from '../../model/input.js';
import { createResource, type Resource } from '../../model/resource.js';
import { resourceTypeAndName, sameType } from '../../model/resource-id.js';
import { isObject, isUnknown, Unknown, type Value, type ValueObject } from '../../model/value.js';
import { snapshotSchema, SNAPSHOT_FORMAT, type Snapshot, type SnapshotUnavailable } from './schema.js';
import { graphPowerShellExport, holdsDepthCut, markDepthCuts } from './powershell.js';
import { shareRepeatedStrings } from './share-strings.js';
import { appendAll } from '../../model/arrays.js';
import { RESOURCE_GRAPH_TABLES } from './collector/sources.js';

/**
 * The synchronous, pure snapshot reader: bytes or a parsed value in, resources out. It reads
 * azvmsec snapshots and what users already export:
 * - `az graph query -o json` (an array, `{ data: [...] }` or `{ count, data, skip_token }`), and the
 *   Resource Graph REST response (`{ totalRecords, count, data, $skipToken }`);
 * - `az resource list -o json` (no `properties`: they become Unknown, never absent);
 * - Microsoft Graph JSON (`{ "@odata.context", value: [...] }` or a single object), such as
 *   `az rest --url https://graph.microsoft.com/v1.0/identity/conditionalAccess/policies`.
 * Entra data becomes one `Microsoft.Graph/tenants` resource per tenant (see model/entra.ts).
 */

export type SnapshotFormat = 'azvmsec-snapshot' | 'resource-graph' | 'resource-list' | 'microsoft-graph';

export interface SnapshotRead {
  /** What the file turned out to be; undefined when it is none of the shapes above. */
  readonly format?: SnapshotFormat;
  readonly resources: Resource[];
  readonly diagnostics: Diagnostic[];
  readonly status: 'ok' | 'partial' | 'error';
}

const ARM_SCHEMA_HEAD = /schema\.management\.azure\.com\/schemas\/[^"]*(DeploymentTemplate|deploymentParameters)\.json/i;

/**
 * A cheap check on the first few kilobytes of a JSON file: could it be a snapshot or an export?
 * ARM templates and parameter files say no, whatever else they contain.
 */
export function looksLikeSnapshot(head: string): boolean {
  if (ARM_SCHEMA_HEAD.test(head)) return false;
  if (/"format"\s*:\s*"azvmsec-snapshot"|"snapshotVersion"\s*:/.test(head)) return true;
  if (/"@odata\.context"\s*:\s*"[^"]*\$metadata#/.test(head)) return true;
  // Microsoft Graph PowerShell (ConvertTo-Json keeps .NET's PascalCase): Conditional Access
  // policies, and objects whose AdditionalProperties name their Graph type.
  if (/^\s*[[{]/.test(head) && /"Conditions"\s*:/.test(head) && /"GrantControls"\s*:/.test(head)) return true;
  if (/^\s*[[{]/.test(head) && /"AdditionalProperties"\s*:/.test(head) && /"@odata\.type"\s*:\s*"#microsoft\.graph\./.test(head)) return true;
  // Resource rows: an id under /subscriptions/ and a type, in an array or a { data } / { value } envelope.
  return /^\s*[[{]/.test(head) && /"id"\s*:\s*"\/(subscriptions|providers)\//i.test(head) && /"type"\s*:\s*"[A-Za-z0-9.]+\//.test(head);
}

/** A top-level array, or an export's envelope (`{"count": 2, "data": [`), up to the `{` of its first row. */
const ROWS_OPENING =
  /^\s*(?:\[|\{\s*(?:"(?:count|totalRecords|total_records|skip_token|skipToken|\$skipToken|resultTruncated)"\s*:\s*(?:"[^"\\]*"|[\w.+-]+)\s*,\s*)*"(?:data|value)"\s*:\s*\[)\s*\{/i;

/**
 * How a JSON file's first bytes read (`cut`: the file goes on past them): `snapshot` when they show
 * a snapshot or an export (looksLikeSnapshot); `maybe` when they open a top-level array or an
 * export's envelope whose first row goes on past them, so its id and type may be further on (a
 * Resource Graph query can project `properties` before them, and one NSG or Application Gateway
 * runs to hundreds of kilobytes); otherwise undefined. A `maybe` file is read as a snapshot and
 * given back when no resource comes of it.
 */
export function snapshotHead(head: string, cut: boolean): 'snapshot' | 'maybe' | undefined {
  if (looksLikeSnapshot(head)) return 'snapshot';
  const opening = cut ? ROWS_OPENING.exec(head) : null;
  if (!opening) return undefined;
  // A first row that ends inside the head showed no id and type there: not a resource row.
  let depth = 1;
  let inString = false;
  for (let i = opening[0].length; i < head.length; i++) {
    const char = head.charCodeAt(i);
    if (inString) {
      if (char === 0x5c) i++;
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x7b || char === 0x5b) depth++;
    else if ((char === 0x7d || char === 0x5d) && --depth === 0) return undefined;
  }
  return 'maybe';
}

/** Text of a snapshot file: gunzipped when it is gzip, UTF-8 or UTF-16 with a byte-order mark. */
export function decodeSnapshotBytes(bytes: Uint8Array): string {
  // zlib is loaded for a gzipped file only: start-up does not pay for it.
  const data = bytes[0] === 0x1f && bytes[1] === 0x8b ? (createRequire(import.meta.url)('node:zlib') as typeof Zlib).gunzipSync(bytes) : bytes;
  if (data[0] === 0xff && data[1] === 0xfe) return new TextDecoder('utf-16le').decode(data.subarray(2));
  if (data[0] === 0xfe && data[1] === 0xff) return new TextDecoder('utf-16be').decode(data.subarray(2));
  // Buffer's UTF-8 decoding replaces invalid bytes exactly as TextDecoder does (test/fuzz/model.fuzz.test.ts)
  // and is several times faster on a snapshot of hundreds of megabytes. A byte-order mark is dropped.
  let text = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text.replace(/^\uFEFF/, '');
}

/** Reads a snapshot or an export from its bytes. A malformed file is a diagnostic, never a throw. */
export function readSnapshotBytes(bytes: Uint8Array, input: string): SnapshotRead {
  let text: string;
  try {
    text = decodeSnapshotBytes(bytes);
  } catch (error) {
    return failed(`Cannot decompress the file: ${error instanceof Error ? error.message : String(error)}`);
  }
  return readSnapshotText(text, input);
}

export function readSnapshotText(text: string, input: string): SnapshotRead {
  const parsed = parseSnapshotText(text);
  return 'value' in parsed ? readSnapshotValue(parsed.value, input, { owned: true }) : parsed.read;
}

/**
 * The parsed value of a snapshot's text, or the failed read that says why it is not JSON. Snapshots
 * can be hundreds of megabytes: the built-in parser, not the positional one (snapshot resources have
 * no source map: findings on them name the file). Repeated strings are made one (share-strings.ts).
 */
export function parseSnapshotText(text: string): { value: unknown } | { read: SnapshotRead } {
  try {
    return { value: shareRepeatedStrings(JSON.parse(text) as unknown) };
  } catch (error) {
    return { read: failed(`Invalid JSON: ${error instanceof Error ? error.message : String(error)}`) };
  }
}

export interface SnapshotValueOptions {
  /**
   * The value was parsed for this read alone (nothing else holds it): resource rows become the
   * resource bodies in place instead of being copied. The resources are the same either way.
   */
  readonly owned?: boolean;
}

/** Reads an already parsed snapshot or export. */
export function readSnapshotValue(value: unknown, input: string, options: SnapshotValueOptions = {}): SnapshotRead {
  const owned = options.owned === true;
  if (isRecord(value) && (value['format'] === SNAPSHOT_FORMAT || 'snapshotVersion' in value)) return readAzvmsecSnapshot(value, input, owned);
  if (isRecord(value) && (typeof value['@odata.context'] === 'string' || isGraphCollection(value))) return readGraphExport(value, input);
  const powershell = graphPowerShellExport(value);
  if (powershell && 'cut' in powershell) {
    return failed(
      'A Microsoft Graph PowerShell export cut by ConvertTo-Json at its -Depth (2 unless told): export again with ConvertTo-Json -Depth 10',
      'microsoft-graph',
    );
  }
  if (powershell) return readGraphExport(powershell.graph, input);
  const rows = resourceRows(value);
  if (!rows) return failed('Not an azvmsec snapshot, a Resource Graph or `az resource list` export, nor a Microsoft Graph export');
  // Rows not parsed for this read are copied before cut values are marked (rarely: only PowerShell writes them).
  const list = owned || !rows.rows.some(holdsDepthCut) ? rows.rows : structuredClone(rows.rows);
  const cuts = markDepthCuts(list);
  if (cuts > 0) {
    rows.diagnostics.push({
      severity: 'warning',
      message: `${cuts} value(s) of the export are text where settings belong: ConvertTo-Json cut them at its -Depth (2 unless told); checks that need them are unknown. Export again with ConvertTo-Json -Depth 100`,
    });
  }
  return readResourceRows(list, input, rows.diagnostics, owned);
}

function readAzvmsecSnapshot(value: Record<string, unknown>, input: string, owned: boolean): SnapshotRead {
  if (value['snapshotVersion'] !== 1) {
    return failed(`Snapshot version ${JSON.stringify(value['snapshotVersion'])} is not supported by this azvmsec (it reads version 1)`);
  }
  const parsed = validateSnapshot(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((issue) => `/${issue.path.join('/')}: ${issue.message}`);
    return { format: 'azvmsec-snapshot', resources: [], diagnostics: issues.map((message) => ({ severity: 'error', message })), status: 'error' };
  }
  const { resources, diagnostics } = readSnapshotResources(parsed.data, input, owned);
  return { format: 'azvmsec-snapshot', resources, diagnostics, status: statusOf(diagnostics) };
}

/**
 * The schema check of a snapshot. Resource rows, hundreds of thousands in a large tenant, are checked
 * by hand against the same rules (`id` and `type` non-empty strings, `name` and `subscriptionId`
 * strings when present) and kept as parsed rather than copied; zod checks the rest. Any row that
 * fails goes through zod in full, so the issues reported are zod's.
 */
function validateSnapshot(value: Record<string, unknown>): ReturnType<ReturnType<typeof snapshotSchema>['safeParse']> {
  const rows = value['resources'];
  const plain = Array.isArray(rows) && rows.every(isPlainRow);
  if (!plain) return snapshotSchema().safeParse(value);
  const rest = snapshotSchema().safeParse({ ...value, resources: [] });
  return rest.success ? { ...rest, data: { ...rest.data, resources: rows as Snapshot['resources'] } } : rest;
}

function isPlainRow(row: unknown): boolean {
  if (!isRecord(row)) return false;
  const { id, type, name, subscriptionId } = row;
  return (
    typeof id === 'string' &&
    id.length > 0 &&
    typeof type === 'string' &&
    type.length > 0 &&
    (name === undefined || typeof name === 'string') &&
    (subscriptionId === undefined || typeof subscriptionId === 'string')
  );
}

/** The resources of a validated snapshot (the live scan reads the collector's snapshot through this too). */
export function snapshotResources(snapshot: Snapshot, input: string): { resources: Resource[]; diagnostics: Diagnostic[] } {
  return readSnapshotResources(snapshot, input, false);
}

function readSnapshotResources(snapshot: Snapshot, input: string, owned: boolean): { resources: Resource[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  for (const error of snapshot.collection.errors) {
    const batch = error.subscriptions ? `: ${error.subscriptions.length} subscription(s)` : '';
    const where = error.scope ? ` (${error.scope}${batch})` : '';
    const status = error.status !== undefined ? ` answered ${error.status}${error.code ? ` ${error.code}` : ''}:` : ':';
    const permission = error.missingPermission ? ` Missing permission: ${error.missingPermission}.` : '';
    diagnostics.push({ severity: 'warning', message: `${sourceName(error.source)} ${error.operation}${where}${status} ${error.message}${permission}` });
  }
  const read = readResourceRows(snapshot.resources as unknown[], input, [], owned);
  appendAll(diagnostics, read.diagnostics);
  if (nothingCollected(snapshot)) {
    diagnostics.push({
      severity: 'error',
      message: 'Nothing could be read: every read of the collection failed (the warnings say why), so nothing was checked',
    });
  }
  const resources = read.resources;
  let tenantKey: string | undefined;
  if (snapshot.entra) {
    const { tenantId, unavailable, ...sections } = snapshot.entra;
    const tenant = tenantResource(tenantId ?? snapshot.collection.tenantId ?? UNKNOWN_TENANT, sections as Record<string, unknown>, unavailable ?? {}, input);
    tenantKey = tenant.key;
    resources.push(tenant);
  }
  subscriptionResources(snapshot, resources, input, tenantKey);
  return { resources, diagnostics };
}

/** The type of the subscription resources (Resource Graph `resourcecontainers` rows) per-subscription rules are evaluated on. */
export const SUBSCRIPTION_TYPE = 'Microsoft.Resources/subscriptions';

/**
 * One `Microsoft.Resources/subscriptions` resource per collected subscription (unless the rows
 * already hold its `resourcecontainers` row), so that per-subscription rules (Defender plans,
 * activity-log export, security contacts) evaluate once per subscription. The ARM reads that
 * failed for a subscription or a resource (a workspace's Sentinel data connectors, a key vault's
 * diagnostic settings; the Entra tenant for tenant-level reads) go in its `azvmsecUnreadable` (operation → reason), so that a rule can tell
 * "not configured" from "could not be read". So do the Resource Graph tables not read in full (the
 * query failed, was cut short, or the sign-in for Resource Graph failed), under the table's name on
 * each subscription the query covered: the rows of the table are missing there, and only there.
 */
function subscriptionResources(snapshot: Snapshot, resources: Resource[], input: string, tenantKey?: string): void {
  const unreadable = new Map<string, ValueObject>();
  const note = (scope: string, operation: string, reason: string): void => {
    const key = scope.toLowerCase().replace(/\/+$/, '');
    unreadable.set(key, { ...(unreadable.get(key) ?? {}), [operation]: reason });
  };
  // A failed sign-in is recorded once, not for each read it failed: without it, no ARM read was made.
  const signIn = snapshot.collection.errors.find((error) => error.source === 'credential' && error.operation === 'sign-in for arm');
  const noArm = signIn ? `the sign-in for ARM failed, so nothing was read from ARM: ${signIn.message.split('\n')[0]}` : undefined;
  for (const subscription of snapshot.collection.subscriptions) {
    if (subscription.status === 'error') note(`/subscriptions/${subscription.subscriptionId}`, '*', 'nothing could be read in the subscription');
    else if (noArm) note(`/subscriptions/${subscription.subscriptionId}`, '*', noArm);
  }
  if (noArm && tenantKey) note(tenantKey, '*', noArm);
  for (const error of snapshot.collection.errors) {
    if (error.source !== 'arm' || !error.scope) continue;
    const answer = error.status !== undefined ? `answered ${error.status}` : 'failed';
    const reason = `ARM ${error.operation} ${answer}${error.missingPermission ? `: the role ${error.missingPermission} is missing` : `: ${error.message}`}`;
    // Tenant-level reads (Entra diagnostic settings) are noted on the Entra tenant resource, when there is one.
    if (error.scope === 'tenant') {
      if (tenantKey) note(tenantKey, error.operation, reason);
      continue;
    }
    note(error.scope.startsWith('/') ? error.scope : `/subscriptions/${error.scope}`, error.operation, reason);
  }
  for (const [id, table, reason] of unreadTables(snapshot)) {
    const key = `/subscriptions/${id}`.toLowerCase();
    // The first reason a table was not read stays (a later one, for a page cut short, says less).
    if (typeof unreadable.get(key)?.[table] !== 'string') note(key, table, reason);
  }
  // The subscriptions whose resourcecontainers row is among the resources (a set of the few
  // subscriptions, not of every resource key).
  const present = new Set(snapshot.collection.subscriptions.map((subscription) => `/subscriptions/${subscription.subscriptionId}`.toLowerCase()));
  const listed = new Set<string>();
  for (const resource of resources) if (present.has(resource.key)) listed.add(resource.key);
  for (const subscription of snapshot.collection.subscriptions) {
    const id = `/subscriptions/${subscription.subscriptionId}`;
    if (listed.has(id.toLowerCase())) continue;
    const body: ValueObject = {
      id,
      type: SUBSCRIPTION_TYPE,
      name: subscription.displayName ?? subscription.subscriptionId,
      subscriptionId: subscription.subscriptionId,
      ...(snapshot.collection.tenantId ? { tenantId: snapshot.collection.tenantId } : {}),
      properties: {
        ...(subscription.state ? { state: subscription.state } : {}),
        ...(subscription.displayName ? { displayName: subscription.displayName } : {}),
        ...(subscription.managementGroups ? { managementGroupAncestorsChain: subscription.managementGroups.map((group) => ({ ...group })) } : {}),
      },
    };
    resources.push(createResource({ id, type: SUBSCRIPTION_TYPE, name: subscription.subscriptionId, body, input }));
  }
  if (unreadable.size === 0) return;
  resources.forEach((resource, index) => {
    const notes = unreadable.get(resource.key);
    if (!notes) return;
    resources[index] = createResource({
      id: resource.id,
      type: resource.type,
      name: resource.name,
      body: { ...resource.body, azvmsecUnreadable: notes },
      input: resource.input,
    });
  });
}

/**
 * The Resource Graph tables a snapshot's collection did not read in full, per subscription: `[subscription id, table,
 * reason]`. A failed table query covered the subscriptions its error lists (a batch of them), else every subscription
 * collected; snapshots of older versions named a batch only (`subscriptions batch 2`), which is taken for all of them.
 */
function unreadTables(snapshot: Snapshot): [string, string, string][] {
  const { errors, subscriptions } = snapshot.collection;
  const collected = subscriptions.map((subscription) => subscription.subscriptionId);
  const out: [string, string, string][] = [];
  const signIn = errors.find((error) => error.source === 'credential' && error.operation === 'sign-in for resource-graph');
  if (signIn) {
    const reason = `the sign-in for Resource Graph failed, so no Resource Graph table was read: ${signIn.message.split('\n')[0]}`;
    for (const id of collected) for (const table of RESOURCE_GRAPH_TABLES) out.push([id, table, reason]);
  }
  for (const error of errors) {
    const table = error.source === 'resource-graph' ? error.operation.split(' ')[0]?.toLowerCase() : undefined;
    if (table === undefined || !RESOURCE_GRAPH_TABLES.includes(table)) continue;
    const answer = error.status !== undefined ? `answered ${error.status}` : 'was not read in full';
    const reason = `Resource Graph table ${table} ${answer}${error.missingPermission ? `: the role ${error.missingPermission} is missing` : `: ${error.message}`}`;
    for (const id of error.subscriptions ?? collected) out.push([id, table, reason]);
  }
  return out;
}

function sourceName(source: string): string {
  return { 'resource-graph': 'Resource Graph', arm: 'ARM', 'microsoft-graph': 'Microsoft Graph', credential: 'Credential' }[source] ?? source;
}

/**
 * A collection that failed in every read (no sign-in worked, or every answer was a refusal): no
 * resource, no subscription, and no Entra ID section but empty lists (of reads never asked for).
 * An empty subscription is still listed, and a tenant read has its organization.
 */
export function nothingCollected(snapshot: Snapshot): boolean {
  const { collection, resources, entra } = snapshot;
  if (collection.errors.length === 0 || resources.length > 0 || collection.subscriptions.length > 0) return false;
  const { tenantId: _tenantId, unavailable: _unavailable, ...sections } = entra ?? {};
  return Object.values(sections).every((section) => Array.isArray(section) && section.length === 0);
}

/** Resource rows, from any of the envelopes `az graph query` and the REST API use. */
function resourceRows(value: unknown): { rows: unknown[]; diagnostics: Diagnostic[] } | undefined {
  if (Array.isArray(value)) return { rows: value, diagnostics: [] };
  if (!isRecord(value)) return undefined;
  // PowerShell writes the envelope's keys capitalised (`Data`, `SkipToken`).
  const data = value['data'] ?? value['value'] ?? value['Data'] ?? value['Value'];
  if (isRecord(data) && Array.isArray(data['columns'])) {
    return { rows: [], diagnostics: [{ severity: 'error', message: 'Resource Graph table format is not read: export with `-o json` (objectArray)' }] };
  }
  if (!Array.isArray(data)) return undefined;
  const diagnostics: Diagnostic[] = [];
  const skipToken = value['skip_token'] ?? value['$skipToken'] ?? value['skipToken'] ?? value['SkipToken'];
  if (typeof skipToken === 'string' && skipToken !== '') {
    diagnostics.push({
      severity: 'warning',
      message: `The export is one page of a larger result (${data.length} of ${String(value['total_records'] ?? value['totalRecords'] ?? 'more')} rows): follow --skip-token, or use azvmsec collect`,
    });
  }
  return { rows: data, diagnostics };
}

function readResourceRows(rows: unknown[], input: string, diagnostics: Diagnostic[], owned = false): SnapshotRead {
  const resources: Resource[] = [];
  const seen = new Set<string>();
  // One string per distinct type, shared by all its resources (a large tenant has few types and many resources).
  const types = new Map<string, string>();
  let skipped = 0;
  let duplicates = 0;
  let withoutProperties = 0;
  let flattenedRows = 0;
  let fromArg = false;
  for (const row of rows) {
    if (!isRecord(row) || typeof row['id'] !== 'string') {
      skipped++;
      continue;
    }
    const written = row['id'];
    const id = isCanonicalId(written) ? written : canonicalId(written);
    // A Resource Graph `resourcecontainers` row of a subscription has no provider segment.
    const parsed = isSubscriptionId(id) ? { type: SUBSCRIPTION_TYPE, name: id.slice(SUBSCRIPTIONS_PREFIX.length) } : resourceTypeAndName(id);
    if (!parsed) {
      skipped++;
      continue;
    }
    if (typeof row['subscriptionId'] === 'string' || typeof row['tenantId'] === 'string') fromArg = true;
    const resource = resourceFromRow(row, id, parsed.type, parsed.name, input, types, owned);
    // One look-up, not has() then add(): a large tenant has hundreds of thousands of rows.
    const before = seen.size;
    seen.add(resource.key);
    if (seen.size === before) {
      duplicates++;
      continue;
    }
    if (isUnknown(resource.body['properties'])) {
      withoutProperties++;
      if (flattened(row)) flattenedRows++;
    }
    resources.push(resource);
  }
  const format: SnapshotFormat = fromArg || rows.length === 0 ? 'resource-graph' : 'resource-list';
  if (skipped > 0) diagnostics.push({ severity: 'warning', message: `${skipped} row(s) without a resource id were skipped` });
  if (duplicates > 0) diagnostics.push({ severity: 'info', message: `${duplicates} duplicate row(s) were read once` });
  if (withoutProperties > 0) {
    diagnostics.push({
      severity: 'warning',
      message:
        flattenedRows > 0
          ? `${withoutProperties} resource(s) have no properties (\`az vm list\` and the other \`az … list\` commands write settings in their place, in another shape; \`az resource list\` leaves them out): checks that need them are unknown; export with \`az graph query\` instead`
          : `${withoutProperties} resource(s) have no properties (\`az resource list\` leaves them out): checks that need them are unknown; export with \`az graph query\` instead`,
    });
  }
  if (rows.length > 0 && resources.length === 0) diagnostics.push({ severity: 'error', message: 'No resource could be read from the rows' });
  return { format, resources, diagnostics, status: statusOf(diagnostics) };
}

/** A row whose settings are where `properties` belongs, as `az vm list` and `az network nic list` write them. */
function flattened(row: Record<string, unknown>): boolean {
  return 'provisioningState' in row || Object.keys(row).some((key) => key.endsWith('Profile') || key === 'ipConfigurations' || key === 'securityRules');
}

function resourceFromRow(
  row: Record<string, unknown>,
  id: string,
  idType: string,
  idName: string,
  input: string,
  types: Map<string, string>,
  owned: boolean,
): Resource {
  const rowType = typeof row['type'] === 'string' ? row['type'] : idType;
  // Resource Graph writes types in lower case; the id keeps Azure's spelling.
  const spelled = sameType(rowType, idType) ? idType : rowType;
  let type = types.get(spelled);
  if (type === undefined) {
    type = spelled;
    types.set(type, type);
  }
  let body: ValueObject;
  if (owned) {
    // The same keys in the same order as the copy below: `id` and `type` stay where the row has them.
    body = row as ValueObject;
    body['id'] = id;
    body['type'] = type;
  } else {
    body = { ...(row as ValueObject), id, type };
  }
  if (body['properties'] === undefined || body['properties'] === null) {
    body['properties'] = new Unknown(
      flattened(row)
        ? `the export of ${type} '${idName}' has its settings where properties belong, in another shape (as az vm list writes them)`
        : `the export of ${type} '${idName}' has no properties (az resource list does not include them)`,
    );
  }
  return createResource({ id, type, name: idName, body, input });
}

const SUBSCRIPTIONS_PREFIX = '/subscriptions/';

/** A canonical id of a subscription: `/subscriptions/{id}` and nothing after. */
function isSubscriptionId(id: string): boolean {
  return id.length > SUBSCRIPTIONS_PREFIX.length && id.startsWith(SUBSCRIPTIONS_PREFIX) && id.indexOf('/', SUBSCRIPTIONS_PREFIX.length) < 0;
}

/**
 * Whether `canonicalId(id)` is `id` itself, told without splitting it: one leading slash, no empty
 * segment, no trailing slash or space, and the words canonicalId respells already spelled its way.
 * Ids from Azure nearly always are; any other id goes through canonicalId.
 */
export function isCanonicalId(id: string): boolean {
  const length = id.length;
  if (length < 2 || id.charCodeAt(0) !== 0x2f) return false;
  const last = id.charCodeAt(length - 1);
  // Printable ASCII at the end: nothing String.prototype.trim removes.
  if (last === 0x2f || last <= 0x20 || last >= 0x7f) return false;
  let start = 1;
  for (let index = 0; ; index++) {
    let end = id.indexOf('/', start);
    if (end < 0) end = length;
    if (end === start) return false;
    if (index % 2 === 0) {
      const size = end - start;
      const word = size === 13 ? 'subscriptions' : size === 14 ? 'resourceGroups' : size === 9 ? 'providers' : undefined;
      if (word !== undefined && sameAsciiWord(id, start, word) && !id.startsWith(word, start)) return false;
    }
    if (end === length) return true;
    start = end + 1;
  }
}

/** `word` (ASCII letters) at `at` in any case; no other character lowercases to an ASCII letter of these words. */
function sameAsciiWord(text: string, at: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) {
    if ((text.charCodeAt(at + k) | 0x20) !== (word.charCodeAt(k) | 0x20)) return false;
  }
  return true;
}

/** `/subscriptions/x/resourcegroups/g/providers/...` → canonical segments, one leading slash, none trailing. */
export function canonicalId(id: string): string {
  const parts = id
    .trim()
    .split('/')
    .filter((part) => part !== '');
  const canonical = parts.map((part, index) => {
    const lower = part.toLowerCase();
    if (index % 2 === 1) return part;
    if (lower === 'subscriptions') return 'subscriptions';
    if (lower === 'resourcegroups') return 'resourceGroups';
    if (lower === 'providers') return 'providers';
    return part;
  });
  return '/' + canonical.join('/');
}

// ---- Microsoft Graph exports ----

const CONTEXT_SECTIONS: readonly [RegExp, EntraSection][] = [
  [/userRegistrationDetails/i, 'userRegistrationDetails'],
  [/conditionalAccess\/policies/i, 'conditionalAccessPolicies'],
  [/conditionalAccess\/namedLocations/i, 'namedLocations'],
  [/identitySecurityDefaultsEnforcementPolicy/i, 'securityDefaults'],
  [/authorizationPolicy/i, 'authorizationPolicy'],
  [/authenticationMethodsPolicy/i, 'authenticationMethodsPolicy'],
  [/#(groupSettings|settings)\b/i, 'directorySettings'],
  [/roleEligibilitySchedules/i, 'roleEligibilitySchedules'],
  [/roleAssignmentSchedules/i, 'roleAssignmentSchedules'],
  [/roleAssignments/i, 'directoryRoleAssignments'],
  [/#(users|groups|servicePrincipals|directoryObjects)\b/i, 'principals'],
  [/#organization\b/i, 'organization'],
];

const ODATA_TYPE_SECTIONS: Readonly<Record<string, EntraSection>> = {
  '#microsoft.graph.conditionalaccesspolicy': 'conditionalAccessPolicies',
  '#microsoft.graph.ipnamedlocation': 'namedLocations',
  '#microsoft.graph.countrynamedlocation': 'namedLocations',
  '#microsoft.graph.identitysecuritydefaultsenforcementpolicy': 'securityDefaults',
  '#microsoft.graph.authorizationpolicy': 'authorizationPolicy',
  '#microsoft.graph.authenticationmethodspolicy': 'authenticationMethodsPolicy',
  '#microsoft.graph.groupsetting': 'directorySettings',
  '#microsoft.graph.unifiedroleassignment': 'directoryRoleAssignments',
  '#microsoft.graph.unifiedroleeligibilityschedule': 'roleEligibilitySchedules',
  '#microsoft.graph.unifiedroleassignmentschedule': 'roleAssignmentSchedules',
  '#microsoft.graph.user': 'principals',
  '#microsoft.graph.group': 'principals',
  '#microsoft.graph.serviceprincipal': 'principals',
  '#microsoft.graph.organization': 'organization',
  '#microsoft.graph.userregistrationdetails': 'userRegistrationDetails',
};

function isGraphCollection(value: Record<string, unknown>): boolean {
  const items = value['value'];
  return Array.isArray(items) && items.length > 0 && isRecord(items[0]) && typeof items[0]['@odata.type'] === 'string';
}

function readGraphExport(value: Record<string, unknown>, input: string): SnapshotRead {
  const context = typeof value['@odata.context'] === 'string' ? value['@odata.context'] : '';
  const items = Array.isArray(value['value']) ? value['value'] : undefined;
  const sample = items ? items[0] : value;
  let section = CONTEXT_SECTIONS.find(([pattern]) => pattern.test(context))?.[1];
  if (section === undefined && isRecord(sample) && typeof sample['@odata.type'] === 'string') {
    section = ODATA_TYPE_SECTIONS[sample['@odata.type'].toLowerCase()];
  }
  if (section === undefined) {
    return failed(
      `A Microsoft Graph export azvmsec does not use (${context || 'no @odata.context'}); it reads ${ENTRA_SECTION_NAMES.join(', ')}`,
      'microsoft-graph',
    );
  }
  const diagnostics: Diagnostic[] = [];
  if (typeof value['@odata.nextLink'] === 'string') {
    diagnostics.push({
      severity: 'warning',
      message: `The export holds only the first page of ${section}: export its @odata.nextLink too, or use azvmsec collect`,
    });
  }
  let data: unknown;
  if (ENTRA_SECTIONS[section].collection) {
    data = items ?? [stripOData(value)];
  } else {
    data = items ? (items[0] ?? {}) : stripOData(value);
  }
  const organization = section === 'organization' && Array.isArray(data) && isRecord(data[0]) && typeof data[0]['id'] === 'string' ? data[0]['id'] : undefined;
  const tenant = tenantResource(organization ?? UNKNOWN_TENANT, { [section]: data }, {}, input);
  return { format: 'microsoft-graph', resources: [tenant], diagnostics, status: statusOf(diagnostics) };
}

function stripOData(value: Record<string, unknown>): Record<string, unknown> {
  const { ['@odata.context']: _context, ['@odata.nextLink']: _next, ...rest } = value;
  return rest;
}

/** The synthetic `Microsoft.Graph/tenants` resource. */
function tenantResource(
  tenantId: string,
  sections: Record<string, unknown>,
  unavailable: Partial<Record<EntraSection, SnapshotUnavailable>>,
  input: string,
): Resource {
  const properties: ValueObject = {};
  for (const name of ENTRA_SECTION_NAMES) {
    const missing = unavailable[name];
    if (missing) properties[name] = new Unknown(unavailableReason(name, missing));
    else if (sections[name] !== undefined) properties[name] = sections[name] as Value;
  }
  const id = entraTenantId(tenantId);
  return createResource({ id, type: ENTRA_TENANT_TYPE, name: tenantId, body: { id, name: tenantId, type: ENTRA_TENANT_TYPE, properties }, input });
}

function unavailableReason(section: EntraSection, missing: SnapshotUnavailable): string {
  const answer = missing.status !== undefined ? `answered ${missing.status}${missing.code ? ` (${missing.code})` : ''}` : 'could not be read';
  const permission = missing.missingPermission ? `: the permission ${missing.missingPermission} is missing` : `: ${missing.message}`;
  return `Microsoft Graph ${ENTRA_SECTIONS[section].path} ${answer}${permission}`;
}

/**
 * One tenant resource per tenant across all inputs: sections from several Graph exports are put
 * together, and exports that do not name their tenant join the one tenant the other inputs name.
 */
export function mergeEntraTenants(resources: readonly Resource[]): Resource[] {
  const tenants = resources.filter((resource) => resource.type === ENTRA_TENANT_TYPE);
  if (tenants.length < 2) return [...resources];
  const named = [...new Set(tenants.filter((t) => t.name !== UNKNOWN_TENANT).map((t) => t.key))];
  const target = (tenant: Resource): string => (tenant.name === UNKNOWN_TENANT && named.length === 1 ? (named[0] as string) : tenant.key);
  const groups = new Map<string, Resource[]>();
  for (const tenant of tenants) groups.set(target(tenant), [...(groups.get(target(tenant)) ?? []), tenant]);
  const merged = new Map<string, Resource>();
  for (const [key, group] of groups) {
    const first = group.find((t) => t.key === key) ?? (group[0] as Resource);
    const properties: ValueObject = {};
    for (const tenant of group) {
      const own = tenant.body['properties'];
      if (!isObject(own)) continue;
      for (const [section, value] of Object.entries(own)) {
        const current = properties[section];
        if (current === undefined || (isUnknown(current) && !isUnknown(value))) properties[section] = value;
        else if (Array.isArray(current) && Array.isArray(value)) properties[section] = concatById(current, value);
      }
    }
    merged.set(key, createResource({ id: first.id, type: first.type, name: first.name, body: { ...first.body, properties }, input: first.input }));
  }
  const out: Resource[] = [];
  const placed = new Set<string>();
  for (const resource of resources) {
    if (resource.type !== ENTRA_TENANT_TYPE) {
      out.push(resource);
      continue;
    }
    const key = target(resource);
    if (placed.has(key)) continue;
    placed.add(key);
    out.push(merged.get(key) as Resource);
  }
  return out;
}

/** Two pages of one collection (exported separately), each object once. */
function concatById(first: Value[], second: Value[]): Value[] {
  const ids = new Set(first.map((item) => (isObject(item) && typeof item['id'] === 'string' ? item['id'].toLowerCase() : undefined)));
  return [...first, ...second.filter((item) => !(isObject(item) && typeof item['id'] === 'string' && ids.has(item['id'].toLowerCase())))];
}

function failed(message: string, format?: SnapshotFormat): SnapshotRead {
  return { ...(format ? { format } : {}), resources: [], diagnostics: [{ severity: 'error', message }], status: 'error' };
}

function statusOf(diagnostics: readonly Diagnostic[]): 'ok' | 'partial' | 'error' {
  if (diagnostics.some((d) => d.severity === 'error')) return 'error';
  return diagnostics.some((d) => d.severity === 'warning') ? 'partial' : 'ok';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
