import type { ResourceGraph } from '../../model/graph.js';
import { subnetRouteTable } from '../../model/relations.js';
import { get, type Resource } from '../../model/resource.js';
import { idKey, parentId } from '../../model/resource-id.js';
import { asArray, asBoolean, asString, isUnknown, prop, type Unknown, type Value } from '../../model/value.js';
import { gatewaysByVnet, routersOfVnets, unplacedRouters } from './gateway-spaces.js';
import { mayBePeeredWith, peeringsByRemote, peeringsToUnknown } from './topology.js';

/**
 * Where an Azure Firewall or an Application Gateway in a VNet can send traffic to a private
 * address: into its own VNet and the VNets peered with it (peering is not transitive). Private
 * address spaces are reused across an organisation's VNets, so a VM elsewhere that has the address
 * a DNAT rule translates to, or a backend pool lists, is not the one it means; unless a gateway,
 * a Route Server, a virtual hub, a network manager's connectivity or a user-defined route to an
 * appliance can take the traffic further (`beyond`).
 */
export interface Reach {
  /** The firewall or gateway. */
  readonly name: string;
  readonly vnetName: string;
  /** The `graph.keyOf` of its VNet and of the VNets peered with it (as its VNet's peerings read them). */
  readonly vnets: ReadonlySet<string>;
  /** What may route past those VNets, when something does. */
  readonly beyond?: string;
  /** VNets that may be peered with its VNet (a peering of theirs names a VNet not known), by `graph.keyOf`, with why. */
  readonly maybeVnets?: ReadonlyMap<string, string>;
}

/**
 * The reach of a resource whose IP configurations (`configurationsKey`) sit in a VNet's subnets;
 * undefined when it cannot be narrowed (not in a VNet, a firewall in a virtual WAN hub, its VNet
 * or peerings not in the input).
 */
export function reachOf(graph: ResourceGraph, resource: Resource, configurationsKey: string): Reach | undefined {
  const memo = graph.derive(reachMemo);
  if (!memo.has(resource)) memo.set(resource, computeReach(graph, resource, configurationsKey));
  return memo.get(resource);
}

/**
 * Whether a VM in `vnet` can be reached by any of `reaches` (the firewalls that apply a rule): true,
 * false, or why it may be (the text of an unknown). With no reach known, true.
 */
export function reachedFrom(graph: ResourceGraph, reaches: readonly (Reach | undefined)[], vnet: Resource | Unknown): boolean | string {
  if (reaches.length === 0 || isUnknown(vnet)) return true;
  // By `keyOf`: a VNet of another input with the same id is another VNet.
  const key = graph.keyOf(vnet);
  let maybe: string | undefined;
  for (const reach of reaches) {
    if (reach === undefined || reach.vnets.has(key)) return true;
    maybe ??= reach.maybeVnets?.get(key);
    if (reach.beyond !== undefined)
      maybe ??= `VNet '${vnet.name}' is neither VNet '${reach.vnetName}' of '${reach.name}' nor peered with it, but ${reach.beyond}`;
  }
  return maybe ?? false;
}

const reachMemo = (): Map<Resource, Reach | undefined> => new Map();

/** The VNet of a resource whose IP configurations (`configurationsKey`) sit in its subnets, and those subnets; undefined when not known. */
function placeOf(graph: ResourceGraph, resource: Resource, configurationsKey: string): { vnet: Resource; subnets: Resource[] } | undefined {
  const hub = get(resource, 'properties', 'virtualHub');
  if (hub !== undefined && hub !== null) return undefined;
  const configurations = asArray(get(resource, 'properties', configurationsKey));
  if (isUnknown(configurations) || !configurations?.length) return undefined;
  const subnets: Resource[] = [];
  for (const configuration of configurations) {
    const subnet = graph.resolve(prop(configuration, 'properties', 'subnet'), resource);
    if (subnet === undefined || isUnknown(subnet)) return undefined;
    subnets.push(subnet);
  }
  const vnetKeys = new Set(subnets.map((subnet) => parentId(subnet.id)).map((id) => (id === undefined ? '' : idKey(id))));
  const vnet = vnetKeys.size === 1 ? graph.get([...vnetKeys][0] as string, subnets[0]) : undefined;
  return vnet ? { vnet, subnets } : undefined;
}

/**
 * The VNet in which Azure DNS resolves names for a resource (an Application Gateway's backends, an
 * Azure Firewall's DNAT targets): its own, unless that VNet or `customServers` (the firewall
 * policy's DNS servers) name other DNS servers; undefined when those may answer, or it is not known.
 */
export function azureDnsVnet(graph: ResourceGraph, resource: Resource, configurationsKey: string, customServers?: Value): Resource | undefined {
  const vnet = placeOf(graph, resource, configurationsKey)?.vnet;
  if (vnet === undefined) return undefined;
  for (const servers of [customServers, get(vnet, 'properties', 'dhcpOptions', 'dnsServers')]) {
    const list = asArray(servers);
    if (isUnknown(list) || (list !== undefined && list.length > 0)) return undefined;
  }
  return vnet;
}

