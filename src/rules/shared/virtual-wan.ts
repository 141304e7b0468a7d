import { ALL_V4 } from '../../analyses/network/addresses.js';
import { advertisedBy, routersOfVnets, unplacedRouters } from '../../analyses/network/gateway-spaces.js';
import type { ResourceGraph } from '../../model/graph.js';
import { pushTo } from '../../model/multimap.js';
import { get, type Resource } from '../../model/resource.js';
import { idKey, parentId } from '../../model/resource-id.js';
import { asArray, asBoolean, equalsIgnoreCase, isUnknown, prop, someItem, type Unknown, type Value } from '../../model/value.js';

/** What a virtual WAN hub's default route means for a VNet connected to it. */
export type HubDefaultRoute =
  /** The hub sends it one: how, in words (a routing intent, a route of a hub route table, on-premises). */
  | { readonly sends: string }
  /** The hub may send it one: why that is not known. */
  | { readonly may: string };

/**
 * Whether a virtual WAN hub sends a VNet a default route (0.0.0.0/0) through its connection.
 * Microsoft: "when an Internet Traffic Routing Policy is configured on a Virtual WAN hub, the
 * Virtual WAN advertises a default (0.0.0.0/0) route to all spokes"; without routing intent, a
 * route for 0.0.0.0/0 in the hub route table the connection is associated with (its firewall, as a
 * secured hub made by Firewall Manager has) does the same, and a hub with an ExpressRoute or VPN
 * gateway passes on one on-premises advertises. Only connections with `enableInternetSecurity`
 * ("propagate default route") on take it. Undefined when no hub sends one; Unknown when a setting
 * cannot be read.
 */
export function hubDefaultRoute(graph: ResourceGraph, vnet: Resource): HubDefaultRoute | undefined | Unknown {
  const routers = graph.derive(routersOfVnets).get(graph.keyOf(vnet));
  const connections = routers?.hubConnections ?? [];
  if (connections.length === 0) {
    // A hub seen only in the VNet's peering to the hub's own VNet (`HV_…`): its connection is elsewhere.
    const hub = routers?.hub;
    if (hub === undefined) return unplacedConnection(graph);
    return {
      may: `VNet '${vnet.name}' is peered with virtual hub '${hub.name}', whose connection to it is not in the scanned input: the hub may send it a default route`,
    };
  }
  let may: string | undefined;
  for (const connection of connections) {
    const security = asBoolean(get(connection, 'properties', 'enableInternetSecurity'));
    if (isUnknown(security)) return security;
    if (security === false) continue;
    const sent = sentByHub(graph, connection);
    if (sent === undefined) continue;
    if (isUnknown(sent)) return sent;
    if (typeof sent !== 'string') {
      may ??= sent.may;
      continue;
    }
    if (security === true) return { sends: sent };
    may ??= `whether connection '${connection.name}' takes the default route of its virtual hub (enableInternetSecurity) is not given: ${sent}`;
  }
  return may === undefined ? unplacedConnection(graph) : { may };
}

/**
 * A VNet connection whose VNet is not known may be to any VNet: why a VNet may get a default route
 * through one, or undefined when none would send one.
 */
function unplacedConnection(graph: ResourceGraph): { may: string } | Unknown | undefined {
  for (const { connection, remote } of graph.derive(unplacedRouters).hubConnections) {
    const security = asBoolean(get(connection, 'properties', 'enableInternetSecurity'));
    if (security === false) continue;
    const sent = sentByHub(graph, connection);
    if (sent === undefined) continue;
    if (isUnknown(sent)) return sent;
    const hub = connection.name.split('/')[0] ?? connection.name;
    return {
      may: `the VNet of connection '${lastSegment(connection.name)}' of virtual hub '${hub}' is not known (${remote.reason}): it may be this one, to which the hub may send a default route`,
    };
  }
  return undefined;
}

