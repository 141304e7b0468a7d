import type { ResourceGraph } from '../../model/graph.js';
import { pushTo } from '../../model/multimap.js';
import { get, type Resource } from '../../model/resource.js';
import { idKey, parentId } from '../../model/resource-id.js';
import { asArray, asBoolean, isUnknown, prop, Unknown, type Value } from '../../model/value.js';
import { prefixesOf } from './addresses.js';
import { IntervalSet } from './interval-set.js';

/**
 * The address spaces a VNet's gateways connect it to, which Azure puts in its `VirtualNetwork`
 * service tag ("all connected on-premises address spaces … virtual networks connected to a virtual
 * network gateway"): the local network gateways of its site-to-site connections, the VNets at the
 * other end of VNet-to-VNet connections and the point-to-site client address pool, of the gateways
 * in the VNet and in a peered VNet whose gateway it uses (`useRemoteGateways`). Routes learned over
 * BGP (by an ExpressRoute gateway, a VPN gateway with BGP, a Route Server, or through a virtual WAN
 * hub) are in the tag too, but in no input: `bgpSources` says what brings them (topology.ts counts
 * the prefixes the configuration says each advertises).
 */
export interface GatewaySpaces {
  readonly spaces: IntervalSet;
  /** Why part of them cannot be read: that part may be anything. */
  readonly reason?: string;
  /** What brings the VNet routes learned over BGP (or may): what each advertises is in the tag (`advertisedBy`). */
  readonly bgpSources: readonly BgpSource[];
}

/** Something that gives a VNet routes learned over BGP: a gateway, a Route Server or a virtual WAN hub. */
export interface BgpSource {
  readonly name: string;
  readonly id?: string;
  /** How it gives them, in words (`gateway 'x' learns routes over ExpressRoute`). */
  readonly what: string;
  /** It may give this VNet none: its own VNet is not known (it may be this one). */
  readonly maybe?: true;
}

export function gatewaySpaces(graph: ResourceGraph, vnet: Resource): GatewaySpaces {
  const sets: IntervalSet[] = [];
  let reason: string | undefined;
  const add = (value: IntervalSet | Unknown): void => {
    if (isUnknown(value)) reason ??= value.reason;
    else sets.push(value);
  };
  const bgpSources: BgpSource[] = [];
  const byVnet = graph.derive(gatewaysByVnet);
  const routers = graph.derive(routersOfVnets);
  // Its own gateways and Route Server, then those of the peered VNets whose gateways it uses (by `keyOf`).
  const own = graph.keyOf(vnet);
  const remotes = remoteGatewayVnets(vnet, (unknown) => (reason ??= unknown)).map((key) => graph.referenceKey(key, vnet));
  for (const key of [own, ...remotes]) {
    const gateways = byVnet.get(key) ?? [];
    const routeServer = routers.get(key)?.routeServer;
    if (key !== own && gateways.length === 0 && routeServer === undefined)
      reason ??= `VNet '${vnet.name}' uses the gateway of a peered VNet that is not in the scanned input`;
    for (const gateway of gateways) {
      const pool = get(gateway, 'properties', 'vpnClientConfiguration', 'vpnClientAddressPool', 'addressPrefixes');
      add(prefixes(pool, `the point-to-site address pool of gateway '${gateway.name}'`));
      const connections = graph.derive(connectionsByGateway).get(graph.keyOf(gateway)) ?? [];
      for (const connection of connections) add(otherEnd(graph, connection, gateway));
      const learns = learnsOverBgp(gateway, connections);
      if (learns !== undefined) bgpSources.push({ name: gateway.name, id: gateway.id, what: learns });
    }
    // A Route Server learns routes from appliances over BGP.
    if (routeServer !== undefined) bgpSources.push({ ...routeServer, what: `Route Server '${routeServer.name}' learns routes over BGP` });
  }
  // A virtual WAN hub gives its VNets the routes of its branches and other VNets.
  const hub = routers.get(own)?.hub;
  if (hub !== undefined)
    bgpSources.push({ ...hub, what: `VNet '${vnet.name}' is connected to virtual hub '${hub.name}', which gives it the routes it learns` });
  // A Route Server or hub connection whose VNet is not known may be this VNet's.
  const unplaced = graph.derive(unplacedRouters);
  for (const { configuration, subnet } of unplaced.routeServers) {
    const { name, id } = hubOf(configuration);
    bgpSources.push({ name, id, maybe: true, what: `the subnet of Route Server '${name}' is not known (${subnet.reason}): it may be in VNet '${vnet.name}'` });
  }
  for (const { connection, remote } of unplaced.hubConnections) {
    const { name, id } = hubOf(connection);
    bgpSources.push({
      name,
      id,
      maybe: true,
      what: `the VNet of a connection of virtual hub '${name}' is not known (${remote.reason}): it may be VNet '${vnet.name}'`,
    });
  }
  return { spaces: IntervalSet.unionAll(sets), ...(reason ? { reason } : {}), bgpSources };
}

