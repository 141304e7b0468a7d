import type { ResourceGraph } from '../../model/graph.js';
import { attachedNsg, nicIpConfigurations, subnetRouteTable, vmNics, type IpConfiguration } from '../../model/relations.js';
import { at, get, type Resource } from '../../model/resource.js';
import { idKey, parentId } from '../../model/resource-id.js';
import { asArray, asBoolean, equalsIgnoreCase, isObject, isUnknown, prop, Unknown, type Value } from '../../model/value.js';
import { ALL_IP, formatAddresses, INTERNET, parseCidr, prefixesOf, PUBLIC_TAGS, PUBLIC_V4, tagAddress, UNIVERSE } from './addresses.js';
import { protocolBit } from './ports.js';
import {
  applyAdminRules,
  definite,
  evaluateChain,
  type AddressResolution,
  type ChainElement,
  type EvaluationContext,
  type Flow,
  type SelfMatch,
} from './evaluate.js';
import { adminRulesFor } from './admin-rules.js';
import { advertisedBy, gatewaySpaces } from './gateway-spaces.js';
import { IntervalSet } from './interval-set.js';
import { nsgRules, type AddressItem } from './nsg-rules.js';
import { pushTo } from '../../model/multimap.js';
import { appendAll } from '../../model/arrays.js';

/** One IP configuration of one NIC of a VM: the unit traffic is evaluated for. */
export interface Target {
  readonly vm: Resource;
  readonly nic: Resource;
  readonly ipConfiguration: IpConfiguration;
  /** `<nic id>/ipConfigurations/<name>`, as load balancers and gateways reference it. */
  readonly ipConfigurationKey: string;
  readonly subnet: Resource | Unknown;
  readonly vnet: Resource | Unknown;
  readonly version: 'IPv4' | 'IPv6';
  /** The private IP when static; otherwise where it can be (the subnet prefixes), or Unknown. */
  readonly address: IntervalSet | Unknown;
  readonly addressIsExact: boolean;
  readonly asgs: ReadonlySet<string> | Unknown;
  readonly subnetNsg: Resource | Unknown | undefined;
  readonly nicNsg: Resource | Unknown | undefined;
  /** What the `VirtualNetwork` tag means for this VM. */
  readonly virtualNetwork: AddressResolution;
  /** AzureBastionSubnet prefixes in the VM's VNet and its peered VNets. */
  readonly bastionSubnets: IntervalSet;
  readonly bastionHosts: readonly Resource[];
  /** Where lateral movement can come from: `VirtualNetwork` (definite or maybe) outside the Bastion subnets. */
  readonly lateralSources: IntervalSet;
  /**
   * The prefixes of the subnets of the VM's VNet that hold workloads (every subnet but those Azure
   * reserves for gateways, Bastion, firewalls and Route Server); undefined when one is not known.
   */
  readonly workloadSubnets: IntervalSet | undefined;
  /** True when neither the subnet nor the NIC has (or may have) an NSG. */
  readonly noNsg: boolean;
  readonly inbound: () => readonly Flow[];
  readonly outbound: () => readonly Flow[];
  /** The inbound chain for traffic addressed to a load balancer frontend with floating IP rather than to the VM. */
  readonly inboundTo: (destination: FloatingDestination) => readonly Flow[];
}

/**
 * Where traffic through a load balancer rule with floating IP is addressed: Azure leaves the
 * frontend's IP as the destination (it does not translate it to the VM's), so the NSG rules'
 * destinations are matched against the frontend's address, not the VM's.
 */
export interface FloatingDestination {
  /** The frontend's address when known; otherwise the public range it is in. */
  readonly address: IntervalSet;
  /** Why only the range is known (a template's public IP gets its address when deployed). */
  readonly unknown?: string;
}

export interface VmTargets {
  readonly vm: Resource;
  readonly targets: readonly Target[];
  /** What could not be followed (a NIC outside the input, …); each makes the VM's answers unknown. */
  readonly problems: readonly string[];
}

/** Address prefixes of a subnet (`addressPrefix` and `addressPrefixes`). */
export function subnetPrefixes(subnet: Resource): IntervalSet | Unknown {
  let set = IntervalSet.EMPTY;
  for (const value of [get(subnet, 'properties', 'addressPrefix'), get(subnet, 'properties', 'addressPrefixes')]) {
    const parsed = prefixesOf(value);
    if (isUnknown(parsed)) return parsed;
    set = set.union(parsed);
  }
  return set.isEmpty() ? new Unknown(`subnet '${subnet.name}' has no address prefix`) : set;
}

function vnetSpace(vnet: Resource): IntervalSet | Unknown {
  return prefixesOf(get(vnet, 'properties', 'addressSpace', 'addressPrefixes'));
}

/** Subnets by the `graph.keyOf` of their VNet, in graph order: one pass over the subnets, not one per question. */
function subnetsByVnet(graph: ResourceGraph): Map<string, Resource[]> {
  const index = new Map<string, Resource[]>();
  for (const subnet of graph.ofType('Microsoft.Network/virtualNetworks/subnets')) {
    const parent = parentId(subnet.id);
    if (parent === undefined) continue;
    const key = graph.referenceKey(idKey(parent), subnet);
    pushTo(index, key, subnet);
  }
  return index;
}

/** The subnets of a VNet (listed in it or declared apart), in graph order. */
export function subnetsOf(graph: ResourceGraph, vnet: Resource): readonly Resource[] {
  return graph.derive(subnetsByVnet).get(graph.keyOf(vnet)) ?? [];
}

