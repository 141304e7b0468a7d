import { oncePerObject } from '../../model/memo.js';
import { routersOfVnets, unplacedRouters } from '../../analyses/network/gateway-spaces.js';
import { peeringsByRemote } from '../../analyses/network/topology.js';
import type { ResourceGraph } from '../../model/graph.js';
import { get, type Resource } from '../../model/resource.js';
import { idKey, parentId } from '../../model/resource-id.js';
import { asArray, asBoolean, asString, isUnknown, prop, Unknown, type Value } from '../../model/value.js';

/** The VNet key of a subnet reference (`{ id }` or id string); Unknown when the id is. */
export function vnetKeyOfSubnet(reference: Value | undefined): string | Unknown | undefined {
  const id = reference !== null && typeof reference === 'object' && !Array.isArray(reference) && !isUnknown(reference) ? prop(reference, 'id') : reference;
  if (isUnknown(id)) return id;
  if (typeof id !== 'string') return undefined;
  const parent = parentId(id);
  return parent === undefined ? undefined : idKey(parent);
}

/** The name of the subnet a reference points at (last id segment), lower case. */
export function subnetNameOf(reference: Value | undefined): string | undefined {
  const id = reference !== null && typeof reference === 'object' && !Array.isArray(reference) && !isUnknown(reference) ? prop(reference, 'id') : reference;
  return typeof id === 'string' ? id.split('/').pop()?.toLowerCase() : undefined;
}

/** A VNet peered with another: the remote VNet's key, the resource when in the input. */
export interface Peer {
  readonly key: string;
  readonly id: string;
  readonly vnet?: Resource;
}

/**
 * VNets directly peered with `vnet` and carrying its VMs' traffic. A peering counts when its
 * `peeringState` is Connected; templates do not write the state, and Azure connects a peering once
 * both VNets declare theirs ("The peering is not successfully established until the peering status
 * for both virtual network peerings is Connected"): with both VNets in the input, both must declare
 * it, and with the remote one outside it, a declared peering counts. A peering either side of which
 * blocks VNet access (`allowVirtualNetworkAccess: false`) carries none. Unknown when a remote VNet
 * id or a setting cannot be read.
 */
export function peersOf(graph: ResourceGraph, vnet: Resource): Peer[] | Unknown {
  // Every VNet either side names: this VNet's peerings, and the VNets whose peerings name it.
  const own = peeringIndex(vnet);
  if (isUnknown(own)) return own;
  if (own.unsure) return own.unsure;
  const candidates = new Map<string, string>(own.targets);
  for (const other of graph.derive(peeringsByRemote).get(graph.keyOf(vnet)) ?? [])
    if (other.key !== vnet.key && !candidates.has(other.key)) candidates.set(other.key, other.id);
  const peers: Peer[] = [];
  for (const [key, id] of candidates) {
    const remote = graph.get(id, vnet);
    const connected = pairConnected(sideOf(vnet, key), remote ? () => sideOf(remote, vnet.key) : undefined);
    if (isUnknown(connected)) return connected;
    if (connected) peers.push({ key, id, ...(remote ? { vnet: remote } : {}) });
  }
  return peers;
}

/** One VNet's peering to another, if it has one: its state (`declared` where templates do not write it) and whether it blocks VNet access. */
interface Side {
  readonly state: 'connected' | 'declared' | 'down' | Unknown;
  readonly blocked: boolean | Unknown;
}

/**
 * Whether two VNets are peered, from this side and the remote one (read only when needed; absent
 * when the remote VNet is not in the input). The remote side is read only where it can change the
 * answer, so a setting not known there leaves known answers alone.
 */
function pairConnected(mine: Side | undefined | Unknown, readTheirs: (() => Side | undefined | Unknown) | undefined): boolean | Unknown {
  if (isUnknown(mine)) return mine;
  if (mine === undefined) {
    // Only the remote side declares it: Connected there, and not blocked, it is (a snapshot's own list may leave it out).
    const theirs = readTheirs?.();
    if (theirs === undefined || isUnknown(theirs)) return theirs ?? false;
    if (!isUnknown(theirs.state) && theirs.state !== 'connected') return false;
    if (theirs.blocked === true) return false;
    return [theirs.state, theirs.blocked].find(isUnknown) ?? true;
  }
  if (isUnknown(mine.blocked)) return mine.blocked;
  if (isUnknown(mine.state)) return mine.state;
  if (mine.blocked || mine.state === 'down') return false;
  const theirs = readTheirs?.();
  // A remote VNet outside the input: a declared peering counts.
  if (readTheirs === undefined) return true;
  if (isUnknown(theirs)) return theirs;
  if (theirs !== undefined) {
    if (isUnknown(theirs.blocked)) return theirs.blocked;
    if (theirs.blocked) return false;
  }
  if (mine.state === 'connected') return true;
  // Declared here, not yet Connected: Azure connects it once the other VNet declares its side.
  if (theirs === undefined) return false;
  if (isUnknown(theirs.state)) return theirs.state;
  return theirs.state !== 'down';
}

