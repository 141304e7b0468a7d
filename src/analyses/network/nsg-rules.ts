import { at, type Resource } from '../../model/resource.js';
import { idKey } from '../../model/resource-id.js';
import { isObject, isUnknown, lookup, prop, quoted, Unknown, type Value } from '../../model/value.js';
import { IntervalSet } from './interval-set.js';
import { ALL_V4, ALL_V6, parseCidr, PUBLIC_TAGS, UNIVERSE } from './addresses.js';
import { ALL_PORTS, ALL_PROTOCOLS, parsePortRange, parseProtocol, type ProtocolSet } from './ports.js';
import { appendAll } from '../../model/arrays.js';

export type Direction = 'Inbound' | 'Outbound';
export type Access = 'Allow' | 'Deny';

/** One entry of a rule's source or destination. */
export type AddressItem =
  /** `*` / `Any` (every address and tag), or `0.0.0.0/0` / `::/0` (every address of one family). */
  | { readonly kind: 'any'; readonly set: IntervalSet; readonly text: string }
  | { readonly kind: 'internet' }
  | { readonly kind: 'virtual-network' }
  /** Any other service tag: `AzureLoadBalancer`, `AzureCloud`, `GatewayManager`, … */
  | { readonly kind: 'tag'; readonly name: string }
  | { readonly kind: 'cidr'; readonly set: IntervalSet; readonly text: string }
  | { readonly kind: 'asg'; readonly key: string; readonly name: string }
  | { readonly kind: 'unknown'; readonly reason: string };

/** A security rule as written (or synthesized, for the default rules), with Unknown kept per field. */
export interface NsgRule {
  readonly nsg: Resource;
  readonly name: string;
  /** JSON pointer of the rule inside the NSG resource; undefined for default rules. */
  readonly pointer: string | undefined;
  readonly isDefault: boolean;
  readonly priority: number | Unknown;
  readonly direction: Direction | Unknown;
  readonly access: Access | Unknown;
  readonly protocols: ProtocolSet | Unknown;
  readonly ports: IntervalSet | Unknown;
  /** True when the rule matches every source port; false when it is limited to some. */
  readonly allSourcePorts: boolean | Unknown;
  readonly source: readonly AddressItem[];
  readonly destination: readonly AddressItem[];
}

const DEFAULTS: readonly { name: string; priority: number; direction: Direction; access: Access; source: string; destination: string }[] = [
  { name: 'AllowVnetInBound', priority: 65000, direction: 'Inbound', access: 'Allow', source: 'VirtualNetwork', destination: 'VirtualNetwork' },
  { name: 'AllowAzureLoadBalancerInBound', priority: 65001, direction: 'Inbound', access: 'Allow', source: 'AzureLoadBalancer', destination: '*' },
  { name: 'DenyAllInBound', priority: 65500, direction: 'Inbound', access: 'Deny', source: '*', destination: '*' },
  { name: 'AllowVnetOutBound', priority: 65000, direction: 'Outbound', access: 'Allow', source: 'VirtualNetwork', destination: 'VirtualNetwork' },
  { name: 'AllowInternetOutBound', priority: 65001, direction: 'Outbound', access: 'Allow', source: '*', destination: 'Internet' },
  { name: 'DenyAllOutBound', priority: 65500, direction: 'Outbound', access: 'Deny', source: '*', destination: '*' },
];

const parsedRules = new WeakMap<Resource, readonly NsgRule[]>();

/** The NSG's security rules followed by the six default rules Azure adds to every NSG. */
export function nsgRules(nsg: Resource): NsgRule[] {
  // Parsed once per NSG: a subnet NSG is read for every VM behind it.
  let rules = parsedRules.get(nsg);
  if (!rules) {
    rules = parseNsgRules(nsg);
    parsedRules.set(nsg, rules);
  }
  return rules.slice();
}

function parseNsgRules(nsg: Resource): NsgRule[] {
  const rules: NsgRule[] = [];
  const list = at(nsg, 'properties', 'securityRules');
  if (isUnknown(list.value)) rules.push(unknownRule(nsg, 'securityRules', list.pointer, list.value.reason));
  else if (Array.isArray(list.value)) {
    list.value.forEach((entry, index) => rules.push(parseRule(nsg, entry, `${list.pointer}/${index}`, index)));
    markRejected(rules);
  }
  for (const d of DEFAULTS) {
    rules.push({
      nsg,
      name: d.name,
      pointer: undefined,
      isDefault: true,
      priority: d.priority,
      direction: d.direction,
      access: d.access,
      protocols: ALL_PROTOCOLS,
      ports: ALL_PORTS,
      allSourcePorts: true,
      source: [addressItem(d.source)],
      destination: [addressItem(d.destination)],
    });
  }
  return rules;
}

