import type { ResourceGraph } from '../../model/graph.js';
import { appendAll } from '../../model/arrays.js';
import { get, type Resource } from '../../model/resource.js';
import { idKey, parentId } from '../../model/resource-id.js';
import { asArray, isUnknown, prop, Unknown } from '../../model/value.js';
import { parseCidr } from './addresses.js';
import { IntervalSet } from './interval-set.js';

/**
 * Names resolved from the DNS records of the input: the A, AAAA and CNAME record sets of its
 * private and public DNS zones. An Azure Firewall DNAT rule can translate to an FQDN instead of an
 * address, and an Application Gateway can list a backend by FQDN; the VM either reaches is the one
 * the name resolves to. Azure DNS answers from a private zone only in the VNets linked to it, so
 * when the VNet asking is known, a private zone linked to other VNets (and not to it) is passed
 * over; a zone whose links are not in the input is not. And where a private zone is linked, it
 * answers for every name under it (split-horizon): a public zone of the same name is not asked,
 * unless the link falls back to the Internet (`resolutionPolicy: NxDomainRedirect`) and the private
 * zone has no record for the name.
 */

const RECORD_TYPES = ['privateDnsZones', 'dnsZones'].flatMap((zone) => ['A', 'AAAA', 'CNAME'].map((record) => `Microsoft.Network/${zone}/${record}`));

/** A name's records in one zone: addresses, CNAME targets, and why they cannot all be read. */
interface Records {
  /** The `graph.keyOf` of the zone (as the record set reads it); undefined for a public zone, which every VNet resolves. */
  readonly privateZone: string | undefined;
  readonly addresses: IntervalSet[];
  readonly aliases: string[];
  /** Values of the records that are not known, as read (an address read with `reference()` keeps what it is). */
  readonly unknowns: Unknown[];
}

/** CNAME records followed at most this deep (a loop stops here). */
const MAX_CNAME_DEPTH = 8;

/** `name.` and `NAME` are the same name. */
function normalized(fqdn: string): string {
  return fqdn.trim().replace(/\.$/, '').toLowerCase();
}

/** The records of the input by name (lower case, without the final dot), one entry per zone; a record set named `@` is the zone's own name. */
function recordsByName(graph: ResourceGraph): Map<string, Records[]> {
  const names = new Map<string, Records[]>();
  for (const type of RECORD_TYPES) {
    for (const set of graph.ofType(type)) {
      // From the id: a record set read from ARM REST is named by its last segment alone.
      const parts = RECORD_ID.exec(set.id);
      if (!parts) continue;
      const [, zoneType, zone, kind, record] = parts as unknown as [string, string, string, string, string];
      const name = normalized(record === '@' ? zone : `${record}.${zone}`);
      const zoneId = parentId(set.id);
      const privateZone = zoneType.toLowerCase() === 'privatednszones' && zoneId !== undefined ? graph.referenceKey(idKey(zoneId), set) : undefined;
      let list = names.get(name);
      if (!list) names.set(name, (list = []));
      let records = list.find((entry) => entry.privateZone === privateZone);
      if (!records) list.push((records = { privateZone, addresses: [], aliases: [], unknowns: [] }));
      read(set, kind.toUpperCase(), `${zone}/${record}`, records);
    }
  }
  return names;
}

/**
 * The VNets each private zone of the input is linked to, by zone; `true` when a link's VNet is not
 * known. Zones and VNets by `graph.keyOf`, as each link reads them: two inputs that declare one
 * zone id declare two zones, each linked to its own input's VNets.
 */
function zoneLinks(graph: ResourceGraph): Map<string, Set<string> | true> {
  const links = new Map<string, Set<string> | true>();
  for (const link of graph.ofType('Microsoft.Network/privateDnsZones/virtualNetworkLinks')) {
    const zoneId = parentId(link.id);
    if (zoneId === undefined) continue;
    const zone = graph.referenceKey(idKey(zoneId), link);
    const vnet = get(link, 'properties', 'virtualNetwork', 'id');
    const known = links.get(zone);
    if (typeof vnet !== 'string') links.set(zone, true);
    else if (known === undefined) links.set(zone, new Set([graph.referenceKey(idKey(vnet), link)]));
    else if (known !== true) known.add(graph.referenceKey(idKey(vnet), link));
  }
  return links;
}