/**
 * The prefixes the configuration says a BGP source advertises to Azure (`network.bgpPrefixes`): the
 * list for every source, or the one listed under the source's name or id (case aside), else under
 * `*`. Undefined when it says nothing of this source, Unknown when a prefix cannot be read.
 */
export function advertisedBy(graph: ResourceGraph, source: { readonly name: string; readonly id?: string | undefined }): IntervalSet | Unknown | undefined {
  const { every, bySource } = graph.derive(readAdvertisedPrefixes);
  return (source.id === undefined ? undefined : bySource.get(source.id.toLowerCase())) ?? bySource.get(source.name.toLowerCase()) ?? every;
}

/** The configured prefixes, read once per graph. */
function readAdvertisedPrefixes(graph: ResourceGraph): { every?: IntervalSet | Unknown; bySource: Map<string, IntervalSet | Unknown> } {
  const listed = graph.network.bgpPrefixes;
  const bySource = new Map<string, IntervalSet | Unknown>();
  if (listed === undefined) return { bySource };
  if (Array.isArray(listed)) return { every: prefixesOf([...listed]), bySource };
  let every: IntervalSet | Unknown | undefined;
  for (const [key, prefixes] of Object.entries(listed as Readonly<Record<string, readonly string[]>>)) {
    if (key === '*') every = prefixesOf([...prefixes]);
    else bySource.set(key.toLowerCase(), prefixesOf([...prefixes]));
  }
  return every === undefined ? { bySource } : { every, bySource };
}

/**
 * What of a virtual WAN or a Route Server is attached to a VNet: the first Route Server in it, the
 * first virtual hub it is connected to, and its virtual hub connections.
 */
export interface VnetRouters {
  routeServer?: { readonly name: string; readonly id?: string };
  hub?: { readonly name: string; readonly id?: string };
  hubConnections?: Resource[];
}

/**
 * The Route Servers (a virtual hub's IP configurations in a VNet's subnet) and virtual hub
 * connections of each VNet, by its `graph.keyOf` (as each reference reads it); use through
 * `graph.derive`. A connection seen only from the VNet, as its peering to the hub's own VNet
 * (`HV_<hub>_<guid>`), counts as one.
 */
