import type { ResourceGraph } from '../../model/graph.js';
import { get, type Resource } from '../../model/resource.js';
import { asArray, isUnknown, prop, Unknown } from '../../model/value.js';
import { parseCidr } from './addresses.js';
import { IntervalSet } from './interval-set.js';

/**
 * Names resolved from the DNS records of the input: the A, AAAA and CNAME record sets of its
 * private and public DNS zones. An Azure Firewall DNAT rule can translate to an FQDN instead of an
 * address, and an Application Gateway can list a backend by FQDN; the VM either reaches is the one
 * the name resolves to.
 */

const RECORD_TYPES = ['privateDnsZones', 'dnsZones'].flatMap((zone) => ['A', 'AAAA', 'CNAME'].map((record) => `Microsoft.Network/${zone}/${record}`));

/** A name's records: addresses, CNAME targets, and why they cannot all be read. */
interface Records {
  readonly addresses: IntervalSet[];
  readonly aliases: string[];
  unknown?: string;
}

/** CNAME records followed at most this deep (a loop stops here). */
const MAX_CNAME_DEPTH = 8;

/** `name.` and `NAME` are the same name. */
function normalized(fqdn: string): string {
  return fqdn.trim().replace(/\.$/, '').toLowerCase();
}

/** The records of the input by name (lower case, without the final dot); a record set named `@` is the zone's own name. */
function recordsByName(graph: ResourceGraph): Map<string, Records> {
  const names = new Map<string, Records>();
  for (const type of RECORD_TYPES) {
    for (const set of graph.ofType(type)) {
      // From the id: a record set read from ARM REST is named by its last segment alone.
      const parts = RECORD_ID.exec(set.id);
      if (!parts) continue;
      const [, zone, kind, record] = parts as unknown as [string, string, string, string];
      const name = normalized(record === '@' ? zone : `${record}.${zone}`);
      let records = names.get(name);
      if (!records) names.set(name, (records = { addresses: [], aliases: [] }));
      read(set, kind.toUpperCase(), `${zone}/${record}`, records);
    }
  }
  return names;
}

const RECORD_ID = /\/(?:privateDnsZones|dnsZones)\/([^/]+)\/(A|AAAA|CNAME)\/([^/]+)$/i;

function read(set: Resource, kind: string, name: string, records: Records): void {
  const alias = get(set, 'properties', 'targetResource', 'id');
  if (isUnknown(alias)) records.unknown ??= alias.reason;
  else if (typeof alias === 'string' && alias !== '') records.unknown ??= `the DNS record '${name}' is an alias of an Azure resource`;
  if (kind === 'CNAME') {
    const target = get(set, 'properties', 'cnameRecord', 'cname');
    if (isUnknown(target)) records.unknown ??= target.reason;
    else if (typeof target === 'string') records.aliases.push(normalized(target));
    return;
  }
  const [list, field] = kind === 'A' ? ['aRecords', 'ipv4Address'] : ['aaaaRecords', 'ipv6Address'];
  const entries = asArray(get(set, 'properties', list));
  if (isUnknown(entries)) return void (records.unknown ??= entries.reason);
  for (const entry of entries ?? []) {
    const address = prop(entry, field);
    if (isUnknown(address)) records.unknown ??= address.reason;
    const parsed = typeof address === 'string' ? parseCidr(address) : undefined;
    if (parsed) records.addresses.push(parsed);
  }
}

/**
 * The addresses a name resolves to through the input's DNS records, following CNAME records;
 * Unknown when no zone of the input holds the name (it may resolve elsewhere: a zone not scanned,
 * on-premises DNS) or a record cannot be read. Answered once per name and graph: an Application
 * Gateway's backends are looked up for every VM that may be one of them.
 */
export function resolveName(graph: ResourceGraph, fqdn: string): IntervalSet | Unknown {
  const answers = graph.derive(resolvedNames);
  let answer = answers.get(fqdn);
  if (answer === undefined) {
    answer = resolveAnew(graph, fqdn);
    answers.set(fqdn, answer);
  }
  return answer;
}

const resolvedNames = (): Map<string, IntervalSet | Unknown> => new Map();

function resolveAnew(graph: ResourceGraph, fqdn: string): IntervalSet | Unknown {
  const names = graph.derive(recordsByName);
  const resolve = (name: string, depth: number): IntervalSet | Unknown => {
    const records = names.get(name);
    if (!records) return new Unknown(`no DNS zone in the input has a record for '${name}'`);
    if (records.unknown !== undefined) return new Unknown(records.unknown);
    if (depth >= MAX_CNAME_DEPTH) return new Unknown(`the CNAME records for '${fqdn}' lead more than ${MAX_CNAME_DEPTH} deep`);
    const sets = [...records.addresses];
    for (const alias of records.aliases) {
      const resolved = resolve(alias, depth + 1);
      if (isUnknown(resolved)) return resolved;
      sets.push(resolved);
    }
    return IntervalSet.unionAll(sets);
  };
  return resolve(normalized(fqdn), 0);
}
