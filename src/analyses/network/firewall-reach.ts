import type { ResourceGraph } from '../../model/graph.js';
import { pushTo } from '../../model/multimap.js';
import { subnetRouteTable } from '../../model/relations.js';
import { get, type Resource } from '../../model/resource.js';
import { idKey, parentId } from '../../model/resource-id.js';
import { asArray, asBoolean, asString, isUnknown, prop, type Unknown, type Value } from '../../model/value.js';
import { peeringsByRemote } from './topology.js';

/**
 * Where an Azure Firewall in a VNet sends what its DNAT rules translate: an address in its own
 * VNet or in a VNet peered with it (peering is not transitive). Private address spaces are reused
 * across an organisation's VNets, so a VM elsewhere with the translated address is not the one a
 * rule publishes, unless a gateway, a Route Server, a virtual hub or a user-defined route to an
 * appliance can take the packet further (`beyond`).
 */
export interface FirewallReach {
  /** Keys of the firewall's VNet and of the VNets peered with it. */
  readonly vnets: ReadonlySet<string>;
  readonly vnetName: string;
  /** What may route past those VNets, when something does. */
  readonly beyond?: string;
}

/**
 * The reach of the firewalls that apply a DNAT rule, joined; undefined when it cannot be narrowed
 * (no firewall known, one in a virtual WAN hub, its VNet or peerings not in the input).
 */
export function firewallsReach(graph: ResourceGraph, firewalls: readonly Resource[]): FirewallReach | undefined {
  if (firewalls.length === 0) return undefined;
  const vnets = new Set<string>();
  const names: string[] = [];
  let beyond: string | undefined;
  const memo = graph.derive(reachMemo);
  for (const firewall of firewalls) {
    if (!memo.has(firewall)) memo.set(firewall, firewallReach(graph, firewall));
    const reach = memo.get(firewall);
    if (reach === undefined) return undefined;
    for (const key of reach.vnets) vnets.add(key);
    names.push(reach.vnetName);
    beyond ??= reach.beyond;
  }
  return { vnets, vnetName: names.join("', '"), ...(beyond ? { beyond } : {}) };
}

/**
 * Whether a VM in `vnet` can be what a DNAT rule translates to: true, false, or why it may be
 * (the text of an unknown).
 */
export function reachedFrom(reach: FirewallReach | undefined, vnet: Resource | Unknown): boolean | string {
  if (reach === undefined || isUnknown(vnet) || reach.vnets.has(vnet.key)) return true;
  if (reach.beyond === undefined) return false;
  return `VNet '${vnet.name}' is not the firewall's VNet '${reach.vnetName}' nor peered with it, but ${reach.beyond}`;
}

const reachMemo = (): Map<Resource, FirewallReach | undefined> => new Map();

function firewallReach(graph: ResourceGraph, firewall: Resource): FirewallReach | undefined {
  const hub = get(firewall, 'properties', 'virtualHub');
  if (hub !== undefined && hub !== null) return undefined;
  const configurations = asArray(get(firewall, 'properties', 'ipConfigurations'));
  if (isUnknown(configurations) || !configurations?.length) return undefined;
  const subnets: Resource[] = [];
  for (const configuration of configurations) {
    const subnet = graph.resolve(prop(configuration, 'properties', 'subnet'), firewall);
    if (subnet === undefined || isUnknown(subnet)) return undefined;
    subnets.push(subnet);
  }
  const vnetId = parentId((subnets[0] as Resource).id);
  const vnet = vnetId === undefined ? undefined : graph.get(vnetId);
  if (!vnet || subnets.some((subnet) => parentId(subnet.id) === undefined || idKey(parentId(subnet.id) as string) !== vnet.key)) return undefined;
  const peerings = asArray(get(vnet, 'properties', 'virtualNetworkPeerings'));
  if (isUnknown(peerings)) return undefined;
  const vnets = new Set([vnet.key]);
  let beyond: string | undefined;
  for (const peering of peerings ?? []) {
    const remote = prop(peering, 'properties', 'remoteVirtualNetwork', 'id');
    if (typeof remote !== 'string') return undefined;
    vnets.add(idKey(remote));
    // Connecting a VNet to a virtual WAN hub peers it with the hub's own VNet, named HV_<hub>_<guid>, outside the customer's subscriptions.
    if (/\/virtualNetworks\/HV_[^/]*$/i.test(remote))
      beyond ??= `the firewall's VNet is connected to a virtual WAN hub (peering to ${remote.split('/').pop() ?? remote}), which may route the traffic there`;
    const useRemote = asBoolean(prop(peering, 'properties', 'useRemoteGateways'));
    if (useRemote !== false && useRemote !== undefined) beyond ??= `VNet '${vnet.name}' uses a peered VNet's gateway, which may route the traffic there`;
  }
  // Peerings declared on the other side only (a spoke's template) count as well.
  for (const other of graph.derive(peeringsByRemote).get(vnet.key) ?? []) vnets.add(other.key);
  beyond ??= graph.derive(routersByVnet).get(vnet.key);
  for (const subnet of subnets) beyond ??= routeBeyond(graph, subnet);
  return { vnets, vnetName: vnet.name, ...(beyond ? { beyond } : {}) };
}