/** The priorities Azure accepts for a security rule ("A number between 100 and 4096"). */
const PRIORITY_RANGE = [100, 4096] as const;

/**
 * Rules Azure would not accept, whose place in the order is then not known: more than one service
 * tag on a side, a priority outside 100–4096, or one that another rule of the same direction has ("You can't create two security
 * rules with the same priority and direction"). Azure rejects such an NSG; which rule a written
 * order would put first decides nothing.
 */
function markRejected(rules: NsgRule[]): void {
  const byPlace = new Map<string, number[]>();
  rules.forEach((rule, index) => {
    if (isUnknown(rule.priority)) return;
    // "You can't specify multiple service tags … in a single rule."
    const tags = (items: readonly AddressItem[]): number =>
      items.filter((item) => item.kind === 'tag' || item.kind === 'internet' || item.kind === 'virtual-network').length;
    if (tags(rule.source) > 1 || tags(rule.destination) > 1) {
      rules[index] = { ...rule, priority: new Unknown(`rule '${rule.name}' names more than one service tag on one side, which Azure rejects`) };
      return;
    }
    if (rule.priority < PRIORITY_RANGE[0] || rule.priority > PRIORITY_RANGE[1]) {
      rules[index] = { ...rule, priority: new Unknown(`rule '${rule.name}' has priority ${rule.priority}, outside the 100–4096 Azure accepts`) };
      return;
    }
    if (isUnknown(rule.direction)) return;
    const place = `${rule.direction} ${rule.priority}`;
    const list = byPlace.get(place);
    if (list) list.push(index);
    else byPlace.set(place, [index]);
  });
  for (const [place, indexes] of byPlace) {
    if (indexes.length < 2) continue;
    const names = indexes.map((i) => `'${(rules[i] as NsgRule).name}'`).join(', ');
    const unknown = new Unknown(`rules ${names} have the same direction and priority (${place}), which Azure rejects`);
    for (const i of indexes) rules[i] = { ...(rules[i] as NsgRule), priority: unknown };
  }
}

function unknownRule(nsg: Resource, name: string, pointer: string, reason: string): NsgRule {
  const unknown = new Unknown(reason);
  return {
    nsg,
    name,
    pointer,
    isDefault: false,
    priority: unknown,
    direction: unknown,
    access: unknown,
    protocols: unknown,
    ports: unknown,
    allSourcePorts: unknown,
    source: [{ kind: 'unknown', reason }],
    destination: [{ kind: 'unknown', reason }],
  };
}

function parseRule(nsg: Resource, entry: Value, pointer: string, index: number): NsgRule {
  const named = prop(entry, 'name');
  const name = typeof named === 'string' ? named : `#${index}`;
  if (isUnknown(entry)) return unknownRule(nsg, name, pointer, entry.reason);
  const properties = lookup(entry, ['properties']).value;
  if (isUnknown(properties)) return unknownRule(nsg, name, pointer, properties.reason);
  const field = (key: string): Value | undefined => lookup(properties, [key]).value;
  return {
    nsg,
    name,
    pointer,
    isDefault: false,
    priority: readPriority(field('priority')),
    direction: readEnum(field('direction'), ['Inbound', 'Outbound'] as const, 'direction'),
    access: readEnum(field('access'), ['Allow', 'Deny'] as const, 'access'),
    protocols: readProtocol(field('protocol')),
    ports: readPorts([field('destinationPortRange'), field('destinationPortRanges')]),
    allSourcePorts: readSourcePorts([field('sourcePortRange'), field('sourcePortRanges')]),
    source: readAddresses(field('sourceAddressPrefix'), field('sourceAddressPrefixes'), field('sourceApplicationSecurityGroups')),
    destination: readAddresses(field('destinationAddressPrefix'), field('destinationAddressPrefixes'), field('destinationApplicationSecurityGroups')),
  };
}

export function readPriority(value: Value | undefined): number | Unknown {
  if (isUnknown(value)) return value;
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof number === 'number' && Number.isInteger(number)) return number;
  return new Unknown('the rule has no valid priority');
}

export function readEnum<T extends string>(value: Value | undefined, options: readonly T[], what: string): T | Unknown {
  if (isUnknown(value)) return value;
  const found = typeof value === 'string' ? options.find((option) => option.toLowerCase() === value.toLowerCase()) : undefined;
  return found ?? new Unknown(`the rule's ${what} is ${quoted(value ?? null)}`);
}