/** VNets by the `graph.keyOf` of the remote VNets their peerings name, in graph order (each VNet once per remote); use through `graph.derive`. */
export function peeringsByRemote(graph: ResourceGraph): Map<string, Resource[]> {
  const index = new Map<string, Resource[]>();
  for (const other of graph.ofType('Microsoft.Network/virtualNetworks')) {
    const theirs = asArray(get(other, 'properties', 'virtualNetworkPeerings'));
    if (!Array.isArray(theirs)) continue;
    const remotes = new Set<string>();
    for (const peering of theirs) {
      const id = isObject(peering) ? prop(peering, 'properties', 'remoteVirtualNetwork', 'id') : undefined;
      if (typeof id === 'string') remotes.add(graph.referenceKey(idKey(id), other));
    }
    for (const remote of remotes) {
      pushTo(index, remote, other);
    }
  }
  return index;
}

/** A VNet with a peering whose remote VNet is not known (its id, the peering, or the list of them). */
export interface UnknownPeering {
  readonly vnet: Resource;
  readonly reason: string;
  /** The keys of the VNets its other peerings name: the one not known is none of them (Azure peers two VNets once). */
  readonly known: ReadonlySet<string>;
}

/**
 * The VNets with a peering whose remote VNet is not known, in graph order; use through
 * `graph.derive`. Each may be peered with any VNet it is not already peered with whose address
 * space does not overlap its own (`mayBePeeredWith`).
 */
export function peeringsToUnknown(graph: ResourceGraph): readonly UnknownPeering[] {
  const found: UnknownPeering[] = [];
  for (const vnet of graph.ofType('Microsoft.Network/virtualNetworks')) {
    const list = asArray(get(vnet, 'properties', 'virtualNetworkPeerings'));
    let unknown = isUnknown(list) ? list : undefined;
    const known = new Set<string>();
    for (const peering of Array.isArray(list) ? list : []) {
      // A peering that is written as not Connected carries no traffic.
      const state = isUnknown(peering) ? undefined : prop(peering, 'properties', 'peeringState');
      if (typeof state === 'string' && state.toLowerCase() !== 'connected') continue;
      const id = isUnknown(peering) ? peering : prop(peering, 'properties', 'remoteVirtualNetwork', 'id');
      if (isUnknown(id)) unknown ??= id;
      else if (typeof id === 'string') known.add(idKey(id));
    }
    if (unknown) found.push({ vnet, reason: unknown.reason, known });
  }
  return found;
}

/**
 * Whether the peering not known of `peering.vnet` may be with `vnet`: not itself, nor a VNet it
 * already peers with, nor one whose address space overlaps its own (Azure refuses to peer those).
 */
export function mayBePeeredWith(peering: UnknownPeering, vnet: Resource): boolean {
  if (peering.vnet.key === vnet.key || peering.known.has(vnet.key)) return false;
  const theirs = vnetSpace(peering.vnet);
  const ours = vnetSpace(vnet);
  return isUnknown(theirs) || isUnknown(ours) || !theirs.overlaps(ours);
}

/** Bastion hosts by the `graph.keyOf` of each subnet one of their IP configurations names, in graph order. */
function bastionHostsBySubnet(graph: ResourceGraph): Map<string, Resource[]> {
  const index = new Map<string, Resource[]>();
  for (const host of graph.ofType('Microsoft.Network/bastionHosts')) {
    const configurations = asArray(get(host, 'properties', 'ipConfigurations'));
    if (!Array.isArray(configurations)) continue;
    const subnets = new Set<string>();
    for (const c of configurations) {
      const id = prop(c, 'properties', 'subnet', 'id');
      if (typeof id === 'string') subnets.add(graph.referenceKey(idKey(id), host));
    }
    for (const subnet of subnets) {
      pushTo(index, subnet, host);
    }
  }
  return index;
}

/** Per-graph memo of results computed per VNet resource. */
function perVnet<T>(): (graph: ResourceGraph) => Map<Resource, T> {
  return () => new Map<Resource, T>();
}

/** The key of the VNet a peering names, when written. */
function remoteKey(peering: Value): string | undefined {
  const id = prop(peering, 'properties', 'remoteVirtualNetwork', 'id');
  return typeof id === 'string' ? idKey(id) : undefined;
}

/**
 * The peered VNets' spaces in a VNet's `VirtualNetwork` tag. Microsoft's peering docs: the tag
 * takes in the peered VNet when the VNet's own peering allows access to it
 * (`allowVirtualNetworkAccess`, Azure's default); with access off, traffic flows only where an NSG
 * rule names the peer's addresses. A peering declared on the other side only counts as allowed (the
 * VNet's own side, not in the input, takes the default). `vnets` holds every peered VNet, access
 * or not: the routes are there either way. A peering whose `peeringState` is written and is not
 * Connected (a live scan or a snapshot says so) connects nothing, as AZV-CONN-001 reads it.
 */