/** `from`'s peering to the VNet keyed `to`, if any; Unknown when its list, or the target of a peering that may be it, is not known. */
function sideOf(from: Resource, to: string): Side | undefined | Unknown {
  const index = peeringIndex(from);
  if (isUnknown(index)) return index;
  const peering = index.byTarget.get(to);
  if (peering === undefined) return index.unsure;
  const access = asBoolean(prop(peering, 'properties', 'allowVirtualNetworkAccess'));
  const state = asString(prop(peering, 'properties', 'peeringState'));
  return {
    blocked: isUnknown(access) ? access : access === false,
    state: isUnknown(state) ? state : state === undefined ? 'declared' : state.toLowerCase() === 'connected' ? 'connected' : 'down',
  };
}

/**
 * A VNet's peerings by the key of their remote VNet (the first of each), the ids as written, and
 * the first peering whose remote is not known; Unknown when the list is. Read once per VNet: a
 * hub's list is read for each of its spokes.
 */
const peeringIndex = oncePerObject((vnet: Resource): { byTarget: Map<string, Value>; targets: Map<string, string>; unsure?: Unknown } | Unknown => {
  const list = asArray(get(vnet, 'properties', 'virtualNetworkPeerings'));
  if (isUnknown(list)) return list;
  const byTarget = new Map<string, Value>();
  const targets = new Map<string, string>();
  let unsure: Unknown | undefined;
  for (const peering of list ?? []) {
    const id = prop(peering, 'properties', 'remoteVirtualNetwork', 'id');
    if (isUnknown(id)) unsure ??= new Unknown(`a peering of '${vnet.name}' points at a VNet that is not known (${id.reason})`);
    else if (typeof id === 'string' && !byTarget.has(idKey(id))) {
      byTarget.set(idKey(id), peering);
      targets.set(idKey(id), id);
    }
  }
  return unsure ? { byTarget, targets, unsure } : { byTarget, targets };
});

/** The VNet key of a resource attached through `properties.ipConfigurations[].properties.subnet` (gateways, firewalls, Bastion). */
export function vnetKeysOfIpConfigurations(resource: Resource): string[] | Unknown {
  // Rules ask this of every NIC for every VNet: read each resource once.
  let keys = vnetKeysMemo.get(resource);
  if (keys === undefined) {
    keys = readVnetKeysOfIpConfigurations(resource);
    vnetKeysMemo.set(resource, keys);
  }
  return isUnknown(keys) ? keys : [...keys];
}

const vnetKeysMemo = new WeakMap<Resource, readonly string[] | Unknown>();

function readVnetKeysOfIpConfigurations(resource: Resource): string[] | Unknown {
  const configurations = asArray(get(resource, 'properties', 'ipConfigurations'));
  if (isUnknown(configurations)) return configurations;
  const keys: string[] = [];
  for (const configuration of configurations ?? []) {
    const key = vnetKeyOfSubnet(prop(configuration, 'properties', 'subnet'));
    if (isUnknown(key)) return key;
    if (key !== undefined && !keys.includes(key)) keys.push(key);
  }
  return keys;
}

/** A gateway (or Route Server) that may send a VNet's subnets a default route, and how. */
export interface Tunnel {
  readonly gateway: string;
  readonly id?: string | undefined;
  /** `ExpressRoute (BGP)`, `BGP`, `Route Server` or `a default site`. */
  readonly how: string;
  /** Whether it learns the route over BGP (what it learns is what `network.bgpPrefixes` lists for it). */
  readonly bgp: boolean;
}

/**
 * The VNets whose gateways a VNet uses: its own, and those its peerings reach with
 * `useRemoteGateways` ("If the flag is set to true, and allowGatewayTransit on remote peering is
 * also true, virtual network will use gateways of remote virtual network for transit"); the remote
 * side's `allowGatewayTransit` is read where the remote VNet is in the input. `keys`: their
 * `graph.keyOf`s (each as the VNet's peering reads it); `remote`: their ids.
 */
