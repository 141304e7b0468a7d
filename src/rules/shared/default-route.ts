import { ALL_V4 } from '../../analyses/network/addresses.js';
import type { IntervalSet } from '../../analyses/network/interval-set.js';
import { advertisedBy } from '../../analyses/network/gateway-spaces.js';
import type { ResourceGraph } from '../../model/graph.js';
import { get, type Resource } from '../../model/resource.js';
import { parentId } from '../../model/resource-id.js';
import { asBoolean, isUnknown, type Unknown } from '../../model/value.js';
import { hubDefaultRoute } from './virtual-wan.js';
import { tunnellingGatewaysFor, type Tunnel } from './vnet.js';

/**
 * Whether a default route the VNet learns (for `family`, IPv4 unless said) reaches a subnet that has no such route of its own
 * (one of its own wins): from a gateway that learns one over BGP or has a default site, or from
 * the virtual WAN hub the VNet is connected to, unless the subnet's route table (`table`) stops
 * gateway routes. True when one surely does (the hub sends its own, or the configuration says one
 * is advertised over BGP, `network.bgpPrefixes`); why one may, in words; undefined when none can.
 */
export function learnedDefaultRoute(
  graph: ResourceGraph,
  subnet: Resource,
  table: Resource | undefined,
  family: IntervalSet = ALL_V4,
): true | string | undefined | Unknown {
  if (table) {
    const off = asBoolean(get(table, 'properties', 'disableBgpRoutePropagation'));
    if (isUnknown(off)) return off;
    if (off === true) return undefined;
  }
  const vnetId = parentId(subnet.id);
  if (vnetId === undefined) return undefined;
  const vnet = graph.get(vnetId, subnet);
  if (!vnet)
    return `VNet '${vnetId.split('/').pop() ?? vnetId}' of the subnet is not in the scanned input: a gateway, Route Server or virtual hub may send it a default route`;
  const hub = hubDefaultRoute(graph, vnet);
  if (isUnknown(hub)) return hub;
  if (hub && 'sends' in hub) return true;
  const tunnels = tunnellingGatewaysFor(graph, vnet);
  if (isUnknown(tunnels)) return tunnels;
  let may: string | undefined;
  for (const tunnel of tunnels) {
    // What the configuration lists for a BGP gateway says whether the default route is among what it learns.
    const advertised = tunnel.bgp ? advertisedBy(graph, { name: tunnel.gateway, id: tunnel.id }) : undefined;
    if (advertised !== undefined && !isUnknown(advertised)) {
      if (advertised.covers(family)) return true;
      continue;
    }
    may ??= mayTunnel(tunnel);
  }
  return may ?? hub?.may;
}

function mayTunnel(tunnel: Tunnel): string {
  const say = tunnel.bgp ? ' (network.bgpPrefixes in .azvmsec.yaml says whether 0.0.0.0/0 is advertised)' : '';
  if (tunnel.how === 'Route Server')
    return `Route Server '${tunnel.gateway}' may send the subnet a default route an appliance advertises over BGP, and gateway route propagation is on${say}`;
  return `gateway '${tunnel.gateway}' may send the subnet a default route to on-premises through ${tunnel.how}, and gateway route propagation is on${say}`;
}