function peeredVnets(graph: ResourceGraph, vnet: Resource): { spaces: IntervalSet; maybe: IntervalSet; reason?: string; vnets: Resource[] } {
  const spaces: IntervalSet[] = [];
  let maybe = IntervalSet.EMPTY;
  let reason: string | undefined;
  const vnets: Resource[] = [];
  const peerings = asArray(get(vnet, 'properties', 'virtualNetworkPeerings'));
  // A list of its own: the VNet's body is the input's, read by every rule, and stays as written.
  const list: Value[] = isUnknown(peerings) ? [peerings] : [...(peerings ?? [])];
  const declared = new Set<string>();
  for (const peering of list) {
    const key = remoteKey(peering);
    if (key !== undefined) declared.add(key);
  }
  // A peering the other side alone declares is in its state (Initiated until this side peers back).
  for (const other of graph.derive(peeringsByRemote).get(graph.keyOf(vnet)) ?? []) {
    if (other.key === vnet.key || declared.has(other.key)) continue;
    const theirs = asArray(get(other, 'properties', 'virtualNetworkPeerings'));
    const back = Array.isArray(theirs) ? theirs.find((peering) => remoteKey(peering) === vnet.key) : undefined;
    const state = prop(back, 'properties', 'peeringState');
    list.push({ properties: { remoteVirtualNetwork: { id: other.id }, ...(state === undefined ? {} : { peeringState: state }) } });
  }
  for (const peering of list) {
    // A peering that is written as not Connected carries no traffic (templates do not write the state).
    const state = isUnknown(peering) ? undefined : prop(peering, 'properties', 'peeringState');
    if (typeof state === 'string' && state.toLowerCase() !== 'connected') continue;
    const remote = isUnknown(peering) ? peering : graph.resolve(prop(peering, 'properties', 'remoteVirtualNetwork'), vnet);
    if (remote !== undefined && !isUnknown(remote)) vnets.push(remote);
    const access = isUnknown(peering) ? undefined : asBoolean(prop(peering, 'properties', 'allowVirtualNetworkAccess'));
    if (access === false) continue;
    const written = prefixesOf(prop(peering, 'properties', 'remoteAddressSpace', 'addressPrefixes'));
    const space: IntervalSet | Unknown =
      !isUnknown(written) && !written.isEmpty() ? written : remote === undefined ? IntervalSet.EMPTY : isUnknown(remote) ? remote : vnetSpace(remote);
    if (isUnknown(space)) {
      maybe = ALL_IP;
      reason ??= `a peered VNet's address space is not known (${space.reason})`;
    } else if (isUnknown(access)) {
      maybe = maybe.union(space);
      reason ??= `whether a peering of VNet '${vnet.name}' allows access to the peered VNet is not known (${access.reason}); with access, VirtualNetwork takes in its space`;
    } else spaces.push(space);
  }
  // A VNet whose peering names a VNet not known may be peered with this one: its space may be in
  // the tag. One whose own space is not known is passed over here (its VMs are unknown already):
  // it would put every address in every other VNet's tag.
  for (const other of graph.derive(peeringsToUnknown)) {
    if (declared.has(other.vnet.key) || !mayBePeeredWith(other, vnet)) continue;
    const space = vnetSpace(other.vnet);
    if (isUnknown(space)) continue;
    maybe = maybe.union(space);
    reason ??= `VNet '${other.vnet.name}' has a peering whose remote VNet is not known (${other.reason}): it may be peered with VNet '${vnet.name}', and VirtualNetwork then takes in its space`;
  }
  return { spaces: IntervalSet.unionAll(spaces), maybe, ...(reason ? { reason } : {}), vnets };
}

/**
 * The `VirtualNetwork` service tag for a VNet: its address space, its peered VNets' spaces and the
 * prefixes of user-defined routes on its subnets. A wide route (such as 0.0.0.0/0) may put
 * default routes into the tag, so it widens the tag only as "maybe": verdicts that depend on it
 * become unknown, never a pass.
 */
export function virtualNetworkTag(graph: ResourceGraph, vnet: Resource | Unknown): { tag: AddressResolution; peers: Resource[] } {
  if (isUnknown(vnet))
    return { tag: { definite: IntervalSet.EMPTY, maybe: withAzureSpace(ALL_IP), reason: `the VM's virtual network is not known (${vnet.reason})` }, peers: [] };
  const memo = graph.derive(tagMemo);
  let found = memo.get(vnet);
  if (!found) {
    found = computeVirtualNetworkTag(graph, vnet);
    memo.set(vnet, found);
  }
  return { tag: found.tag, peers: [...found.peers] };
}

const tagMemo = perVnet<{ tag: AddressResolution; peers: Resource[] }>();

function computeVirtualNetworkTag(graph: ResourceGraph, vnet: Resource): { tag: AddressResolution; peers: Resource[] } {
  const own = vnetSpace(vnet);
  const peered = peeredVnets(graph, vnet);
  // Merged all at once (route tables can hold hundreds of routes): see IntervalSet.unionAll.
  const definites = [isUnknown(own) ? IntervalSet.EMPTY : own, peered.spaces];
  const maybes = [isUnknown(own) ? ALL_IP : peered.maybe];
  let reason = isUnknown(own) ? `the address space of VNet '${vnet.name}' is not known (${own.reason})` : peered.reason;
  // On-premises networks, VPN clients and VNets its gateways connect it to are in the tag too.
  const connected = gatewaySpaces(graph, vnet);
  definites.push(connected.spaces);
  if (connected.reason !== undefined) {
    maybes.push(ALL_IP);
    reason ??= `${connected.reason}; what its gateway connects may widen VirtualNetwork`;
  }
  // So are the routes its gateways learn over BGP, which no input holds: the configuration may say them.
  for (const source of connected.bgpSources) {
    const advertised = advertisedBy(graph, source);
    if (advertised !== undefined && !isUnknown(advertised)) {
      if (source.maybe === undefined) definites.push(advertised);
      else {
        maybes.push(advertised);
        reason ??= `${source.what}, which would put what it learns in VirtualNetwork`;
      }
    } else {
      maybes.push(ALL_IP);
      reason ??=
        advertised === undefined
          ? `${source.what}: what it learns is in VirtualNetwork, and no input holds it (list the advertised prefixes as network.bgpPrefixes in .azvmsec.yaml)`
          : `${source.what}, and the advertised prefixes cannot be read (${advertised.reason})`;
    }
  }
  for (const subnet of subnetsOf(graph, vnet)) {
    const table = subnetRouteTable(graph, subnet);
    if (table === undefined) continue;
    if (isUnknown(table)) {
      maybes.push(ALL_IP);
      reason ??= `the route table of subnet '${subnet.name}' is not known (${table.reason}); its routes may widen VirtualNetwork`;
      continue;
    }
    const routes = asArray(get(table, 'properties', 'routes'));
    for (const route of isUnknown(routes) ? [routes] : (routes ?? [])) {
      const prefix = isUnknown(route) ? route : prop(route, 'properties', 'addressPrefix');
      if (isUnknown(prefix)) {
        maybes.push(ALL_IP);
        reason ??= `a route in '${table.name}' has an unknown prefix (${prefix.reason}); it may widen VirtualNetwork`;
        continue;
      }
      const set = typeof prefix === 'string' ? parseCidr(prefix) : undefined;
      if (!set) continue;
      const wide = isWide(prefix as string);
      if (wide) {
        maybes.push(set);
        reason ??= `route table '${table.name}' has a route for ${prefix as string}: the VirtualNetwork tag may then cover it`;
      } else definites.push(set);
    }
  }
  const definiteSet = IntervalSet.unionAll(definites);
  const maybe = withAzureSpace(IntervalSet.unionAll(maybes).subtract(definiteSet));
  return { tag: { definite: definiteSet, maybe, ...(reason ? { reason } : {}) }, peers: peered.vnets };
}