/** How the hub of a connection sends default routes (to those that take them), or why it may. */
function sentByHub(graph: ResourceGraph, connection: Resource): string | { may: string } | undefined | Unknown {
  const hubId = parentId(connection.id);
  if (hubId === undefined) return undefined;
  const hubName = lastSegment(hubId);
  // A destination not known may be the one that sends the default route: it counts when none surely does.
  let unsure: Unknown | undefined;
  for (const intent of graph.derive(routingIntentsByHub).get(idKey(hubId)) ?? []) {
    const policies = asArray(get(intent, 'properties', 'routingPolicies'));
    if (isUnknown(policies)) return policies;
    for (const policy of policies ?? []) {
      const internet = someItem(asArray(prop(policy, 'destinations')), (destination) => equalsIgnoreCase(destination, 'internet'));
      if (isUnknown(internet)) unsure ??= internet;
      if (internet === true) return `the routing intent of virtual hub '${hubName}' sends Internet traffic to ${nextHopName(prop(policy, 'nextHop'))}`;
    }
  }
  const associated = prop(get(connection, 'properties', 'routingConfiguration'), 'associatedRouteTable', 'id');
  if (isUnknown(associated)) return associated;
  const table = graph.get(typeof associated === 'string' ? associated : `${hubId}/hubRouteTables/defaultRouteTable`, connection);
  // The default route table is the hub's own (Azure makes it, empty unless told); one the connection names is not.
  if (!table && typeof associated === 'string')
    return {
      may: `hub route table '${lastSegment(associated)}', which connection '${lastSegment(connection.name)}' is associated with, is not in the scanned input: it may route 0.0.0.0/0`,
    };
  const routes = table ? asArray(get(table, 'properties', 'routes')) : undefined;
  if (isUnknown(routes)) return routes;
  for (const route of routes ?? []) {
    const everywhere = someItem(asArray(prop(route, 'destinations')), (destination) => destination === '0.0.0.0/0');
    if (isUnknown(everywhere)) unsure ??= everywhere;
    if (everywhere === true)
      return `route '${String(prop(route, 'name'))}' of hub route table '${lastSegment(table?.id ?? '')}' sends 0.0.0.0/0 to ${nextHopName(prop(route, 'nextHop'))}`;
  }
  if (unsure) return unsure;
  const hub = graph.get(hubId, connection);
  if (!hub)
    return {
      may: `VNet connection '${connection.name}' is to virtual hub '${hubName}', which is not in the scanned input: its routing intent, its route tables or on-premises may send the VNet a default route`,
    };
  // ExpressRoute and VPN branches, named by the hub or naming it: the hub passes on what on-premises advertises over BGP.
  const named = ['expressRouteGateway', 'vpnGateway'].some((gateway) => {
    const id = get(hub, 'properties', gateway);
    return id !== undefined && id !== null;
  });
  const branches = graph.derive(hubsWithBranches);
  if (!named && !branches.keys.has(hub.key) && branches.unplaced === undefined) return undefined;
  const advertised = advertisedBy(graph, { name: hubName, id: hubId });
  if (isUnknown(advertised)) return advertised;
  if (advertised === undefined)
    return {
      may: `virtual hub '${hubName}' may pass on a default route on-premises advertises over BGP (network.bgpPrefixes in .azvmsec.yaml says whether 0.0.0.0/0 is advertised)`,
    };
  return advertised.covers(ALL_V4) ? `virtual hub '${hubName}' passes on the default route on-premises advertises (network.bgpPrefixes)` : undefined;
}

function nextHopName(nextHop: Value | undefined): string {
  return typeof nextHop === 'string' && nextHop !== '' ? `'${lastSegment(nextHop)}'` : 'its next hop';
}

function lastSegment(id: string): string {
  return (
    id
      .split('/')
      .filter((segment) => segment !== '')
      .pop() ?? id
  );
}

/**
 * The keys of the virtual hubs an ExpressRoute or VPN gateway of the input names, and a gateway
 * whose hub is not known (it may be any hub's); use through `graph.derive`.
 */
function hubsWithBranches(graph: ResourceGraph): { keys: Set<string>; unplaced?: Unknown } {
  const keys = new Set<string>();
  let unplaced: Unknown | undefined;
  for (const type of ['Microsoft.Network/expressRouteGateways', 'Microsoft.Network/vpnGateways']) {
    for (const gateway of graph.ofType(type)) {
      const hub = get(gateway, 'properties', 'virtualHub', 'id');
      if (typeof hub === 'string') keys.add(idKey(hub));
      else if (isUnknown(hub)) unplaced ??= hub;
    }
  }
  return unplaced ? { keys, unplaced } : { keys };
}

/** The routing intents of each virtual hub, by the hub's key; use through `graph.derive`. */
function routingIntentsByHub(graph: ResourceGraph): Map<string, Resource[]> {
  const index = new Map<string, Resource[]>();
  for (const intent of graph.ofType('Microsoft.Network/virtualHubs/routingIntent')) {
    const hub = parentId(intent.id);
    if (hub !== undefined) pushTo(index, idKey(hub), intent);
  }
  return index;
}