export function readProtocol(value: Value | undefined): ProtocolSet | Unknown {
  if (isUnknown(value)) return value;
  const parsed = typeof value === 'string' ? parseProtocol(value) : undefined;
  return parsed ?? new Unknown(`the rule's protocol is ${quoted(value ?? null)}`);
}

/** Single and plural fields, values joined: Azure accepts either, and either may be empty. */
function entries(values: (Value | undefined)[]): Value[] | Unknown {
  const out: Value[] = [];
  for (const value of values) {
    if (isUnknown(value)) return value;
    if (Array.isArray(value)) appendAll(out, value);
    else if (value !== undefined && value !== null && value !== '') out.push(value);
  }
  return out;
}

export function readPorts(values: (Value | undefined)[]): IntervalSet | Unknown {
  const list = entries(values);
  if (isUnknown(list)) return list;
  if (list.length === 0) return new Unknown('the rule has no destination port');
  const sets: IntervalSet[] = [];
  for (const item of list) {
    if (isUnknown(item)) return item;
    const parsed = typeof item === 'string' || typeof item === 'number' ? parsePortRange(String(item)) : undefined;
    if (!parsed) return new Unknown(`the port range ${quoted(item)} is not valid`);
    sets.push(parsed);
  }
  return IntervalSet.unionAll(sets);
}

export function readSourcePorts(values: (Value | undefined)[]): boolean | Unknown {
  const set = readPorts(values);
  if (isUnknown(set)) return set.reason === 'the rule has no destination port' ? true : set;
  return set.covers(ALL_PORTS);
}

function readAddresses(single: Value | undefined, plural: Value | undefined, asgs: Value | undefined): AddressItem[] {
  const items: AddressItem[] = [];
  const list = entries([single, plural]);
  if (isUnknown(list)) items.push({ kind: 'unknown', reason: list.reason });
  else
    for (const item of list)
      items.push(
        isUnknown(item)
          ? { kind: 'unknown', reason: item.reason }
          : typeof item === 'string'
            ? addressItem(item)
            : { kind: 'unknown', reason: `the address ${quoted(item)} is not valid` },
      );
  if (isUnknown(asgs)) items.push({ kind: 'unknown', reason: asgs.reason });
  else if (Array.isArray(asgs)) {
    for (const asg of asgs) {
      const id = isObject(asg) ? prop(asg, 'id') : asg;
      if (typeof id === 'string') items.push({ kind: 'asg', key: idKey(id), name: id.split('/').pop() ?? id });
      else items.push({ kind: 'unknown', reason: isUnknown(id) ? id.reason : 'an application security group reference is not an id' });
    }
  }
  if (items.length === 0) items.push({ kind: 'unknown', reason: 'the rule names no address' });
  return items;
}

const ALL_V4_AND_TAGS = ALL_V4.union(PUBLIC_TAGS);

/** One address prefix or tag as written in a rule. */
export function addressItem(text: string): AddressItem {
  const value = text.trim();
  const lower = value.toLowerCase();
  if (lower === '*' || lower === 'any') return { kind: 'any', set: UNIVERSE, text: value };
  // Every address of one family: an IPv4 packet never matches `::/0`, nor an IPv6 one `0.0.0.0/0`.
  // The public service tags are mostly IPv4 (`AzureCloud` is IPv4 only): `0.0.0.0/0` takes them in.
  if (lower === '0.0.0.0/0' || lower === '0.0.0.0') return { kind: 'any', set: ALL_V4_AND_TAGS, text: value };
  if (lower === '::/0') return { kind: 'any', set: ALL_V6, text: value };
  if (lower === 'internet') return { kind: 'internet' };
  if (lower === 'virtualnetwork') return { kind: 'virtual-network' };
  const cidr = parseCidr(value);
  if (cidr) return { kind: 'cidr', set: cidr, text: value };
  if (/^[a-z][a-z0-9.-]*$/i.test(value)) return { kind: 'tag', name: value };
  return { kind: 'unknown', reason: `the address ${quoted(value)} is not an IP, CIDR or service tag` };
}

export function formatAddressItems(items: readonly AddressItem[]): string {
  return items
    .map((item) => {
      switch (item.kind) {
        case 'any':
        case 'cidr':
          return item.text;
        case 'internet':
          return 'Internet';
        case 'virtual-network':
          return 'VirtualNetwork';
        case 'tag':
          return item.name;
        case 'asg':
          return `ASG ${item.name}`;
        case 'unknown':
          return '(unknown)';
      }
    })
    .join(', ');
}