/** A private zone linked to a VNet: its name, and whether the link falls back to public DNS for a name it lacks. */
interface LinkedZone {
  readonly name: string;
  readonly key: string;
  readonly fallback: boolean;
}

/** The private zones linked to each VNet of the input, by the VNet's `graph.keyOf` (zones and VNets as each link reads them). */
function zonesByVnet(graph: ResourceGraph): Map<string, LinkedZone[]> {
  const zones = new Map<string, LinkedZone[]>();
  for (const link of graph.ofType('Microsoft.Network/privateDnsZones/virtualNetworkLinks')) {
    const zone = parentId(link.id);
    const vnet = get(link, 'properties', 'virtualNetwork', 'id');
    if (zone === undefined || typeof vnet !== 'string') continue;
    const fallback = get(link, 'properties', 'resolutionPolicy');
    const entry = {
      name: normalized(zone.slice(zone.lastIndexOf('/') + 1)),
      key: graph.referenceKey(idKey(zone), link),
      fallback: typeof fallback === 'string' && /^NxDomainRedirect$/i.test(fallback),
    };
    const vnetKey = graph.referenceKey(idKey(vnet), link);
    const list = zones.get(vnetKey);
    if (list) list.push(entry);
    else zones.set(vnetKey, [entry]);
  }
  return zones;
}

/** The private zone linked to `vnet` that Azure DNS answers `name` from there: the longest zone name that ends the name. */
function governingZone(graph: ResourceGraph, name: string, vnet: Resource): LinkedZone | undefined {
  let governing: LinkedZone | undefined;
  for (const zone of graph.derive(zonesByVnet).get(graph.keyOf(vnet)) ?? []) {
    const under = name === zone.name || name.endsWith(`.${zone.name}`);
    if (under && (governing === undefined || zone.name.length > governing.name.length)) governing = zone;
  }
  return governing;
}

/** Whether Azure DNS in `vnet` answers from a zone's records: a public zone, a private one linked to it, or one whose links are not in the input. */
function answersIn(graph: ResourceGraph, records: Records, vnet: Resource | undefined): boolean {
  if (vnet === undefined || records.privateZone === undefined) return true;
  const linked = graph.derive(zoneLinks).get(records.privateZone);
  return linked === undefined || linked === true || linked.has(graph.keyOf(vnet));
}

const RECORD_ID = /\/(privateDnsZones|dnsZones)\/([^/]+)\/(A|AAAA|CNAME)\/([^/]+)$/i;

function read(set: Resource, kind: string, name: string, records: Records): void {
  const alias = get(set, 'properties', 'targetResource', 'id');
  if (isUnknown(alias)) records.unknowns.push(alias);
  else if (typeof alias === 'string' && alias !== '') records.unknowns.push(new Unknown(`the DNS record '${name}' is an alias of an Azure resource`));
  if (kind === 'CNAME') {
    const target = get(set, 'properties', 'cnameRecord', 'cname');
    if (isUnknown(target)) records.unknowns.push(target);
    else if (typeof target === 'string') records.aliases.push(normalized(target));
    return;
  }
  const [list, field] = kind === 'A' ? ['aRecords', 'ipv4Address'] : ['aaaaRecords', 'ipv6Address'];
  const entries = asArray(get(set, 'properties', list));
  if (isUnknown(entries)) return void records.unknowns.push(entries);
  for (const entry of entries ?? []) {
    const address = prop(entry, field);
    if (isUnknown(address)) records.unknowns.push(address);
    const parsed = typeof address === 'string' ? parseCidr(address) : undefined;
    if (parsed) records.addresses.push(parsed);
  }
}

/**
 * The answers that say no zone of the input holds a name where it is asked (none has a record for
 * it, or none that answers there): the name may resolve elsewhere. Other Unknown answers are of
 * records the input holds whose values are not known.
 */
const NOT_HELD = new WeakSet<Unknown>();