/**
 * What routes past a VNet and its peerings, by VNet key: a VPN or ExpressRoute gateway or a Route
 * Server in it (BGP and gateway routes reach other networks), or a connection to a virtual WAN hub.
 */
function routersByVnet(graph: ResourceGraph): Map<string, string> {
  const index = new Map<string, string[]>();
  const add = (subnetId: Value | undefined, what: string): void => {
    const vnetId = typeof subnetId === 'string' ? parentId(subnetId) : undefined;
    if (vnetId !== undefined) pushTo(index, idKey(vnetId), what);
  };
  for (const gateway of graph.ofType('Microsoft.Network/virtualNetworkGateways')) {
    const configurations = asArray(get(gateway, 'properties', 'ipConfigurations'));
    for (const configuration of isUnknown(configurations) ? [] : (configurations ?? []))
      add(prop(configuration, 'properties', 'subnet', 'id'), `gateway '${gateway.name}' in the firewall's VNet may route the traffic there`);
  }
  for (const configuration of graph.ofType('Microsoft.Network/virtualHubs/ipConfigurations'))
    add(
      get(configuration, 'properties', 'subnet', 'id'),
      `Route Server '${configuration.name.split('/')[0] ?? configuration.name}' in the firewall's VNet may route the traffic there`,
    );
  for (const connection of graph.ofType('Microsoft.Network/virtualHubs/hubVirtualNetworkConnections')) {
    const remote = get(connection, 'properties', 'remoteVirtualNetwork', 'id');
    if (typeof remote === 'string')
      pushTo(
        index,
        idKey(remote),
        `the firewall's VNet is connected to virtual hub '${connection.name.split('/')[0] ?? connection.name}', which may route the traffic there`,
      );
  }
  return new Map([...index].map(([key, reasons]) => [key, reasons[0] as string]));
}

/** A route on the firewall's subnet to an appliance or a gateway, which may carry the packet elsewhere. */
function routeBeyond(graph: ResourceGraph, subnet: Resource): string | undefined {
  const table = subnetRouteTable(graph, subnet);
  if (table === undefined) return undefined;
  if (isUnknown(table)) return `the route table of the firewall's subnet '${subnet.name}' is not known (${table.reason})`;
  const routes = asArray(get(table, 'properties', 'routes'));
  if (isUnknown(routes)) return `the routes of route table '${table.name}' are not known`;
  for (const route of routes ?? []) {
    const hop = asString(prop(route, 'properties', 'nextHopType'));
    if (isUnknown(hop)) return `route table '${table.name}' on the firewall's subnet has a route whose next hop is not known`;
    if (hop !== undefined && !['internet', 'vnetlocal', 'none'].includes(hop.toLowerCase()))
      return `route table '${table.name}' on the firewall's subnet sends traffic to ${hop}, which may route it there`;
  }
  return undefined;
}