/**
 * Public IPv4 that VirtualNetwork may hold (a 0.0.0.0/0 route, an unknown space) may hold Azure's
 * own public addresses, which the public service tags name: they may be in it too.
 */
function withAzureSpace(maybe: IntervalSet): IntervalSet {
  return maybe.overlaps(PUBLIC_V4) ? maybe.union(PUBLIC_TAGS) : maybe;
}

/** A route prefix of /8 or wider (0.0.0.0/0, 0.0.0.0/1, ::/0 …). */
function isWide(prefix: string): boolean {
  const [address, bits] = prefix.split('/');
  const length = Number(bits ?? (address?.includes(':') ? 128 : 32));
  return address?.includes(':') ? length < 32 : length < 8;
}

/**
 * Members of each application security group, by the group's `graph.keyOf` (the group each NIC's
 * reference reads: two inputs that declare one group id declare two groups): exact IPs, or the
 * subnets of dynamic members. A NIC whose groups are not known may belong to any group: its
 * address is a maybe of every group, and of a group no known member names (the `UNKNOWN_MEMBERS` entry).
 */
export function asgMembers(graph: ResourceGraph): Map<string, AddressResolution> {
  // Addresses are gathered first and joined once per group: joining member by member would copy
  // the growing set for every member of a large group.
  const members = new Map<string, { definite: IntervalSet[]; maybe: IntervalSet[]; reason?: string }>();
  const anyGroup: { address: IntervalSet; reason: string }[] = [];
  for (const nic of graph.ofType('Microsoft.Network/networkInterfaces')) {
    if (nic.embeddedIn) continue;
    const configurations = nicIpConfigurations(graph, nic);
    if (isUnknown(configurations)) continue;
    for (const configuration of configurations) {
      const asgs = asArray(prop(configuration.body, 'properties', 'applicationSecurityGroups'));
      const { address, exact } = addressOf(configuration);
      const unknownGroups = isUnknown(asgs) ? asgs : Array.isArray(asgs) ? asgs.map((asg) => prop(asg, 'id')).find(isUnknown) : undefined;
      if (unknownGroups)
        anyGroup.push({
          address: isUnknown(address) ? ALL_IP : address,
          reason: `the application security groups of NIC '${nic.name}' are not known (${unknownGroups.reason})`,
        });
      if (!Array.isArray(asgs)) continue;
      for (const asg of asgs) {
        const id = prop(asg, 'id');
        if (typeof id !== 'string') continue;
        const key = graph.referenceKey(idKey(id), nic);
        let entry = members.get(key);
        if (!entry) members.set(key, (entry = { definite: [], maybe: [] }));
        if (isUnknown(address)) {
          entry.maybe.push(ALL_IP);
          entry.reason ??= `a member's address is not known (${address.reason})`;
        } else if (exact) entry.definite.push(address);
        else {
          entry.maybe.push(address);
          entry.reason ??= `member NIC '${nic.name}' has a dynamic private IP`;
        }
      }
    }
  }
  const resolved = new Map<string, AddressResolution>();
  if (anyGroup.length > 0) {
    for (const entry of members.values()) {
      for (const { address } of anyGroup) entry.maybe.push(address);
      entry.reason ??= (anyGroup[0] as { reason: string }).reason;
    }
    members.set(UNKNOWN_MEMBERS, { definite: [], maybe: anyGroup.map(({ address }) => address), reason: (anyGroup[0] as { reason: string }).reason });
  }
  for (const [key, entry] of members) {
    resolved.set(key, {
      definite: IntervalSet.unionAll(entry.definite),
      maybe: IntervalSet.unionAll(entry.maybe),
      ...(entry.reason !== undefined ? { reason: entry.reason } : {}),
    });
  }
  return resolved;
}

/** The `asgMembers` entry of a group no known member names, when some NIC's groups are not known. */
const UNKNOWN_MEMBERS = '*';