export function routersOfVnets(graph: ResourceGraph): Map<string, VnetRouters> {
  const index = new Map<string, VnetRouters>();
  const entry = (key: string): VnetRouters => {
    let found = index.get(key);
    if (!found) index.set(key, (found = {}));
    return found;
  };
  for (const configuration of graph.ofType('Microsoft.Network/virtualHubs/ipConfigurations')) {
    const subnet = get(configuration, 'properties', 'subnet', 'id');
    const vnetId = typeof subnet === 'string' ? parentId(subnet) : undefined;
    if (vnetId !== undefined) entry(graph.referenceKey(idKey(vnetId), configuration)).routeServer ??= hubOf(configuration);
  }
  for (const connection of graph.ofType('Microsoft.Network/virtualHubs/hubVirtualNetworkConnections')) {
    const remote = get(connection, 'properties', 'remoteVirtualNetwork', 'id');
    if (typeof remote !== 'string') continue;
    const routers = entry(graph.referenceKey(idKey(remote), connection));
    routers.hub ??= hubOf(connection);
    (routers.hubConnections ??= []).push(connection);
  }
  for (const vnet of graph.ofType('Microsoft.Network/virtualNetworks')) {
    const peerings = asArray(get(vnet, 'properties', 'virtualNetworkPeerings'));
    for (const peering of isUnknown(peerings) ? [] : (peerings ?? [])) {
      const remote = prop(peering, 'properties', 'remoteVirtualNetwork', 'id');
      const hub = typeof remote === 'string' ? /\/virtualNetworks\/(HV_[^/]*)$/i.exec(remote)?.[1] : undefined;
      if (hub !== undefined) entry(graph.keyOf(vnet)).hub ??= { name: hub };
    }
  }
  return index;
}

/**
 * The Route Servers whose subnet is not known and the virtual hub connections whose VNet is not
 * known: each may be any VNet's. Use through `graph.derive`.
 */
export function unplacedRouters(graph: ResourceGraph): {
  readonly routeServers: readonly { readonly configuration: Resource; readonly subnet: Unknown }[];
  readonly hubConnections: readonly { readonly connection: Resource; readonly remote: Unknown }[];
} {
  const routeServers: { configuration: Resource; subnet: Unknown }[] = [];
  for (const configuration of graph.ofType('Microsoft.Network/virtualHubs/ipConfigurations')) {
    const subnet = get(configuration, 'properties', 'subnet', 'id');
    if (isUnknown(subnet)) routeServers.push({ configuration, subnet });
  }
  const hubConnections: { connection: Resource; remote: Unknown }[] = [];
  for (const connection of graph.ofType('Microsoft.Network/virtualHubs/hubVirtualNetworkConnections')) {
    const remote = get(connection, 'properties', 'remoteVirtualNetwork', 'id');
    if (isUnknown(remote)) hubConnections.push({ connection, remote });
  }
  return { routeServers, hubConnections };
}

/** The virtual hub a child of it (an IP configuration, a VNet connection) belongs to. */
function hubOf(child: Resource): { name: string; id?: string } {
  const id = parentId(child.id);
  const name = child.name.split('/')[0] ?? child.name;
  return id === undefined ? { name } : { name, id };
}

/**
 * Whether a gateway learns routes over BGP: an ExpressRoute gateway or connection always does (its
 * circuit's connection may be in another input), a VPN gateway when BGP is on (or may be).
 */
function learnsOverBgp(gateway: Resource, connections: readonly Resource[]): string | undefined {
  const expressRoute = (value: Value | undefined): boolean => typeof value === 'string' && value.toLowerCase() === 'expressroute';
  if (
    expressRoute(get(gateway, 'properties', 'gatewayType')) ||
    connections.some((connection) => expressRoute(get(connection, 'properties', 'connectionType')))
  ) {
    return `gateway '${gateway.name}' learns routes over ExpressRoute`;
  }
  const enabled = asBoolean(get(gateway, 'properties', 'enableBgp'));
  if (isUnknown(enabled)) return `whether gateway '${gateway.name}' learns routes over BGP is not known (${enabled.reason})`;
  return enabled === true ? `gateway '${gateway.name}' learns routes over BGP from its VPN connections` : undefined;
}

/** The keys of the peered VNets whose gateways (or Route Server) a VNet uses. */
function remoteGatewayVnets(vnet: Resource, unknown: (reason: string) => void): string[] {
  const keys: string[] = [];
  const peerings = asArray(get(vnet, 'properties', 'virtualNetworkPeerings'));
  for (const peering of isUnknown(peerings) ? [] : (peerings ?? [])) {
    const use = asBoolean(prop(peering, 'properties', 'useRemoteGateways'));
    const remote = prop(peering, 'properties', 'remoteVirtualNetwork', 'id');
    if (isUnknown(use)) unknown(`whether VNet '${vnet.name}' uses a peered VNet's gateway is not known (${use.reason})`);
    if (use !== true) continue;
    if (typeof remote === 'string') keys.push(idKey(remote));
    else unknown(`VNet '${vnet.name}' uses the gateway of a peered VNet that is not in the scanned input`);
  }
  return keys;
}

