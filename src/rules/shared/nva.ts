import { parseCidr } from '../../analyses/network/addresses.js';
import type { IntervalSet } from '../../analyses/network/interval-set.js';
import type { VmNetwork } from '../../analyses/network/exposure.js';
import type { ResourceGraph } from '../../model/graph.js';
import { pushTo } from '../../model/multimap.js';
import { at, get, type Resource } from '../../model/resource.js';
import { asBoolean, asString, isUnknown, prop, Unknown } from '../../model/value.js';

/** Marketplace publishers of firewall and router appliances. */
export const NVA_PUBLISHERS = [
  'paloaltonetworks',
  'fortinet',
  'checkpoint',
  'cisco',
  'barracudanetworks',
  'sophos',
  'f5-networks',
  'juniper-networks',
  'vmware-inc',
  'netgate',
];

/** A route whose next hop is one of the appliance's forwarding addresses. */
export interface NextHop {
  readonly table: Resource;
  readonly route: string;
  readonly pointer: string;
}

const NVA_PUBLISHER_SET: ReadonlySet<string> = new Set(NVA_PUBLISHERS);
const PUBLISHER_PATHS = [
  ['plan', 'publisher'],
  ['properties', 'storageProfile', 'imageReference', 'publisher'],
] as const;

export interface NvaEvidence {
  /** Why the VM counts as a network virtual appliance, for messages; empty when it does not. */
  readonly evidence: readonly string[];
  readonly hops: readonly NextHop[];
}

/**
 * Whether a VM is a network virtual appliance (a firewall or router VM): an image from an appliance
 * publisher, or a NIC with IP forwarding whose address is the next hop of a route. Unknown when
 * the image, the forwarding setting, the address or a next hop cannot be read.
 */
export function nvaEvidence(graph: ResourceGraph, vm: Resource, network: VmNetwork): NvaEvidence | Unknown {
  const evidence: string[] = [];
  for (const path of PUBLISHER_PATHS) {
    const publisher = asString(get(vm, ...path));
    if (isUnknown(publisher)) return publisher;
    if (publisher !== undefined && NVA_PUBLISHER_SET.has(publisher.toLowerCase()) && !evidence.includes(`image ${publisher}`))
      evidence.push(`image ${publisher}`);
  }
  const hops: NextHop[] = [];
  for (const target of network.targets) {
    const forwarding = asBoolean(get(target.nic, 'properties', 'enableIPForwarding'));
    if (isUnknown(forwarding)) return forwarding;
    if (forwarding !== true) continue;
    if (isUnknown(target.address)) return target.address;
    const routes = graph.derive(routeNextHops);
    if (isUnknown(routes)) return routes;
    const address = target.address;
    if (!target.addressIsExact) {
      // A dynamic address is somewhere in the subnet: a next hop there may be this NIC.
      const maybe = routes.all.find((route) => address.covers(route.address));
      if (maybe)
        return new Unknown(
          `NIC '${target.nic.name}' forwards packets and its private IP is not fixed: it may be the next hop of route '${maybe.hop.route}' in '${maybe.hop.table.name}'`,
        );
      continue;
    }
    // One address covers only next hops equal to it.
    const single = singleAddress(address);
    const candidates = single === undefined ? routes.all : (routes.byAddress.get(single) ?? []);
    for (const route of candidates) if (address.covers(route.address)) hops.push(route.hop);
    if (hops.length > 0 && !evidence.includes('IP forwarding, next hop of a route')) evidence.push('IP forwarding, next hop of a route');
  }
  return { evidence, hops };
}

interface RouteHop {
  readonly hop: NextHop;
  readonly address: IntervalSet;
}

/**
 * Every route's next-hop address, read once per graph, in graph order, and by address where it is
 * one address; Unknown for the first next hop that cannot be read. Asked for every forwarding NIC
 * of every VM by two rules, reading every route table each time would grow with both.
 */
function routeNextHops(graph: ResourceGraph): { all: RouteHop[]; byAddress: Map<string, RouteHop[]> } | Unknown {
  const all: RouteHop[] = [];
  const byAddress = new Map<string, RouteHop[]>();
  for (const table of graph.ofType('Microsoft.Network/routeTables')) {
    const routes = at(table, 'properties', 'routes');
    // Routes not known may name any next hop.
    if (isUnknown(routes.value)) return routes.value;
    if (!Array.isArray(routes.value)) continue;
    for (const [index, route] of routes.value.entries()) {
      const hop = asString(prop(route, 'properties', 'nextHopIpAddress'));
      if (isUnknown(hop)) return hop;
      const address = hop === undefined ? undefined : parseCidr(hop);
      if (address === undefined) continue;
      const name = asString(prop(route, 'name'));
      const entry = { hop: { table, route: typeof name === 'string' ? name : String(index), pointer: `${routes.pointer}/${index}` }, address };
      all.push(entry);
      const single = singleAddress(address);
      if (single !== undefined) pushTo(byAddress, single, entry);
    }
  }
  return { all, byAddress };
}

/** The one address a set holds, as text, or undefined when it holds more or none. */
function singleAddress(set: IntervalSet): string | undefined {
  const ranges = set.ranges;
  const [only] = ranges;
  return ranges.length === 1 && only !== undefined && only[0] === only[1] ? only[0].toString() : undefined;
}