function addressOf(configuration: IpConfiguration): { address: IntervalSet | Unknown; exact: boolean } {
  const method = prop(configuration.body, 'properties', 'privateIPAllocationMethod');
  const ip = prop(configuration.body, 'properties', 'privateIPAddress');
  // Read from Azure (a provisioning state), a dynamic address is the one the NIC holds: Azure keeps it
  // until the NIC is deleted, moved to another subnet or made static. In a template it is not yet known.
  const deployed = typeof prop(configuration.body, 'properties', 'provisioningState') === 'string';
  const isStatic = deployed || (typeof method === 'string' ? method.toLowerCase() === 'static' : method === undefined || method === null);
  if (isStatic && typeof ip === 'string') {
    const parsed = parseCidr(ip);
    if (parsed) return { address: parsed, exact: true };
  }
  if (isStatic && isUnknown(ip)) return { address: ip, exact: false };
  const subnet = configuration.subnet;
  if (subnet === undefined) return { address: new Unknown(`IP configuration '${configuration.name}' names no subnet`), exact: false };
  if (isUnknown(subnet)) return { address: subnet, exact: false };
  return { address: subnetPrefixes(subnet), exact: false };
}

function selfMatch(
  target: { address: IntervalSet | Unknown; addressIsExact: boolean; asgs: ReadonlySet<string> | Unknown; otherAsgs?: Unknown },
  items: readonly AddressItem[],
): SelfMatch {
  let maybe: string | undefined;
  for (const item of items) {
    switch (item.kind) {
      case 'any':
        // `*`, or every address of one family: `0.0.0.0/0` is not an IPv6 VM's address.
        if (isUnknown(target.address) || item.set.covers(target.address)) return { kind: 'yes' };
        if (item.set.overlaps(target.address)) maybe ??= `the VM's private IP may or may not be of the family of ${item.text}`;
        break;
      case 'virtual-network':
        return { kind: 'yes' };
      case 'internet':
      case 'tag':
        break;
      case 'cidr':
        if (isUnknown(target.address)) maybe ??= `the VM's private IP is not known (${target.address.reason})`;
        else if (item.set.covers(target.address)) return { kind: 'yes' };
        else if (item.set.overlaps(target.address)) maybe ??= `the VM's private IP is dynamic: it may or may not fall in ${item.text}`;
        break;
      case 'asg':
        if (isUnknown(target.asgs)) maybe ??= `the NIC's application security groups are not known (${target.asgs.reason})`;
        else if (target.asgs.has(item.key)) return { kind: 'yes' };
        else if (target.otherAsgs) maybe ??= `one of the NIC's application security groups is not known (${target.otherAsgs.reason})`;
        break;
      case 'unknown':
        maybe ??= item.reason;
        break;
    }
  }
  return maybe === undefined ? { kind: 'no' } : { kind: 'maybe', reason: maybe };
}

/**
 * Whether the destination side of a rule includes a load balancer frontend's address (floating IP):
 * by the address itself, with `VirtualNetwork` and `Internet` read in the VM's VNet. Whether a
 * service tag holds the frontend's address, or whether Azure matches an application security group
 * against traffic not addressed to its members, is not known.
 */
function floatingMatch(destination: FloatingDestination, tag: AddressResolution, items: readonly AddressItem[]): SelfMatch {
  const address = destination.address;
  let maybe: string | undefined;
  // A known address is one: covered or apart. Only a range not known can be partly in a set.
  const within = (set: IntervalSet): boolean => {
    if (set.covers(address)) return true;
    if (set.overlaps(address)) maybe ??= destination.unknown;
    return false;
  };
  for (const item of items) {
    switch (item.kind) {
      case 'any':
        return { kind: 'yes' };
      case 'cidr':
        if (within(item.set)) return { kind: 'yes' };
        break;
      case 'virtual-network':
        if (within(tag.definite)) return { kind: 'yes' };
        if (tag.maybe.overlaps(address)) maybe ??= tag.reason ?? destination.unknown;
        break;
      case 'internet': {
        const internet = internetTag(tag);
        if (within(internet.definite)) return { kind: 'yes' };
        if (internet.maybe.overlaps(address)) maybe ??= internet.reason ?? destination.unknown;
        break;
      }
      case 'tag':
        maybe ??= `whether service tag ${item.name} holds the load balancer frontend's address is not known`;
        break;
      case 'asg':
        maybe ??= `whether a rule naming application security group '${item.name}' applies to traffic addressed to a load balancer frontend (floating IP) is not documented`;
        break;
      case 'unknown':
        maybe ??= item.reason;
        break;
    }
  }
  return maybe === undefined ? { kind: 'no' } : { kind: 'maybe', reason: maybe };
}

/** Everything about where each of a VM's IP configurations sits, with the NSG chains evaluated lazily. */
export function vmTargets(graph: ResourceGraph, vm: Resource, asgs: Map<string, AddressResolution>): VmTargets {
  const problems: string[] = [];
  const targets: Target[] = [];
  const nics = vmNics(graph, vm);
  if (isUnknown(nics)) return { vm, targets, problems: [nics.reason] };
  // A VM that creates its own NICs (networkInterfaceConfigurations) is read from them, unless the
  // NICs it made are listed too (a live estate), which are read themselves.
  if (nics.length === 0) return modelTargets(graph, vm, ['properties', 'networkProfile', 'networkInterfaceConfigurations'], asgs);
  for (const { nic } of nics) {
    if (isUnknown(nic)) {
      problems.push(nic.reason);
      continue;
    }
    const configurations = nicIpConfigurations(graph, nic);
    if (isUnknown(configurations)) {
      problems.push(configurations.reason);
      continue;
    }
    const nicNsg = attachedNsg(graph, nic);
    for (const configuration of configurations) targets.push(makeTarget(graph, vm, nic, nicNsg, configuration, asgs));
  }
  return { vm, targets, problems };
}