export function gatewayVnets(graph: ResourceGraph, vnet: Resource): { readonly keys: ReadonlySet<string>; readonly remote: readonly string[] } | Unknown {
  const keys = new Set([graph.keyOf(vnet)]);
  const remote: string[] = [];
  const peerings = asArray(get(vnet, 'properties', 'virtualNetworkPeerings'));
  if (isUnknown(peerings)) return peerings;
  for (const peering of peerings ?? []) {
    const use = asBoolean(prop(peering, 'properties', 'useRemoteGateways'));
    if (isUnknown(use)) return use;
    if (use !== true) continue;
    const id = prop(peering, 'properties', 'remoteVirtualNetwork', 'id');
    if (isUnknown(id)) return id;
    if (typeof id !== 'string') continue;
    const other = graph.get(id, vnet);
    if (other) {
      const transit = allowsTransitTo(other, vnet);
      if (isUnknown(transit)) return transit;
      if (!transit) continue;
    }
    keys.add(graph.referenceKey(idKey(id), vnet));
    remote.push(id);
  }
  return { keys, remote };
}

/** Whether `from` has a peering to `to` with `allowGatewayTransit`. */
function allowsTransitTo(from: Resource, to: Resource): boolean | Unknown {
  const index = peeringIndex(from);
  if (isUnknown(index)) return index;
  const peering = index.byTarget.get(to.key);
  if (peering === undefined) return index.unsure ?? false;
  const transit = asBoolean(prop(peering, 'properties', 'allowGatewayTransit'));
  return isUnknown(transit) ? transit : transit === true;
}

/**
 * The gateways that may put a default route into the VNet's subnets: an ExpressRoute gateway or a
 * VPN gateway with `enableBgp` (a default route on-premises advertises over BGP), a Route Server
 * (one an appliance advertises), or a VPN gateway with a `gatewayDefaultSite` (forced tunnelling
 * without a route table), in the VNet itself or in a VNet this one's peerings reach with
 * `useRemoteGateways`. A default site alone when there is one (it tunnels whatever BGP brings),
 * else every BGP gateway, then the Route Servers; empty when there is none. Unknown when a setting
 * cannot be read or a remote gateway VNet is not in the input.
 */
export function tunnellingGatewaysFor(graph: ResourceGraph, vnet: Resource): readonly Tunnel[] | Unknown {
  const using = gatewayVnets(graph, vnet);
  if (isUnknown(using)) return using;
  const { keys, remote } = using;
  const found = new Set<string>();
  // A default site tunnels whatever BGP brings: it is looked for past the BGP gateways.
  const learning: Tunnel[] = [];
  for (const gateway of graph.ofType('Microsoft.Network/virtualNetworkGateways')) {
    const vnets = vnetKeysOfIpConfigurations(gateway);
    if (isUnknown(vnets)) return vnets;
    const written = vnets.find((candidate) => keys.has(graph.referenceKey(candidate, gateway)));
    if (written === undefined) continue;
    const key = graph.referenceKey(written, gateway);
    found.add(key);
    const type = asString(get(gateway, 'properties', 'gatewayType'));
    if (isUnknown(type)) return type;
    if (type?.toLowerCase() === 'expressroute') {
      learning.push({ gateway: gateway.name, id: gateway.id, how: 'ExpressRoute (BGP)', bgp: true });
      continue;
    }
    const bgp = asBoolean(get(gateway, 'properties', 'enableBgp'));
    if (isUnknown(bgp)) return bgp;
    const site = get(gateway, 'properties', 'gatewayDefaultSite');
    if (isUnknown(site)) return site;
    if (site !== undefined && site !== null) return [{ gateway: gateway.name, id: gateway.id, how: 'a default site', bgp: false }];
    if (bgp === true) learning.push({ gateway: gateway.name, id: gateway.id, how: 'BGP', bgp: true });
  }
  // A Route Server whose subnet is not known may be in any of these VNets.
  const unplaced = graph.derive(unplacedRouters).routeServers[0];
  if (unplaced) return unplaced.subnet;
  // A Route Server learns routes from appliances over BGP, a default route among them, and counts as
  // the gateway a peered VNet uses.
  const routers = graph.derive(routersOfVnets);
  for (const key of keys) {
    const routeServer = routers.get(key)?.routeServer;
    if (routeServer === undefined) continue;
    found.add(key);
    learning.push({ gateway: routeServer.name, id: routeServer.id, how: 'Route Server', bgp: true });
  }
  // useRemoteGateways requires a gateway in the remote VNet: one not in the input may tunnel.
  const missing = remote.find((id) => !found.has(graph.referenceKey(idKey(id), vnet)));
  if (missing) return new Unknown(`the gateway of peered VNet '${missing.split('/').pop() ?? missing}' (useRemoteGateways) is not in the scanned input`);
  return learning;
}
