import { appendAll } from '../../model/arrays.js';
import { oncePerObject } from '../../model/memo.js';
import { isUnknown, quoted, Unknown, type Value } from '../../model/value.js';
import { IntervalSet } from './interval-set.js';

/**
 * One address line for IPv4, service-tag pseudo-addresses and IPv6, so a single interval set
 * holds any NSG source or destination:
 *   [0, 2^32)                  IPv4
 *   [2^32, 2^32 + 2^16)        a point per platform tag (AzureLoadBalancer, AzurePlatformDNS, …)
 *   [2^32 + 2^16, … + 2^47)    the public tags: a block of 2^16 per service (`Storage`), holding a
 *                              point per region or part (`Storage.WestUS`, `AzureFrontDoor.Backend`)
 *   [2^53, 2^53 + 2^128)       IPv6
 * Tags such as `AzureCloud` or `Storage.WestUS` denote Microsoft-owned prefixes, whose addresses
 * azvmsec does not hold: they are kept apart from real addresses, so they never count as
 * Internet-wide, but they nest as the real ranges do. A regional tag lies in its service's, every
 * public tag in `AzureCloud` ("all datacenter public IP addresses"), and every public tag in
 * `Internet` and `0.0.0.0/0` (the Internet tag "includes the Azure-owned public IP address
 * space"): a Deny of `Internet` above an Allow of `AzureCloud` takes it away. Of that space, the
 * part anyone can send from (`RENTABLE`: all but Microsoft's own services' tags) is among an Internet frontend's clients. A service's regional
 * tags do not lie in `AzureCloud.<region>` (an approximation). IPv4 and tags lie below 2^53, where
 * interval sets work on numbers (interval-set.ts).
 */
const TAG_BASE = 1n << 32n;
const PUBLIC_TAG_BASE = TAG_BASE + (1n << 16n);
const TAG_BLOCK = 1n << 16n;
const V6_BASE = 1n << 53n;

export const ALL_V4 = IntervalSet.range(0, 2 ** 32 - 1);
export const ALL_V6 = IntervalSet.range(V6_BASE, V6_BASE + (1n << 128n) - 1n);
/** Every real IP address, both families. */
export const ALL_IP = ALL_V6.union(ALL_V4);
const ALL_TAGS = IntervalSet.range(TAG_BASE, TAG_BASE + (1n << 48n) - 1n);
/** Every public service tag: what `AzureCloud` covers, and part of `Internet` and `0.0.0.0/0`. */
export const PUBLIC_TAGS = IntervalSet.range(PUBLIC_TAG_BASE, PUBLIC_TAG_BASE + (1n << 47n) - 1n);
/** Tags of platform addresses that are not on the Internet (168.63.129.16, 169.254.169.254, …). */
const PLATFORM_TAGS = new Set(['azureloadbalancer', 'azureplatformdns', 'azureplatformimds', 'azureplatformlkm']);
/** Everything a rule's `*` matches: every address and every service tag. */
export const UNIVERSE = ALL_IP.union(ALL_TAGS);

const PRIVATE_V4 = ['0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.168.0.0/16', '224.0.0.0/3'];
/** IPv6 global unicast (RFC 4291, IANA): the rest is reserved, unique local, link-local or multicast, which Azure VNets may still use (`ace:cab:deca::/48`). */
const GLOBAL_UNICAST_V6 = '2000::/3';

/** Public IPv4 space: what an Internet client behind an IPv4 frontend can come from. */
export const PUBLIC_V4 = ALL_V4.subtract(setOf(PRIVATE_V4));
export const PUBLIC_V6 = setOf([GLOBAL_UNICAST_V6]);
export const PUBLIC = PUBLIC_V4.union(PUBLIC_V6);

/**
 * The Internet's scale: a /8 of public IPv4 (16.7 million addresses) or a /32 of IPv6. Sources that
 * take in this much public space are as broad as the Internet for an attacker, who can rent
 * addresses in any of it (AZV-NET-007, AZV-CONN-003); and the Internet less fewer addresses than
 * this is still the Internet (a few ranges denied above an Allow from everyone).
 */
export const INTERNET_SCALE_V4 = 1n << 24n;
export const INTERNET_SCALE_V6 = 1n << 96n;

/** Whether a set holds at least the Internet's scale of public addresses of one family. */
export function ofInternetScale(set: IntervalSet): boolean {
  // Most sets are an admin range or a subnet: counted before any intersection is built.
  if (set.size() < INTERNET_SCALE_V4) return false;
  return set.intersect(PUBLIC_V4).size() >= INTERNET_SCALE_V4 || set.intersect(PUBLIC_V6).size() >= INTERNET_SCALE_V6;
}

function setOf(cidrs: string[]): IntervalSet {
  return cidrs.reduce((set, cidr) => set.union(parseCidr(cidr) ?? IntervalSet.EMPTY), IntervalSet.EMPTY);
}