/** The IP configurations of a scale set's model, one target each: what every instance gets. */
export function scaleSetTargets(graph: ResourceGraph, scaleSet: Resource, asgs: Map<string, AddressResolution>): VmTargets {
  return modelTargets(graph, scaleSet, ['properties', 'virtualMachineProfile', 'networkProfile', 'networkInterfaceConfigurations'], asgs);
}

/**
 * The IP configurations of NIC configurations (`networkInterfaceConfigurations` at `path`), one
 * target each: NICs Azure makes from the model of a VM or of a scale set's instances. The owner
 * stands for the NIC (findings point into its network profile), the configuration's NSG for the
 * NIC NSG; the private IP is somewhere in the subnet.
 */
function modelTargets(graph: ResourceGraph, owner: Resource, path: readonly string[], asgs: Map<string, AddressResolution>): VmTargets {
  const problems: string[] = [];
  const targets: Target[] = [];
  const configurations = at(owner, ...path);
  if (isUnknown(configurations.value)) return { vm: owner, targets, problems: [configurations.value.reason] };
  const list = Array.isArray(configurations.value) ? configurations.value : [];
  list.forEach((configuration, index) => {
    if (isUnknown(configuration)) return void problems.push(configuration.reason);
    const nsg = graph.resolve(prop(configuration, 'properties', 'networkSecurityGroup'), owner);
    const ipConfigurations = prop(configuration, 'properties', 'ipConfigurations');
    if (isUnknown(ipConfigurations)) return void problems.push(ipConfigurations.reason);
    if (!Array.isArray(ipConfigurations)) return;
    ipConfigurations.forEach((body, ipIndex) => {
      const name = typeof prop(body, 'name') === 'string' ? (prop(body, 'name') as string) : String(ipIndex);
      const pointer = `${configurations.pointer}/${index}/properties/ipConfigurations/${ipIndex}`;
      const ipConfiguration: IpConfiguration = {
        nic: owner,
        name,
        pointer,
        body,
        subnet: graph.resolve(prop(body, 'properties', 'subnet'), owner),
        publicIp: undefined,
      };
      targets.push(makeTarget(graph, owner, owner, nsg, ipConfiguration, asgs));
    });
  });
  return { vm: owner, targets, problems };
}

const bastionMemo = perVnet<{ subnets: IntervalSet; hosts: Resource[] }>();

/** The AzureBastionSubnet prefixes of one VNet and the Bastion hosts in them. */
function bastionOf(graph: ResourceGraph, network: Resource): { subnets: IntervalSet; hosts: readonly Resource[] } {
  const memo = graph.derive(bastionMemo);
  let found = memo.get(network);
  if (found) return found;
  let subnets = IntervalSet.EMPTY;
  const hosts: Resource[] = [];
  const byNetwork = graph.derive(bastionHostsBySubnet);
  for (const candidate of subnetsOf(graph, network)) {
    if (candidate.name.split('/').pop()?.toLowerCase() !== 'azurebastionsubnet') continue;
    const prefixes = subnetPrefixes(candidate);
    if (!isUnknown(prefixes)) subnets = subnets.union(prefixes);
    appendAll(hosts, byNetwork.get(graph.keyOf(candidate)) ?? []);
  }
  found = { subnets, hosts };
  memo.set(network, found);
  return found;
}

interface Surroundings {
  readonly tag: AddressResolution;
  readonly bastionSubnets: IntervalSet;
  readonly bastionHosts: readonly Resource[];
  readonly lateralSources: IntervalSet;
  readonly workloadSubnets: IntervalSet | undefined;
}

/** Subnets Azure reserves for its own services by name: no VM sits in them. */
const SERVICE_SUBNETS = new Set(['gatewaysubnet', 'azurebastionsubnet', 'azurefirewallsubnet', 'azurefirewallmanagementsubnet', 'routeserversubnet']);

function workloadSubnetsOf(graph: ResourceGraph, vnet: Resource): IntervalSet | undefined {
  const sets: IntervalSet[] = [];
  for (const subnet of subnetsOf(graph, vnet)) {
    if (SERVICE_SUBNETS.has((subnet.name.split('/').pop() ?? '').toLowerCase())) continue;
    const prefixes = subnetPrefixes(subnet);
    if (isUnknown(prefixes)) return undefined;
    sets.push(prefixes);
  }
  return sets.length === 0 ? undefined : IntervalSet.unionAll(sets);
}

const surroundingsMemo = perVnet<Surroundings>();

/** What every VM in a VNet shares: one set of objects per VNet, not one per VM. */
function surroundings(graph: ResourceGraph, vnet: Resource | Unknown): Surroundings {
  const memo = isUnknown(vnet) ? undefined : graph.derive(surroundingsMemo);
  const found = memo?.get(vnet as Resource);
  if (found) return found;
  const { tag, peers } = virtualNetworkTag(graph, vnet);
  let bastionSubnets = IntervalSet.EMPTY;
  const bastionHosts: Resource[] = [];
  for (const network of isUnknown(vnet) ? [] : [vnet, ...peers]) {
    const bastion = bastionOf(graph, network);
    bastionSubnets = bastionSubnets.union(bastion.subnets);
    appendAll(bastionHosts, bastion.hosts);
  }
  const computed = {
    tag,
    bastionSubnets,
    bastionHosts,
    lateralSources: tag.definite.union(tag.maybe).subtract(bastionSubnets),
    workloadSubnets: isUnknown(vnet) ? undefined : workloadSubnetsOf(graph, vnet),
  };
  memo?.set(vnet as Resource, computed);
  return computed;
}