/** What a connection of `gateway` connects it to: a local network gateway's address space, or the VNet of the other VNet-to-VNet gateway. */
function otherEnd(graph: ResourceGraph, connection: Resource, gateway: Resource): IntervalSet | Unknown {
  const type = get(connection, 'properties', 'connectionType');
  if (typeof type === 'string' && type.toLowerCase() === 'expressroute') return IntervalSet.EMPTY;
  const local = get(connection, 'properties', 'localNetworkGateway2');
  if (local !== undefined && local !== null) {
    const site = graph.resolve(local, connection);
    if (site === undefined) return IntervalSet.EMPTY;
    if (isUnknown(site)) return new Unknown(`the address space connection '${connection.name}' reaches is not known (${site.reason})`);
    return prefixes(get(site, 'properties', 'localNetworkAddressSpace', 'addressPrefixes'), `the address space of local network gateway '${site.name}'`);
  }
  for (const end of ['virtualNetworkGateway1', 'virtualNetworkGateway2']) {
    const other = graph.resolve(get(connection, 'properties', end), connection);
    if (other === undefined || (!isUnknown(other) && other.key === gateway.key)) continue;
    if (isUnknown(other)) return new Unknown(`the VNet connection '${connection.name}' reaches is not known (${other.reason})`);
    const vnets = gatewayVnetKeys(other);
    const remote = vnets.length === 1 ? graph.get(vnets[0] as string, other) : undefined;
    if (!remote) return new Unknown(`the VNet of gateway '${other.name}' is not in the scanned input`);
    return prefixes(get(remote, 'properties', 'addressSpace', 'addressPrefixes'), `the address space of VNet '${remote.name}'`);
  }
  return IntervalSet.EMPTY;
}

function prefixes(value: Value | undefined, what: string): IntervalSet | Unknown {
  const set = prefixesOf(value);
  return isUnknown(set) ? new Unknown(`${what} is not known (${set.reason})`) : set;
}

/** The keys of the VNets a gateway's IP configurations sit in. */
function gatewayVnetKeys(gateway: Resource): string[] {
  const configurations = asArray(get(gateway, 'properties', 'ipConfigurations'));
  const keys = new Set<string>();
  for (const configuration of isUnknown(configurations) ? [] : (configurations ?? [])) {
    const subnet = prop(configuration, 'properties', 'subnet', 'id');
    const vnet = typeof subnet === 'string' ? parentId(subnet) : undefined;
    if (vnet !== undefined) keys.add(idKey(vnet));
  }
  return [...keys];
}

/** The gateways of each VNet, by its `graph.keyOf` (as the gateway's subnet reference reads it); use through `graph.derive`. */
export function gatewaysByVnet(graph: ResourceGraph): Map<string, Resource[]> {
  const index = new Map<string, Resource[]>();
  for (const gateway of graph.ofType('Microsoft.Network/virtualNetworkGateways'))
    for (const key of gatewayVnetKeys(gateway)) pushTo(index, graph.referenceKey(key, gateway), gateway);
  return index;
}

/** Connections by the `graph.keyOf` of each gateway they name (as the connection reads it). */
function connectionsByGateway(graph: ResourceGraph): Map<string, Resource[]> {
  const index = new Map<string, Resource[]>();
  for (const connection of graph.ofType('Microsoft.Network/connections')) {
    for (const end of ['virtualNetworkGateway1', 'virtualNetworkGateway2']) {
      const id = get(connection, 'properties', end, 'id');
      if (typeof id === 'string') pushTo(index, graph.referenceKey(idKey(id), connection), connection);
    }
  }
  return index;
}