function notHeld(reason: string): Unknown {
  const unknown = new Unknown(reason);
  NOT_HELD.add(unknown);
  return unknown;
}

/** Whether an answer of `resolveName` says no zone of the input holds the name (rather than a record whose value is not known). */
export function isNameNotHeld(answer: Unknown): boolean {
  return NOT_HELD.has(answer);
}

/**
 * The addresses a name resolves to through the input's DNS records, following CNAME records, as
 * Azure DNS answers in `vnet` (any VNet when not given: one with custom DNS servers, or not known);
 * Unknown when no zone of the input answers for the name (it may resolve elsewhere: a zone not
 * scanned, on-premises DNS) or a record cannot be read. Answered once per name, VNet and graph: an
 * Application Gateway's backends are looked up for every VM that may be one of them.
 */
export function resolveName(graph: ResourceGraph, fqdn: string, vnet?: Resource): IntervalSet | Unknown {
  const answers = graph.derive(resolvedNames);
  const key = vnet === undefined ? fqdn : `${graph.keyOf(vnet)} ${fqdn}`;
  let answer = answers.get(key);
  if (answer === undefined) {
    answer = resolveAnew(graph, fqdn, vnet);
    answers.set(key, answer);
  }
  return answer;
}

const resolvedNames = (): Map<string, IntervalSet | Unknown> => new Map();

function resolveAnew(graph: ResourceGraph, fqdn: string, vnet: Resource | undefined): IntervalSet | Unknown {
  const names = graph.derive(recordsByName);
  const resolve = (name: string, depth: number): IntervalSet | Unknown => {
    const zones = answeringZones(graph, names.get(name) ?? [], name, vnet);
    if (isUnknown(zones)) return zones;
    if (zones.length === 0)
      return notHeld(
        names.has(name) && vnet !== undefined
          ? `the private DNS zones with a record for '${name}' are not linked to VNet '${vnet.name}'`
          : `no DNS zone in the input has a record for '${name}'`,
      );
    if (depth >= MAX_CNAME_DEPTH) return notHeld(`the CNAME records for '${fqdn}' lead more than ${MAX_CNAME_DEPTH} deep`);
    const sets: IntervalSet[] = [];
    const unknowns: Unknown[] = [];
    for (const records of zones) {
      appendAll(unknowns, records.unknowns);
      appendAll(sets, records.addresses);
      for (const alias of records.aliases) {
        const resolved = resolve(alias, depth + 1);
        // An alias of a name the input does not hold goes elsewhere (a PaaS endpoint's name, most often).
        if (isUnknown(resolved) && isNameNotHeld(resolved)) return resolved;
        if (isUnknown(resolved)) unknowns.push(resolved);
        else sets.push(resolved);
      }
    }
    const first = unknowns[0];
    if (first === undefined) return IntervalSet.unionAll(sets);
    // The one value of the answer keeps what it is (the address of an IP configuration, read with
    // `reference()`); among others, it is only one of several.
    return unknowns.length === 1 && sets.every((set) => set.isEmpty()) ? first : new Unknown(first.reason, first.origin);
  };
  return resolve(normalized(fqdn), 0);
}

/**
 * The zones whose records for `name` Azure DNS answers with in `vnet`. A private zone linked to the
 * VNet answers alone for the names under it; one without the record makes the name unknown (its
 * records may come from VM auto-registration or private endpoints, which the input does not hold),
 * unless its link falls back to public DNS, which then answers from the public zones.
 */
function answeringZones(graph: ResourceGraph, zones: readonly Records[], name: string, vnet: Resource | undefined): readonly Records[] | Unknown {
  const governing = vnet === undefined ? undefined : governingZone(graph, name, vnet);
  if (governing === undefined || vnet === undefined) return zones.filter((records) => answersIn(graph, records, vnet));
  const own = zones.find((records) => records.privateZone === governing.key);
  if (own) return [own];
  if (governing.fallback) return zones.filter((records) => records.privateZone === undefined);
  return notHeld(
    `private DNS zone '${governing.name}', linked to VNet '${vnet.name}', answers for '${name}' there, and the input holds no record for it in that zone`,
  );
}