/** The pseudo-addresses of a service tag (case-insensitive): a point, a service's block, or every public tag for `AzureCloud`. */
export function tagAddress(tag: string): IntervalSet {
  const lower = tag.toLowerCase();
  const known = tagAddresses.get(lower);
  if (known) {
    if (tag < known.name) tagAddresses.set(lower, { name: tag, set: known.set });
    return known.set;
  }
  const found = computeTagAddress(lower);
  if (tagAddresses.size < 4096) tagAddresses.set(lower, { name: tag, set: found });
  return found;
}

/**
 * Service tags are few and every NSG rule naming one asks again; bounded against inputs that invent
 * thousands. Each keeps a spelling to be named by in messages, the first in code order (`Storage`
 * before `storage`) whatever order the inputs give them in.
 */
const tagAddresses = new Map<string, { readonly name: string; readonly set: IntervalSet }>();

/**
 * Service tags for messages: `AzureCloud` for every public tag, else the tags named so far whose
 * pseudo-addresses the set holds, the widest only (`Storage`, not also `Storage.WestUS`), and
 * `(service tags)` for what they leave out.
 */
function tagsIn(set: IntervalSet): string[] {
  if (set.covers(RENTABLE)) {
    const rest = set.subtract(PUBLIC_TAGS);
    return ['AzureCloud', ...(rest.isEmpty() ? [] : tagsIn(rest))];
  }
  const held = [...tagAddresses.values()].filter((tag) => set.covers(tag.set));
  const widest = held.filter((tag) => !held.some((other) => other !== tag && other.set.covers(tag.set) && !tag.set.covers(other.set)));
  const names = widest.map((tag) => tag.name).sort();
  return IntervalSet.unionAll(widest.map((tag) => tag.set)).equals(set) ? names : [...names, '(service tags)'];
}

function computeTagAddress(tag: string): IntervalSet {
  if (PLATFORM_TAGS.has(tag)) {
    const point = TAG_BASE + (fnv(tag) % TAG_BLOCK);
    return IntervalSet.range(point, point);
  }
  const dot = tag.indexOf('.');
  const service = dot < 0 ? tag : tag.slice(0, dot);
  if (dot < 0 && service === 'azurecloud') return PUBLIC_TAGS;
  if (dot < 0) return serviceBlock(service);
  // Point 0 of a block is no region: a region or part takes one of the others.
  const point = blockStart(service) + 1n + (fnv(tag.slice(dot + 1)) % (TAG_BLOCK - 1n));
  return IntervalSet.range(point, point);
}

/** The block of a service's tag (lower case) and its regional tags. */
function serviceBlock(service: string): IntervalSet {
  const start = blockStart(service);
  return IntervalSet.range(start, start + TAG_BLOCK - 1n);
}

function blockStart(service: string): bigint {
  return PUBLIC_TAG_BASE + (fnv(service) % (1n << 31n)) * TAG_BLOCK;
}

/**
 * Tags of Microsoft's own services, which send only what Microsoft does (storage front ends, the
 * gateway and monitoring control planes, …): not on the Internet an attacker reaches a VM from.
 * Every other public tag is: `AzureCloud` holds every customer's VMs, and multi-tenant services
 * (App Service, API Management, Logic Apps and their connectors, Data Factory, Front Door's back
 * ends, …) send what their customers ask; a tag not listed here is taken to be one of those.
 */
const MICROSOFT_ONLY_TAGS = [
  'storage',
  'sql',
  'sqlmanagement',
  'gatewaymanager',
  'azuremonitor',
  'azureactivedirectory',
  'azureactivedirectorydomainservices',
  'azurekeyvault',
  'eventhub',
  'servicebus',
  'azurebackup',
  'azureresourcemanager',
  'azuretrafficmanager',
  'azuresiterecovery',
  'guestandhybridmanagement',
  'azureupdatedelivery',
  'azurecosmosdb',
  'microsoftcontainerregistry',
  'azurecontainerregistry',
  'azureportal',
  'azurearcinfrastructure',
  'azureattestation',
  'batchnodemanagement',
  'azurefrontdoor.firstparty',
];

/** The Azure-owned public space anyone can send from: every public tag's but Microsoft's own services' (computed without naming them, see tagsIn). */
const RENTABLE = PUBLIC_TAGS.subtract(IntervalSet.unionAll(MICROSOFT_ONLY_TAGS.map(computeTagAddress)));

/** The clients of an IPv4 frontend on the Internet: public addresses and the Azure-owned space anyone can rent (`RENTABLE`); and of one of either family. */
export const INTERNET_V4 = PUBLIC_V4.union(RENTABLE);
export const INTERNET = PUBLIC.union(RENTABLE);

/** FNV-1a, 64 bits. */
function fnv(text: string): bigint {
  let hash = 0xcbf29ce484222325n;
  for (const char of text) {
    hash ^= BigInt(char.codePointAt(0) ?? 0);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash ^ (hash >> 32n);
}

function parseV4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    value = (value << 8n) | BigInt(part);
  }
  return value;
}