/**
 * The `Internet` tag seen from a VNet whose `VirtualNetwork` tag is `tag`: "the IP address space
 * that's outside the virtual network", with the public service tags. Where `VirtualNetwork` may
 * hold an address, whether the address is Internet is not known either.
 */
export function internetTag(tag: AddressResolution): AddressResolution {
  let found = internetTags.get(tag);
  if (!found) {
    const outside = ALL_IP.union(PUBLIC_TAGS).subtract(tag.definite);
    found = tag.maybe.isEmpty()
      ? definite(outside)
      : {
          definite: outside.subtract(tag.maybe),
          maybe: outside.intersect(tag.maybe),
          ...(tag.reason ? { reason: tag.reason } : {}),
          side: { of: tag, inside: false },
        };
    internetTags.set(tag, found);
  }
  return found;
}

/** `VirtualNetwork` as a rule's remote side: its maybe addresses are inside it or are Internet. */
function insideTag(tag: AddressResolution): AddressResolution {
  if (tag.maybe.isEmpty()) return tag;
  let found = insideTags.get(tag);
  if (!found) {
    found = { ...tag, side: { of: tag, inside: true } };
    insideTags.set(tag, found);
  }
  return found;
}

const insideTags = new WeakMap<AddressResolution, AddressResolution>();

/** One per `VirtualNetwork` resolution: every rule naming `Internet` asks for it. */
const internetTags = new WeakMap<AddressResolution, AddressResolution>();

/** How rules read where an address sits: the VM side by `self`, the remote side in the VNet whose `VirtualNetwork` tag is `tag`. */
function evaluationContext(
  graph: ResourceGraph,
  self: EvaluationContext['self'],
  tag: AddressResolution,
  asgIndex: Map<string, AddressResolution>,
): EvaluationContext {
  return {
    self,
    remote(item, from) {
      switch (item.kind) {
        case 'any':
        case 'cidr':
          return definite(item.set);
        case 'internet':
          return internetTag(tag);
        case 'virtual-network':
          return insideTag(tag);
        case 'tag':
          return definite(tagAddress(item.name));
        case 'asg':
          return asgIndex.get(from ? graph.referenceKey(item.key, from) : item.key) ?? asgIndex.get(UNKNOWN_MEMBERS) ?? definite(IntervalSet.EMPTY);
        case 'unknown':
          return { definite: IntervalSet.EMPTY, maybe: UNIVERSE, reason: item.reason };
      }
    },
  };
}

/**
 * What reaches any address of a subnet that holds no VM of its own (AzureBastionSubnet, an
 * Application Gateway's subnet) through the subnet's NSG and the security admin rules of its VNet.
 */
export function subnetInbound(graph: ResourceGraph, subnet: Resource): readonly Flow[] {
  const memo = graph.derive(subnetInboundMemo);
  const key = graph.keyOf(subnet);
  let flows = memo.get(key);
  if (!flows) {
    flows = evaluateSubnetInbound(graph, subnet, graph.derive(asgMembers));
    memo.set(key, flows);
  }
  return flows;
}

const subnetInboundMemo = (): Map<string, readonly Flow[]> => new Map();

/** The public addresses a subnet's NSG admits on TCP `ports` (`subnetInbound`), and why more may be admitted where a rule is not known. */
export function subnetClients(graph: ResourceGraph, subnet: Resource, ports: IntervalSet): { readonly clients: IntervalSet; readonly unknown?: string } {
  let clients = IntervalSet.EMPTY;
  let unknown: string | undefined;
  for (const flow of subnetInbound(graph, subnet)) {
    if ((flow.protocols & TCP) === 0 || !flow.ports.overlaps(ports) || !flow.remote.overlaps(INTERNET)) continue;
    if (flow.verdict === 'reachable') clients = clients.union(flow.remote.intersect(INTERNET));
    else if (flow.verdict === 'unknown') unknown ??= flow.reason || 'the NSGs cannot be fully read';
  }
  return unknown === undefined ? { clients } : { clients, unknown };
}

const TCP = protocolBit('Tcp');

function evaluateSubnetInbound(graph: ResourceGraph, subnet: Resource, asgIndex: Map<string, AddressResolution>): Flow[] {
  const vnetId = parentId(subnet.id);
  const vnet: Resource | Unknown = (vnetId && graph.get(vnetId, subnet)) || new Unknown(`the VNet of subnet '${subnet.name}' is not in the scanned input`);
  const nsg = attachedNsg(graph, subnet);
  const chain: ChainElement[] = nsg === undefined ? [] : [{ attachment: 'subnet', nsg }];
  const self = { address: subnetPrefixes(subnet), addressIsExact: false, asgs: new Set<string>() };
  const context = evaluationContext(graph, (items) => selfMatch(self, items), surroundings(graph, vnet).tag, asgIndex);
  return sharedChain(graph, asgIndex, vnet, chain, 'Inbound', context);
}