function computeReach(graph: ResourceGraph, resource: Resource, configurationsKey: string): Reach | undefined {
  const place = placeOf(graph, resource, configurationsKey);
  if (!place) return undefined;
  const { vnet, subnets } = place;
  const peerings = asArray(get(vnet, 'properties', 'virtualNetworkPeerings'));
  if (isUnknown(peerings)) return undefined;
  const vnets = new Set([graph.keyOf(vnet)]);
  let beyond: string | undefined;
  for (const peering of peerings ?? []) {
    const remote = prop(peering, 'properties', 'remoteVirtualNetwork', 'id');
    if (typeof remote !== 'string') return undefined;
    vnets.add(graph.referenceKey(idKey(remote), vnet));
    const useRemote = asBoolean(prop(peering, 'properties', 'useRemoteGateways'));
    if (useRemote !== false && useRemote !== undefined) beyond ??= `VNet '${vnet.name}' uses a peered VNet's gateway, which may route the traffic there`;
  }
  // Peerings declared on the other side only (a spoke's template) count as well.
  for (const other of graph.derive(peeringsByRemote).get(graph.keyOf(vnet)) ?? []) vnets.add(graph.keyOf(other));
  // A VNet whose peering names a VNet not known may be peered with this one.
  const maybeVnets = new Map<string, string>();
  for (const other of graph.derive(peeringsToUnknown))
    if (!vnets.has(graph.keyOf(other.vnet)) && mayBePeeredWith(other, vnet))
      maybeVnets.set(
        graph.keyOf(other.vnet),
        `VNet '${other.vnet.name}' has a peering whose remote VNet is not known (${other.reason}): it may be peered with VNet '${vnet.name}' of '${resource.name}'`,
      );
  beyond ??= graph.derive(routersByVnet).get(graph.keyOf(vnet))?.(vnet.name) ?? unplacedRouter(graph) ?? graph.derive(connectivityManager);
  for (const subnet of subnets) beyond ??= routeBeyond(graph, subnet);
  return { name: resource.name, vnetName: vnet.name, vnets, ...(beyond ? { beyond } : {}), ...(maybeVnets.size > 0 ? { maybeVnets } : {}) };
}

/**
 * What routes past a VNet and its peerings, by the VNet's `graph.keyOf`, said of the VNet by name: a VPN or
 * ExpressRoute gateway or a Route Server in it (BGP and gateway routes reach other networks), or a
 * connection to a virtual WAN hub (seen from the hub, or as the VNet's peering to the hub's own VNet,
 * `HV_<hub>_<guid>`). The first found for each VNet.
 */
function routersByVnet(graph: ResourceGraph): Map<string, (vnet: string) => string> {
  const index = new Map<string, (vnet: string) => string>();
  for (const [key, gateways] of graph.derive(gatewaysByVnet))
    index.set(key, (vnet) => `gateway '${(gateways[0] as Resource).name}' in VNet '${vnet}' may route the traffic there`);
  for (const [key, { routeServer, hub }] of graph.derive(routersOfVnets)) {
    if (index.has(key)) continue;
    if (routeServer !== undefined) index.set(key, (vnet) => `Route Server '${routeServer.name}' in VNet '${vnet}' may route the traffic there`);
    else if (hub !== undefined) index.set(key, (vnet) => `VNet '${vnet}' is connected to virtual hub '${hub.name}', which may route the traffic there`);
  }
  return index;
}

/** A Route Server or virtual hub connection whose VNet is not known: it may be any VNet's, and route past it. */
function unplacedRouter(graph: ResourceGraph): string | undefined {
  const { routeServers, hubConnections } = graph.derive(unplacedRouters);
  const hub = (child: Resource): string => child.name.split('/')[0] ?? child.name;
  const server = routeServers[0]?.configuration;
  if (server) return `the VNet of Route Server '${hub(server)}' is not known: it may be this one, and route the traffic there`;
  const connection = hubConnections[0]?.connection;
  return connection && `the VNet of a connection of virtual hub '${hub(connection)}' is not known: it may be this one, and the hub route the traffic there`;
}

/**
 * A network manager that manages connectivity (or may: its scope accesses are not known). Its
 * mesh configurations connect the VNets of a group without peering them, and which VNets its
 * groups hold is often decided by Azure Policy, so any VNet may be connected to any other.
 */
function connectivityManager(graph: ResourceGraph): string | undefined {
  for (const manager of graph.ofType('Microsoft.Network/networkManagers')) {
    const accesses = get(manager, 'properties', 'networkManagerScopeAccesses');
    const connectivity = Array.isArray(accesses)
      ? accesses.some((access) => typeof access !== 'string' || access.toLowerCase() === 'connectivity')
      : accesses !== undefined && accesses !== null;
    if (connectivity) return `network manager '${manager.name}' manages connectivity, which may connect the two VNets without peering them`;
  }
  return undefined;
}

/** A route on the subnet to an appliance or a gateway, which may carry the traffic elsewhere. */
function routeBeyond(graph: ResourceGraph, subnet: Resource): string | undefined {
  const table = subnetRouteTable(graph, subnet);
  if (table === undefined) return undefined;
  if (isUnknown(table)) return `the route table of subnet '${subnet.name}' is not known (${table.reason})`;
  const routes = asArray(get(table, 'properties', 'routes'));
  if (isUnknown(routes)) return `the routes of route table '${table.name}' are not known`;
  for (const route of routes ?? []) {
    const hop = asString(prop(route, 'properties', 'nextHopType'));
    if (isUnknown(hop)) return `route table '${table.name}' of subnet '${subnet.name}' has a route whose next hop is not known`;
    if (hop !== undefined && !['internet', 'vnetlocal', 'none'].includes(hop.toLowerCase()))
      return `route table '${table.name}' of subnet '${subnet.name}' sends traffic to ${hop}, which may route it there`;
  }
  return undefined;
}