function parseV6(text: string): bigint | undefined {
  if (!/^[0-9a-f:.]+$/i.test(text) || !text.includes(':')) return undefined;
  let body = text;
  const lastColon = text.lastIndexOf(':');
  const last = text.slice(lastColon + 1);
  if (last.includes('.')) {
    // An embedded IPv4 tail (`::ffff:10.0.0.1`) is two groups.
    const v4 = parseV4(last);
    if (v4 === undefined) return undefined;
    body = `${text.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = body.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string | undefined): bigint[] | undefined => {
    if (part === undefined || part === '') return [];
    const out: bigint[] = [];
    for (const group of part.split(':')) {
      if (!/^[0-9a-f]{1,4}$/i.test(group)) return undefined;
      out.push(BigInt(`0x${group}`));
    }
    return out;
  };
  const head = groups(halves[0]);
  const rest = groups(halves[1]);
  if (!head || !rest) return undefined;
  const total = head.length + rest.length;
  if (halves.length === 1 && total !== 8) return undefined;
  if (halves.length === 2 && total > 7) return undefined;
  const all = [...head, ...Array<bigint>(8 - total).fill(0n), ...rest];
  return all.reduce((value, group) => (value << 16n) | group, 0n);
}

/** An IPv4 or IPv6 address or CIDR as a range on the address line; undefined when it is neither. */
export function parseCidr(text: string): IntervalSet | undefined {
  const [address, bits, extra] = text.trim().split('/');
  if (address === undefined || extra !== undefined) return undefined;
  const v4 = parseV4(address);
  const width = v4 !== undefined ? 32 : 128;
  const value = v4 ?? parseV6(address);
  if (value === undefined) return undefined;
  const length = bits === undefined ? width : /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
  if (!(length >= 0 && length <= width)) return undefined;
  const hostBits = BigInt(width - length);
  const lo = (value >> hostBits) << hostBits;
  const hi = lo + (1n << hostBits) - 1n;
  const base = v4 !== undefined ? 0n : V6_BASE;
  return IntervalSet.range(base + lo, base + hi);
}

/** Whether an address line value is IPv4. */
export function isV4(set: IntervalSet): boolean {
  return ALL_V4.covers(set) && !set.isEmpty();
}

function formatV4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
}

function formatV6(value: bigint): string {
  const groups = [112n, 96n, 80n, 64n, 48n, 32n, 16n, 0n].map((shift) => ((value >> shift) & 0xffffn).toString(16));
  // Compress the longest run of zero groups.
  let best = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLength) {
      best = i;
      bestLength = j - i;
    }
    i = j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLength).join(':')}`;
}

/** CIDRs covering a set's real addresses, smallest list, for messages (`10.0.0.0/16`, `::/0`). */
export function formatAddresses(set: IntervalSet, limit = 6): string[] {
  const out: string[] = [];
  // IPv6 first, then IPv4, as they have always been listed.
  for (const [family, base, width] of [
    [ALL_V6, V6_BASE, 128],
    [ALL_V4, 0n, 32],
  ] as const) {
    for (const [lo, hi] of set.intersect(family).ranges) {
      let start = lo - base;
      const end = hi - base;
      while (start <= end && out.length <= limit) {
        let size = 0;
        while (size < width && (start & ((1n << BigInt(size + 1)) - 1n)) === 0n && start + (1n << BigInt(size + 1)) - 1n <= end) size++;
        out.push(`${width === 32 ? formatV4(start) : formatV6(start)}/${width - size}`);
        start += 1n << BigInt(size);
      }
    }
  }
  const tags = set.intersect(ALL_TAGS);
  if (!tags.isEmpty()) appendAll(out, tagsIn(tags));
  return out.length > limit ? [...out.slice(0, limit), '…'] : out;
}

/**
 * Sources for messages: `Internet` when they cover a whole public family, else CIDRs. One frozen
 * list per set: kept sets are shared, and the exposure of every VM behind an NSG names the same.
 */
export const describeSources = oncePerObject((set: IntervalSet): readonly string[] => Object.freeze(sourceList(set)));

function sourceList(set: IntervalSet): string[] {
  const v4 = set.covers(PUBLIC_V4);
  const v6 = set.covers(PUBLIC_V6);
  // The Internet holds the service tags' public space: it goes without saying.
  if (v4 && v6) return ['Internet'];
  if (v4) return ['Internet (IPv4)', ...formatAddresses(set.subtract(INTERNET_V4))];
  if (v6) return ['Internet (IPv6)', ...formatAddresses(set.subtract(ALL_V6))];
  return formatAddresses(set);
}

/** A CIDR or a list of CIDRs; Unknown when any part is. */
export function prefixesOf(value: Value | undefined): IntervalSet | Unknown {
  if (value === undefined || value === null) return IntervalSet.EMPTY;
  if (isUnknown(value)) return value;
  const list = Array.isArray(value) ? value : [value];
  const sets: IntervalSet[] = [];
  for (const item of list) {
    if (isUnknown(item)) return item;
    const parsed = typeof item === 'string' ? parseCidr(item) : undefined;
    if (!parsed) return new Unknown(`${quoted(item)} is not an address prefix`);
    sets.push(parsed);
  }
  return IntervalSet.unionAll(sets);
}