function makeTarget(
  graph: ResourceGraph,
  vm: Resource,
  nic: Resource,
  nicNsg: Resource | Unknown | undefined,
  configuration: IpConfiguration,
  asgIndex: Map<string, AddressResolution>,
): Target {
  const subnet: Resource | Unknown = configuration.subnet ?? new Unknown(`IP configuration '${configuration.name}' names no subnet`);
  const vnetId = isUnknown(subnet) ? undefined : parentId(subnet.id);
  const vnet: Resource | Unknown = isUnknown(subnet)
    ? subnet
    : (vnetId && graph.get(vnetId, subnet)) || new Unknown(`the VNet of subnet '${subnet.name}' is not in the scanned input`);
  const subnetNsg: Resource | Unknown | undefined = isUnknown(subnet) ? subnet : attachedNsg(graph, subnet);
  const { address, exact } = addressOf(configuration);
  const asgList = asArray(prop(configuration.body, 'properties', 'applicationSecurityGroups'));
  const asgIds = isUnknown(asgList) ? [] : (asgList ?? []).map((asg) => prop(asg, 'id'));
  const asgs: ReadonlySet<string> | Unknown = isUnknown(asgList) ? asgList : new Set(asgIds.filter((id): id is string => typeof id === 'string').map(idKey));
  // A group whose id is not known may be any group: rules naming other groups may apply.
  const otherAsgs = asgIds.find(isUnknown);
  const { tag, bastionSubnets, bastionHosts, lateralSources, workloadSubnets } = surroundings(graph, vnet);
  const version = equalsIgnoreCase(prop(configuration.body, 'properties', 'privateIPAddressVersion'), 'ipv6') ? 'IPv6' : 'IPv4';
  const self = otherAsgs ? { address, addressIsExact: exact, asgs, otherAsgs } : { address, addressIsExact: exact, asgs };
  const context = evaluationContext(graph, (items) => selfMatch(self, items), tag, asgIndex);
  const inboundChain: ChainElement[] = [];
  if (subnetNsg !== undefined) inboundChain.push({ attachment: 'subnet', nsg: subnetNsg });
  if (nicNsg !== undefined) inboundChain.push({ attachment: 'nic', nsg: nicNsg });
  let inbound: Flow[] | undefined;
  let outbound: Flow[] | undefined;
  let floating: Map<FloatingDestination, Flow[]> | undefined;
  return {
    vm,
    nic,
    ipConfiguration: configuration,
    ipConfigurationKey: idKey(`${nic.id}/ipConfigurations/${configuration.name}`),
    subnet,
    vnet,
    version,
    address,
    addressIsExact: exact,
    asgs,
    subnetNsg,
    nicNsg,
    virtualNetwork: tag,
    bastionSubnets,
    bastionHosts,
    lateralSources,
    workloadSubnets,
    noNsg: inboundChain.length === 0,
    inbound: () => (inbound ??= sharedChain(graph, asgIndex, vnet, inboundChain, 'Inbound', context)),
    outbound: () => (outbound ??= sharedChain(graph, asgIndex, vnet, [...inboundChain].reverse(), 'Outbound', context)),
    inboundTo(destination) {
      floating ??= new Map();
      let flows = floating.get(destination);
      if (!flows) {
        const addressed = evaluationContext(graph, (items) => floatingMatch(destination, tag, items), tag, asgIndex);
        flows = sharedChain(graph, asgIndex, vnet, inboundChain, 'Inbound', addressed);
        floating.set(destination, flows);
      }
      return flows;
    },
  };
}

const identities = new WeakMap<object, number>();
let nextIdentity = 0;
/** A number naming one object (a resource read twice from two inputs is two objects). */
function identity(value: object): number {
  let id = identities.get(value);
  if (id === undefined) {
    id = ++nextIdentity;
    identities.set(value, id);
  }
  return id;
}

const chainMemo = (): WeakMap<Map<string, AddressResolution>, Map<string, Flow[]>> => new WeakMap();

/**
 * Evaluates a chain once for every IP configuration that would get the same answer. The answer
 * depends on the NSGs, the direction, what `VirtualNetwork` means (one value per VNet), the ASG
 * index, and, per rule, whether the rule's VM side matches the VM (yes / no / maybe and why): VMs
 * behind one subnet NSG mostly share all of these, so a 1,000-rule NSG is evaluated a few times,
 * not once per VM.
 */
function sharedChain(
  graph: ResourceGraph,
  asgIndex: Map<string, AddressResolution>,
  vnet: Resource | Unknown,
  chain: readonly ChainElement[],
  direction: 'Inbound' | 'Outbound',
  context: EvaluationContext,
): Flow[] {
  const byAsgs = graph.derive(chainMemo);
  let memo = byAsgs.get(asgIndex);
  if (!memo) {
    memo = new Map();
    byAsgs.set(asgIndex, memo);
  }
  const parts: string[] = [direction, isUnknown(vnet) ? `u:${vnet.reason}` : `v:${identity(vnet)}`];
  for (const element of chain) {
    if (isUnknown(element.nsg)) {
      parts.push(`${element.attachment}:u:${element.nsg.reason}`);
      continue;
    }
    parts.push(`${element.attachment}:${identity(element.nsg)}`);
    let matches = '';
    for (const rule of nsgRules(element.nsg)) {
      if (!isUnknown(rule.direction) && rule.direction !== direction) continue;
      const match = context.self(direction === 'Inbound' ? rule.destination : rule.source);
      matches += match.kind === 'yes' ? 'y' : match.kind === 'no' ? 'n' : `m${JSON.stringify(match.reason)}`;
    }
    parts.push(matches);
  }
  // Security admin rules apply per VNet (in the key already) and, per rule, as the VM side matches.
  const admin = adminRulesFor(graph, vnet);
  for (const rule of admin) {
    const match = context.self(direction === 'Inbound' ? rule.destination : rule.source);
    parts.push(`admin:${identity(rule.resource)}:${match.kind === 'maybe' ? `m${JSON.stringify(match.reason)}` : match.kind}`);
  }
  const key = parts.join('\u0000');
  let flows = memo.get(key);
  if (!flows) {
    flows = evaluateChain(chain, direction, context);
    if (admin.length > 0) flows = applyAdminRules(flows, admin, direction, context);
    memo.set(key, flows);
  }
  return flows;
}

/** Human-readable address list for messages. */
export function describeAddresses(set: IntervalSet): string {
  return formatAddresses(set).join(', ');
}
