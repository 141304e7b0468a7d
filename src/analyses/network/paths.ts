import { oncePerObject } from '../../model/memo.js';
import type { ResourceGraph } from '../../model/graph.js';
import { get, type Resource } from '../../model/resource.js';
import { idKey, parentId } from '../../model/resource-id.js';
import { asArray, isObject, isUnknown, lookup, prop, quoted, Unknown, type Value } from '../../model/value.js';
import { ALL_IP, INTERNET, INTERNET_V4, PUBLIC, PUBLIC_V6, parseCidr } from './addresses.js';
import { isNameNotHeld, resolveName } from './dns.js';
import { azureDnsVnet, reachedFrom, reachOf, type Reach } from './reach.js';
import { IntervalSet } from './interval-set.js';
import { ALL_PORTS, ALL_PROTOCOLS, parsePortRange, parseProtocol, protocolBit, type ProtocolSet } from './ports.js';
import { subnetClients, subnetPrefixes, type FloatingDestination, type Target } from './topology.js';
import { pushTo } from '../../model/multimap.js';

/** How Internet traffic gets to a VM's IP configuration (rule catalog §3). */
export type PathKind = 'public-ip' | 'load-balancer-nat' | 'load-balancer-rule' | 'application-gateway' | 'firewall-dnat';

export interface ExposurePath {
  readonly kind: PathKind;
  readonly target: Target;
  /** The public IP, load balancer, Application Gateway or firewall (policy) the path goes through. */
  readonly via: { readonly id: string; readonly name: string; readonly type: string };
  /** The NAT rule, LB rule, routing rule or DNAT rule, and its JSON pointer inside `via`. */
  readonly rule?: { readonly name: string; readonly pointer: string };
  /** Ports clients connect to on the public frontend. */
  readonly frontendPorts: IntervalSet | Unknown;
  /** Ports the traffic arrives on at the VM: what the NSGs see. */
  readonly ports: IntervalSet | Unknown;
  readonly protocols: ProtocolSet;
  /** Client addresses the front end admits. */
  readonly clients: IntervalSet | Unknown;
  /** The source the VM's NSGs see when it is not the client (Application Gateway or firewall subnet). */
  readonly nsgSource?: IntervalSet | Unknown;
  /** What happens with no NSG at all: Basic SKUs are open, Standard SKUs closed. */
  readonly openWithoutNsg: boolean | Unknown;
  /** Where the traffic is addressed when not to the VM: the frontend of a load balancer rule with floating IP. */
  readonly destination?: FloatingDestination;
  /** The name the front end sends the traffic to, when it names the VM by one (a DNAT rule's translated FQDN). */
  readonly hostName?: string;
  /** Something on the path is not knowable: the whole path's verdict is unknown. */
  readonly unknown?: string;
}

interface Sub {
  readonly body: Value;
  readonly pointer: string;
  readonly name: string;
}

/** A sub-resource of `resource` (listener, frontend, pool, …) referenced by id. */
function subResource(resource: Resource, collection: string, reference: Value | undefined): Sub | Unknown | undefined {
  const id = isObject(reference) ? prop(reference, 'id') : reference;
  if (id === undefined || id === null) return undefined;
  if (isUnknown(id)) return id;
  if (typeof id !== 'string') return new Unknown('a reference is not a resource id');
  const name = id.split('/').pop()?.toLowerCase();
  const list = lookup(resource.body, ['properties', collection]);
  if (isUnknown(list.value)) return list.value;
  const items = Array.isArray(list.value) ? list.value : [];
  const index = items.findIndex((item) => {
    const named = prop(item, 'name');
    return typeof named === 'string' && named.toLowerCase() === name;
  });
  if (index < 0) return new Unknown(`${collection} '${id.split('/').pop() ?? id}' is not in '${resource.name}'`);
  return { body: items[index] as Value, pointer: `${list.pointer}/${index}`, name: id.split('/').pop() ?? '' };
}

function viaOf(resource: Resource): ExposurePath['via'] {
  return { id: resource.id, name: resource.name, type: resource.type };
}

/**
 * Whether a public IP or load balancer is open without an NSG (Basic). Azure always gives a
 * deployed one its SKU; a template may leave it out, and the SKU Azure then took, Basic, is one it
 * no longer creates: which one a deployment gets cannot be told.
 */
function isBasic(resource: Resource): boolean | Unknown {
  const sku = get(resource, 'sku', 'name');
  if (isUnknown(sku)) return sku;
  if (sku === undefined || sku === null)
    return new Unknown(`the SKU of ${NOUNS[resource.type.toLowerCase()] ?? resource.type} '${resource.name}' is not given`);
  return typeof sku === 'string' && sku.toLowerCase() === 'basic';
}

const NOUNS: Readonly<Record<string, string>> = {
  'microsoft.network/publicipaddresses': 'public IP',
  'microsoft.network/loadbalancers': 'load balancer',
};

function clientsOf(publicIp: Resource | Unknown): IntervalSet {
  return isUnknown(publicIp) ? INTERNET : clientsOfVersion(get(publicIp, 'properties', 'publicIPAddressVersion'));
}

/**
 * Of `clients` (a public IP's or frontend's), those that can reach an IP configuration: the ones of
 * its own IP version. Azure refuses a public IP of another version
 * (IPVersionForPublicIpAndNicIpConfigurationMustMatch), and a load balancer translates only NAT44
 * and NAT66.
 */
function reachableClients(target: Target, clients: IntervalSet): IntervalSet {
  return clients.intersect(internetOf(target));
}

/** The Internet an IP configuration can be reached from, or reach: the public addresses of its own IP version. */
export function internetOf(target: Target): IntervalSet {
  return clientsOfVersion(prop(target.ipConfiguration.body, 'properties', 'privateIPAddressVersion'));
}

/**
 * The Internet of an IP version: IPv6 when it says so, IPv4 (with the service tags' space) when it
 * says so or is not given (Azure's default), both when not known.
 */
function clientsOfVersion(version: Value | undefined): IntervalSet {
  if (isUnknown(version)) return INTERNET;
  return typeof version === 'string' && version.toLowerCase() === 'ipv6' ? PUBLIC_V6 : INTERNET_V4;
}

/**
 * The destination of traffic through a rule with floating IP on this public frontend: its address
 * (live and snapshot inputs give it), else the public range of its version. One object per public
 * IP, so that the VMs behind it share their evaluations.
 */
const floatingDestinationOf = oncePerObject((publicIp: Resource): FloatingDestination => {
  const address = get(publicIp, 'properties', 'ipAddress');
  const parsed = typeof address === 'string' ? parseCidr(address) : undefined;
  return parsed
    ? { address: parsed }
    : { address: clientsOf(publicIp), unknown: `the address of public IP '${publicIp.name}' is not known until it is deployed` };
});

const UNKNOWN_FRONTEND: FloatingDestination = { address: PUBLIC, unknown: "the load balancer frontend's public address is not known" };

function floatingDestination(publicIp: Resource | Unknown): FloatingDestination {
  return isUnknown(publicIp) ? UNKNOWN_FRONTEND : floatingDestinationOf(publicIp);
}

function ids(value: Value | undefined): (string | Unknown)[] {
  const list = asArray(value);
  if (isUnknown(list)) return [list];
  return (list ?? []).map((item) => {
    const id = isObject(item) ? prop(item, 'id') : item;
    return isUnknown(id) ? id : typeof id === 'string' ? id : new Unknown('a reference is not a resource id');
  });
}

function port(value: Value | undefined): IntervalSet | Unknown {
  if (isUnknown(value)) return value;
  const parsed = typeof value === 'number' || typeof value === 'string' ? parsePortRange(String(value)) : undefined;
  return parsed ?? new Unknown(`port ${quoted(value ?? null)} is not valid`);
}

function protocolOf(value: Value | undefined): ProtocolSet | Unknown {
  if (isUnknown(value)) return value;
  return (typeof value === 'string' ? parseProtocol(value) : undefined) ?? new Unknown(`protocol ${quoted(value ?? null)} is not valid`);
}

/** The frontend ports of a NAT rule or pool: a range (`frontendPortRangeStart` to `…End`) or one port. */
function frontendPortsOf(entry: Value): IntervalSet | Unknown {
  const start = prop(entry, 'properties', 'frontendPortRangeStart');
  if (typeof start === 'number') return IntervalSet.range(start, Number(prop(entry, 'properties', 'frontendPortRangeEnd') ?? start));
  return port(prop(entry, 'properties', 'frontendPort'));
}

/** The public frontend of a load balancer rule: the public IP, Unknown, or undefined when internal. */
function publicFrontend(graph: ResourceGraph, lb: Resource, reference: Value | undefined): { publicIp: Resource | Unknown } | Unknown | undefined {
  const frontend = subResource(lb, 'frontendIPConfigurations', reference);
  if (frontend === undefined) return new Unknown(`a rule of '${lb.name}' has no frontend`);
  if (isUnknown(frontend)) return frontend;
  const publicReference = prop(frontend.body, 'properties', 'publicIPAddress');
  const prefix = prop(frontend.body, 'properties', 'publicIPPrefix');
  if (isUnknown(publicReference)) return publicReference;
  if (publicReference === undefined || publicReference === null) {
    if (isUnknown(prefix)) return prefix;
    return prefix === undefined || prefix === null ? undefined : { publicIp: new Unknown('public IP prefix frontend') };
  }
  const resolved = graph.resolve(publicReference, lb);
  return { publicIp: resolved ?? new Unknown('public IP reference is empty') };
}

function loadBalancerPaths(graph: ResourceGraph, target: Target): ExposurePath[] {
  const paths: ExposurePath[] = [];
  const properties = prop(target.ipConfiguration.body, 'properties');
  const unknownPath = (lb: Resource | undefined, reason: string): ExposurePath => ({
    kind: 'load-balancer-rule',
    target,
    via: lb ? viaOf(lb) : { id: '', name: '(load balancer)', type: 'Microsoft.Network/loadBalancers' },
    frontendPorts: ALL_PORTS,
    ports: ALL_PORTS,
    protocols: ALL_PROTOCOLS,
    clients: reachableClients(target, INTERNET),
    openWithoutNsg: new Unknown(reason),
    unknown: reason,
  });
  const add = (lb: Resource, kind: PathKind, entry: Sub, frontendPorts: IntervalSet | Unknown, maybe?: string): void => {
    const frontend = publicFrontend(
      graph,
      lb,
      prop(entry.body, 'properties', 'frontendIPConfiguration') ?? first(prop(entry.body, 'properties', 'frontendIPConfigurations')),
    );
    if (frontend === undefined) return;
    if (isUnknown(frontend)) return void paths.push(unknownPath(lb, frontend.reason));
    const protocol = protocolOf(prop(entry.body, 'properties', 'protocol'));
    let backend = port(prop(entry.body, 'properties', 'backendPort'));
    // HA ports (protocol All, port 0) forward every port.
    if (!isUnknown(backend) && backend.has(0) && !isUnknown(protocol) && protocol === ALL_PROTOCOLS) backend = ALL_PORTS;
    const protocols = isUnknown(protocol) ? ALL_PROTOCOLS : protocol & (protocolBit('Tcp') | protocolBit('Udp'));
    const open = isBasic(lb);
    const floating = prop(entry.body, 'properties', 'enableFloatingIP');
    paths.push({
      kind,
      target,
      via: viaOf(lb),
      rule: { name: entry.name, pointer: entry.pointer },
      frontendPorts,
      ports: backend,
      protocols,
      clients: reachableClients(target, clientsOf(frontend.publicIp)),
      openWithoutNsg: open,
      ...(floating === true || floating === 'true' ? { destination: floatingDestination(frontend.publicIp) } : {}),
      ...(maybe !== undefined
        ? { unknown: maybe }
        : isUnknown(protocol)
          ? { unknown: protocol.reason }
          : isUnknown(backend)
            ? { unknown: backend.reason }
            : isUnknown(floating)
              ? { unknown: `whether rule '${entry.name}' of load balancer '${lb.name}' uses floating IP is not known: ${floating.reason}` }
              : {}),
    });
  };
  // Inbound NAT rules the NIC names, and the NAT pools a scale set's IP configuration names (a frontend port per instance, from a range).
  const named = [
    ['loadBalancerInboundNatRules', 'inboundNatRules', 'NAT rule'],
    ['loadBalancerInboundNatPools', 'inboundNatPools', 'NAT pool'],
  ] as const;
  for (const [key, collection, what] of named) {
    for (const id of ids(prop(properties, key))) {
      if (isUnknown(id)) return [...paths, unknownPath(undefined, id.reason)];
      const lb = graph.get(parentId(id) ?? '', target.nic);
      if (!lb) {
        paths.push(unknownPath(undefined, `load balancer of ${what} '${id.split('/').pop() ?? id}' is not in the scanned input`));
        continue;
      }
      const entry = subResource(lb, collection, id);
      if (entry === undefined || isUnknown(entry)) {
        paths.push(unknownPath(lb, entry?.reason ?? `${what} not found`));
        continue;
      }
      add(lb, 'load-balancer-nat', entry, frontendPortsOf(entry.body));
    }
  }
  // Load-balancing rules and NAT port ranges for the backend pools the NIC is in.
  const pools = new Set<string>();
  for (const id of ids(prop(properties, 'loadBalancerBackendAddressPools'))) {
    if (isUnknown(id)) return [...paths, unknownPath(undefined, id.reason)];
    pools.add(idKey(id));
    // A pool of a load balancer outside the input: any of its rules may send to the VM.
    if (!graph.get(parentId(id) ?? '', target.nic))
      paths.push(unknownPath(undefined, `load balancer of backend pool '${id.split('/').pop() ?? id}' is not in the scanned input`));
  }
  // Only the load balancers whose rules name one of those pools can add a path; they are found
  // through an index instead of reading every load balancer for every IP configuration.
  const index = graph.derive(loadBalancerIndex);
  const byIp = ipPoolMembers(graph, index, target);
  // Where several inputs declare a load balancer's id (two copies of a template), a pool the NIC
  // names is one of the load balancer it reads (`graph.get`), and a pool that names the IP
  // configuration, of a load balancer that reads this NIC: never the same-named one of another input.
  const nicReads = (order: number): boolean => graph.reads(target.nic, index.lbs[order] as Resource);
  const readsNic = (order: number): boolean => graph.reads(index.lbs[order] as Resource, target.nic);
  const listed = (index.poolsByAddress.get(target.ipConfigurationKey) ?? []).filter((entry) => readsNic(entry.order));
  const byAddress = [...listed, ...byIp.definite].sort((a, b) => a.order - b.order);
  const candidates = new Set<number>();
  const addCandidates = (pool: string, ours: (order: number) => boolean): void => {
    for (const order of index.lbsByPoolRef.get(pool) ?? []) if (ours(order)) candidates.add(order);
    // A load balancer whose rules are not all known may send to any of its pools.
    const anyPool = index.lbsByAnyPool.size === 0 ? undefined : index.lbsByAnyPool.get(idKey(parentId(pool) ?? ''));
    for (const order of anyPool ?? []) if (ours(order)) candidates.add(order);
  };
  for (const pool of pools) addCandidates(pool, nicReads);
  for (const { pool, order: listing } of byAddress)
    addCandidates(pool, (order) => graph.keyOf(index.lbs[order] as Resource) === graph.keyOf(index.lbs[listing] as Resource));
  for (const pool of byIp.maybe.keys()) addCandidates(pool, (order) => !byIp.excluded.has(order));
  let next = 0;
  for (const order of [...candidates].sort((a, b) => a - b)) {
    const lb = index.lbs[order] as Resource;
    // Pools listing this IP configuration by address count from their own load balancer on, as in a pass in graph order.
    for (; next < byAddress.length && (byAddress[next] as { order: number }).order <= order; next++) pools.add((byAddress[next] as { pool: string }).pool);
    if (pools.size === 0 && byIp.maybe.size === 0) continue;
    // A rule whose pool is not known may send to any pool of its load balancer.
    const inOwnPool = (): boolean => [...pools].some((pool) => pool.startsWith(`${lb.key}/backendaddresspools/`));
    const maybeInOwnPool = (): boolean => [...byIp.maybe.keys()].some((pool) => pool.startsWith(`${lb.key}/backendaddresspools/`));
    const inPool = (entry: Value): boolean | Unknown => {
      let maybe: Unknown | undefined;
      let maybeByIp: string | undefined;
      for (const ref of [prop(entry, 'properties', 'backendAddressPool'), ...ids(prop(entry, 'properties', 'backendAddressPools'))]) {
        const id = isObject(ref) ? prop(ref, 'id') : ref;
        if (typeof id === 'string' && pools.has(idKey(id))) return true;
        if (typeof id === 'string') maybeByIp ??= byIp.maybe.get(idKey(id));
        if (isUnknown(id)) maybe ??= id;
      }
      if (maybeByIp !== undefined) return new Unknown(maybeByIp);
      return maybe !== undefined && inOwnPool() ? maybe : false;
    };
    for (const collection of ['loadBalancingRules', 'inboundNatRules'] as const) {
      const list = lookup(lb.body, ['properties', collection]);
      if (isUnknown(list.value)) {
        // Rules not known may send any port to any of its pools.
        const what = collection === 'loadBalancingRules' ? 'load-balancing rules' : 'inbound NAT rules';
        if (inOwnPool() || maybeInOwnPool()) paths.push(unknownPath(lb, `the ${what} of load balancer '${lb.name}' are not known (${list.value.reason})`));
        continue;
      }
      if (!Array.isArray(list.value)) continue;
      list.value.forEach((entry, index) => {
        const member = inPool(entry);
        if (member === false) return;
        const name = typeof prop(entry, 'name') === 'string' ? (prop(entry, 'name') as string) : String(index);
        const sub = { body: entry, pointer: `${list.pointer}/${index}`, name };
        const maybe = isUnknown(member)
          ? `whether rule '${name}' of load balancer '${lb.name}' sends to this VM's pool is not known: ${member.reason}`
          : undefined;
        add(lb, collection === 'loadBalancingRules' ? 'load-balancer-rule' : 'load-balancer-nat', sub, frontendPortsOf(entry), maybe);
      });
    }
  }
  return paths;
}

/**
 * Application Gateways (not embedded) in graph order, by their `graph.keyOf` (NICs name their
 * pools), and those with any backend address or pools not known (whose members are found by IP, or
 * may be any).
 */
function gatewayIndex(graph: ResourceGraph): { gateways: Resource[]; byKey: Map<string, number[]>; byAddress: number[] } {
  const gateways = graph.ofType('Microsoft.Network/applicationGateways').filter((gateway) => !gateway.embeddedIn);
  const byKey = new Map<string, number[]>();
  const byAddress: number[] = [];
  gateways.forEach((gateway, order) => {
    pushTo(byKey, graph.keyOf(gateway), order);
    const gatewayPools = lookup(gateway.body, ['properties', 'backendAddressPools']);
    let addressed = unknownPools(gateway) !== undefined;
    for (const pool of Array.isArray(gatewayPools.value) ? gatewayPools.value : []) {
      const addresses = asArray(prop(pool, 'properties', 'backendAddresses'));
      if (isUnknown(addresses) || (Array.isArray(addresses) && addresses.length > 0)) addressed = true;
    }
    if (addressed) byAddress.push(order);
  });
  return { gateways, byKey, byAddress };
}

/** Why a gateway's backend pools are not all known: the list, or an entry or its name, is not known. */
const unknownPools = oncePerObject((gateway: Resource): Unknown | undefined => {
  const list = get(gateway, 'properties', 'backendAddressPools');
  if (isUnknown(list)) return list;
  if (!Array.isArray(list)) return undefined;
  for (const pool of list) {
    const name = isUnknown(pool) ? pool : prop(pool, 'name');
    if (isUnknown(name)) return name;
  }
  return undefined;
});

/**
 * Load balancers (not embedded) in graph order, with three lookups: the backend pools that list an IP
 * configuration by address (`loadBalancerBackendAddresses`), those that list an IP address in a VNet
 * (pools configured by IP address), and the load balancers whose
 * load-balancing or NAT rules name a pool id, both by lower-case key.
 */
function loadBalancerIndex(graph: ResourceGraph): {
  lbs: Resource[];
  poolsByAddress: Map<string, { order: number; pool: string }[]>;
  /** Pools configured by IP address, by the key of the member's VNet (`*` when not given), sorted by address. */
  poolsByIp: Map<string, { order: number; pool: string; address: bigint }[]>;
  /** Pools listing an address not known, by the key of the member's VNet (`*` when not given), with why. */
  poolsByUnknownIp: Map<string, { order: number; pool: string; reason: string }[]>;
  /** The pools of `poolsByIp` once each, by the same key: pool key → `'<pool>' of '<load balancer>'`. */
  ipPools: Map<string, Map<string, string>>;
  lbsByPoolRef: Map<string, number[]>;
  /** Load balancers with a rule whose pool is not known (or rules not known), by their key: it may be any of their pools. */
  lbsByAnyPool: Map<string, number[]>;
} {
  const lbs = graph.ofType('Microsoft.Network/loadBalancers').filter((lb) => !lb.embeddedIn);
  const poolsByAddress = new Map<string, { order: number; pool: string }[]>();
  const poolsByIp = new Map<string, { order: number; pool: string; address: bigint }[]>();
  const poolsByUnknownIp = new Map<string, { order: number; pool: string; reason: string }[]>();
  const ipPools = new Map<string, Map<string, string>>();
  const lbsByPoolRef = new Map<string, number[]>();
  const lbsByAnyPool = new Map<string, number[]>();
  lbs.forEach((lb, order) => {
    const lbPools = asArray(get(lb, 'properties', 'backendAddressPools'));
    for (const pool of Array.isArray(lbPools) ? lbPools : []) {
      const addresses = asArray(prop(pool, 'properties', 'loadBalancerBackendAddresses'));
      const poolName = prop(pool, 'name');
      if (isUnknown(addresses) && typeof poolName === 'string') {
        // Addresses not known may be any IP configuration's, in the pool's VNet when it names one.
        const vnet = prop(pool, 'properties', 'virtualNetwork', 'id');
        pushTo(poolsByUnknownIp, typeof vnet === 'string' ? idKey(vnet) : '*', {
          order,
          pool: idKey(`${lb.id}/backendAddressPools/${poolName}`),
          reason: `the backend addresses of pool '${poolName}' of '${lb.name}' are not known (${addresses.reason})`,
        });
      }
      for (const address of Array.isArray(addresses) ? addresses : []) {
        const ref = prop(address, 'properties', 'networkInterfaceIPConfiguration', 'id');
        if (typeof prop(pool, 'name') !== 'string') continue;
        const entry = { order, pool: idKey(`${lb.id}/backendAddressPools/${prop(pool, 'name') as string}`) };
        if (typeof ref === 'string') pushTo(poolsByAddress, idKey(ref), entry);
        else {
          // A pool configured by IP address and VNet: its member is whichever IP configuration holds that address.
          const ip = prop(address, 'properties', 'ipAddress');
          const vnet = prop(address, 'properties', 'virtualNetwork', 'id') ?? prop(pool, 'properties', 'virtualNetwork', 'id');
          const vnetKey = typeof vnet === 'string' ? idKey(vnet) : '*';
          if (isUnknown(ip)) {
            // An IP configuration's address known only at deployment makes that IP configuration the member.
            const member = deployedIpConfiguration(graph, ip);
            if (typeof member === 'string') pushTo(poolsByAddress, member, entry);
            else if (member === undefined)
              pushTo(poolsByUnknownIp, vnetKey, {
                ...entry,
                reason: `backend pool '${prop(pool, 'name') as string}' of '${lb.name}' lists an address that is not known (${ip.reason})`,
              });
            continue;
          }
          const lo = typeof ip === 'string' ? parseCidr(ip)?.ranges[0] : undefined;
          if (!lo || lo[0] !== lo[1]) continue;
          pushTo(poolsByIp, vnetKey, { ...entry, address: lo[0] });
          let named = ipPools.get(vnetKey);
          if (!named) ipPools.set(vnetKey, (named = new Map()));
          if (!named.has(entry.pool)) named.set(entry.pool, `'${prop(pool, 'name') as string}' of '${lb.name}'`);
        }
      }
    }
    const refs = new Set<string>();
    for (const collection of ['loadBalancingRules', 'inboundNatRules'] as const) {
      const list = lookup(lb.body, ['properties', collection]);
      // Rules not known are read as one rule whose every field is not known.
      const entries = isUnknown(list.value) ? [list.value] : list.value;
      if (!Array.isArray(entries)) continue;
      for (const entry of entries) {
        for (const ref of [prop(entry, 'properties', 'backendAddressPool'), ...ids(prop(entry, 'properties', 'backendAddressPools'))]) {
          const id = isObject(ref) ? prop(ref, 'id') : ref;
          if (typeof id === 'string') refs.add(idKey(id));
          // A pool not known may be any of the load balancer's own.
          else if (isUnknown(id) && lbsByAnyPool.get(lb.key)?.at(-1) !== order) pushTo(lbsByAnyPool, lb.key, order);
        }
      }
    }
    for (const ref of refs) {
      pushTo(lbsByPoolRef, ref, order);
    }
    // Pools not known may list any address: each pool its rules name may hold any IP configuration.
    if (isUnknown(lbPools))
      for (const ref of refs)
        if (ref.startsWith(`${lb.key}/backendaddresspools/`))
          pushTo(poolsByUnknownIp, '*', { order, pool: ref, reason: `the backend pools of '${lb.name}' are not known (${lbPools.reason})` });
  });
  for (const list of poolsByIp.values()) list.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : a.order - b.order));
  return { lbs, poolsByAddress, poolsByIp, poolsByUnknownIp, ipPools, lbsByPoolRef, lbsByAnyPool };
}

/**
 * The pools configured by IP address that hold a target's private IP: definitely when the IP is
 * static, maybe (with why) when it is dynamic and the pool's address is in the target's subnet.
 * A target whose subnet is not known may be in any VNet, one whose private IP is not known may
 * hold any address: every pool listing addresses where it may be may hold it.
 */
function ipPoolMembers(
  graph: ResourceGraph,
  { lbs, poolsByIp: index, poolsByUnknownIp: unknown, ipPools }: ReturnType<typeof loadBalancerIndex>,
  target: Target,
): { definite: { order: number; pool: string }[]; maybe: Map<string, string>; excluded: Set<number> } {
  const definite: { order: number; pool: string }[] = [];
  const maybe = new Map<string, string>();
  /** The load balancers whose pools list addresses in a VNet of another input with the id of the target's. */
  const excluded = new Set<number>();
  if (index.size === 0 && unknown.size === 0) return { definite, maybe, excluded };
  let keys: Iterable<string>;
  if (isUnknown(target.subnet)) keys = new Set([...index.keys(), ...unknown.keys()]);
  else {
    const vnet = parentId(target.subnet.id);
    keys = vnet === undefined ? ['*'] : [idKey(vnet), '*'];
  }
  // Where several inputs declare the VNet's id, a pool lists addresses in the VNet its load balancer reads (`graph.get`).
  const own = isUnknown(target.vnet) ? undefined : graph.keyOf(target.vnet);
  /** Whether the VNet key `key` may name another input's VNet (`own` tells them apart only where several inputs declare it). */
  const shared = (key: string): boolean => key !== '*' && own !== undefined && own !== key;
  const inVnet = (key: string, order: number): boolean => {
    if (!shared(key) || graph.referenceKey(key, lbs[order] as Resource) === own) return true;
    excluded.add(order);
    return false;
  };
  for (const key of keys) for (const { pool, reason, order } of unknown.get(key) ?? []) if (!maybe.has(pool) && inVnet(key, order)) maybe.set(pool, reason);
  if (isUnknown(target.address)) {
    const why = target.address.reason;
    for (const key of keys)
      for (const [pool, name] of ipPools.get(key) ?? []) {
        if (maybe.has(pool) || (shared(key) && !index.get(key)?.some((entry) => entry.pool === pool && inVnet(key, entry.order)))) continue;
        maybe.set(pool, `backend pool ${name} lists IP addresses and the VM's private IP is not known (${why})`);
      }
    return { definite, maybe, excluded };
  }
  for (const key of keys) {
    const list = index.get(key);
    if (!list) continue;
    for (const [lo, hi] of target.address.ranges) {
      let i = firstAddressAtLeast(list, lo);
      for (; i < list.length && (list[i] as { address: bigint }).address <= hi; i++) {
        const { order, pool } = list[i] as { order: number; pool: string };
        if (!inVnet(key, order)) continue;
        if (isUnknown(target.subnet)) {
          if (!maybe.has(pool))
            maybe.set(
              pool,
              `backend pool ${ipPools.get(key)?.get(pool) ?? `'${pool.split('/').pop() ?? pool}'`} lists the VM's private IP and the VM's virtual network is not known (${target.subnet.reason})`,
            );
        } else if (target.addressIsExact) definite.push({ order, pool });
        else maybe.set(pool, `the VM's private IP is dynamic and backend pool '${pool.split('/').pop() ?? pool}' lists an address in its subnet`);
      }
    }
  }
  return { definite, maybe, excluded };
}

function firstAddressAtLeast(list: readonly { address: bigint }[], value: bigint): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as { address: bigint }).address < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function first(value: Value | undefined): Value | undefined {
  return Array.isArray(value) ? value[0] : undefined;
}

function publicIpPath(graph: ResourceGraph, target: Target): ExposurePath[] {
  const perInstance = prop(target.ipConfiguration.body, 'properties', 'publicIPAddressConfiguration');
  if (perInstance !== undefined && perInstance !== null) return [instancePublicIpPath(target, perInstance)];
  const reference = prop(target.ipConfiguration.body, 'properties', 'publicIPAddress');
  if (reference === undefined || reference === null) return [];
  const publicIp = target.ipConfiguration.publicIp;
  const resolved = publicIp ?? new Unknown('public IP reference is empty');
  const via = isUnknown(resolved) ? { id: '', name: '(public IP)', type: 'Microsoft.Network/publicIPAddresses' } : viaOf(resolved);
  const clients = reachableClients(target, clientsOf(resolved));
  if (isUnknown(reference)) return [directPath(target, via, clients, reference, `a public IP may be attached (${reference.reason})`)];
  // A public IP outside the input: its SKU is unknown, which matters only when no NSG applies.
  const open = isUnknown(resolved) ? new Unknown(`the public IP's SKU is not known (${resolved.reason})`) : isBasic(resolved);
  return [directPath(target, via, clients, open)];
}

/** A public IP a scale set gives each instance (`publicIPAddressConfiguration`): no resource of its own, its SKU in the model. */
function instancePublicIpPath(target: Target, configuration: Value): ExposurePath {
  const name = prop(configuration, 'name');
  const via = {
    id: `${target.nic.id}/publicIPAddressConfiguration`,
    name: typeof name === 'string' ? name : '(instance public IP)',
    type: 'Microsoft.Network/publicIPAddresses',
  };
  const clients = reachableClients(target, clientsOfVersion(prop(configuration, 'properties', 'publicIPAddressVersion')));
  if (isUnknown(configuration)) return directPath(target, via, clients, configuration, `a public IP may be given to each instance (${configuration.reason})`);
  const sku = prop(configuration, 'sku', 'name');
  // Addresses taken from a public IP prefix are Standard: "Public IP prefixes are Standard SKU", and
  // only Standard public IPs are created from one.
  const prefix = prop(configuration, 'properties', 'publicIPPrefix');
  const open = isUnknown(sku)
    ? sku
    : typeof sku === 'string'
      ? sku.toLowerCase() === 'basic'
      : isObject(prefix)
        ? false
        : new Unknown("the SKU of the instances' public IPs is not given");
  return directPath(target, via, clients, open);
}

/** Traffic from `clients` straight to the VM through a public IP of its own: every port and protocol. */
function directPath(target: Target, via: ExposurePath['via'], clients: IntervalSet, openWithoutNsg: boolean | Unknown, unknown?: string): ExposurePath {
  return {
    kind: 'public-ip',
    target,
    via,
    frontendPorts: ALL_PORTS,
    ports: ALL_PORTS,
    protocols: ALL_PROTOCOLS,
    clients,
    openWithoutNsg,
    ...(unknown !== undefined ? { unknown } : {}),
  };
}

/** A path through an Application Gateway (one not in the input when not given) that cannot be decided: every TCP port. */
function unknownGatewayPath(graph: ResourceGraph, target: Target, gateway: Resource | undefined, reason: string): ExposurePath {
  return {
    kind: 'application-gateway',
    target,
    via: gateway ? viaOf(gateway) : { id: '', name: '(Application Gateway)', type: 'Microsoft.Network/applicationGateways' },
    frontendPorts: ALL_PORTS,
    ports: ALL_PORTS,
    protocols: protocolBit('Tcp'),
    clients: reachableClients(target, INTERNET),
    nsgSource: gateway ? gatewaySubnet(graph, gateway) : new Unknown(reason),
    openWithoutNsg: true,
    unknown: reason,
  };
}

function applicationGatewayPaths(graph: ResourceGraph, target: Target): ExposurePath[] {
  const paths: ExposurePath[] = [];
  const pools = new Set<string>();
  // The `graph.keyOf` of the gateways whose pools the NIC names: where two inputs declare a gateway's id, the one the NIC reads.
  const poolGateways = new Set<string>();
  // Only gateways naming one of those pools, or listing members by IP address, can have this target.
  const index = graph.derive(gatewayIndex);
  const candidates = new Set<number>(index.byAddress);
  let unknownPool = false;
  for (const id of ids(prop(target.ipConfiguration.body, 'properties', 'applicationGatewayBackendAddressPools'))) {
    if (isUnknown(id)) {
      // A pool not known may be any gateway's, in the input or not.
      if (!unknownPool) paths.push(unknownGatewayPath(graph, target, undefined, id.reason));
      unknownPool = true;
      continue;
    }
    pools.add(idKey(id));
    const gatewayId = parentId(id) ?? '';
    const gatewayKey = graph.referenceKey(idKey(gatewayId), target.nic);
    poolGateways.add(gatewayKey);
    const orders = index.byKey.get(gatewayKey);
    if (orders) for (const order of orders) candidates.add(order);
    // A pool of a gateway outside the input: any of its rules may send to the VM.
    else if (!graph.get(gatewayId, target.nic))
      paths.push(
        unknownGatewayPath(graph, target, undefined, `Application Gateway of backend pool '${id.split('/').pop() ?? id}' is not in the scanned input`),
      );
  }
  for (const order of [...candidates].sort((a, b) => a - b)) {
    const gateway = index.gateways[order] as Resource;
    const gatewayPools = lookup(gateway.body, ['properties', 'backendAddressPools']);
    // A backend listed by address is this VM only where the gateway routes to it: not the same address in another VNet.
    const reached = reachedFrom(graph, [reachOf(graph, gateway, 'gatewayIPConfigurations')], target.vnet);
    const resolver = azureDnsVnet(graph, gateway, 'gatewayIPConfigurations');
    // The NIC names this gateway's pools only where it reads this gateway (not another input's with its id).
    const namesPools = poolGateways.has(graph.keyOf(gateway));
    const named = (pool: string): boolean => namesPools && pools.has(idKey(`${gateway.id}/backendAddressPools/${pool}`));
    const members = new Set<string>();
    // Pools listing an address in the subnet of a VM whose private IP is dynamic: they may hold it.
    const maybeMembers = new Map<string, string>();
    // Pools not known may list this VM's address, where the gateway reaches it.
    const poolsNotKnown = unknownPools(gateway);
    const unreadPools =
      poolsNotKnown === undefined || reached === false
        ? undefined
        : typeof reached === 'string'
          ? reached
          : `the backend pools of '${gateway.name}' are not known (${poolsNotKnown.reason})`;
    if (Array.isArray(gatewayPools.value)) {
      for (const pool of gatewayPools.value) {
        const name = prop(pool, 'name');
        if (typeof name !== 'string') continue;
        if (named(name)) members.add(name.toLowerCase());
        const addresses = asArray(prop(pool, 'properties', 'backendAddresses'));
        if (isUnknown(addresses)) {
          if (reached !== false)
            maybeMembers.set(
              name.toLowerCase(),
              typeof reached === 'string' ? reached : `backend pool '${name}' of '${gateway.name}' lists addresses that are not known (${addresses.reason})`,
            );
          continue;
        }
        for (const address of addresses ?? []) {
          const member = backendMember(graph, target, backendAddress(graph, address, resolver), `backend pool '${name}' of '${gateway.name}'`);
          if (member === false || reached === false) continue;
          if (typeof reached === 'string') maybeMembers.set(name.toLowerCase(), reached);
          else if (member === true) members.add(name.toLowerCase());
          else maybeMembers.set(name.toLowerCase(), member);
        }
      }
    }
    // The VM is, or may be, in one of the gateway's pools (which one a route names may not be known).
    const inSomePool =
      members.size > 0 ||
      maybeMembers.size > 0 ||
      unreadPools !== undefined ||
      (namesPools && [...pools].some((pool) => pool.startsWith(`${gateway.key}/backendaddresspools/`)));
    if (!inSomePool) continue;
    const subnetPrefix = gatewaySubnet(graph, gateway);
    for (const route of gatewayRoutes(gateway)) {
      let maybeMember: string | undefined = route.unknown;
      if (maybeMember === undefined) {
        const pool = subResource(gateway, 'backendAddressPools', route.pool);
        if (pool === undefined) continue;
        if (!isUnknown(pool)) {
          if (!members.has(pool.name.toLowerCase())) maybeMember = maybeMembers.get(pool.name.toLowerCase());
          if (!members.has(pool.name.toLowerCase()) && maybeMember === undefined) continue;
        } else {
          const id = isObject(route.pool) ? prop(route.pool, 'id') : route.pool;
          if (isUnknown(id))
            maybeMember = `whether rule '${route.name}' of Application Gateway '${gateway.name}' sends to this VM's pool is not known: ${id.reason}`;
          // A pool the known list does not hold is none; where the list is not known, it is the NIC's or may list the VM.
          else if (poolsNotKnown === undefined || typeof id !== 'string') continue;
          else if (!named(id.split('/').pop() ?? '')) {
            if (unreadPools === undefined) continue;
            maybeMember = unreadPools;
          }
        }
      }
      const listener = subResource(gateway, route.layer4 ? 'listeners' : 'httpListeners', route.listener);
      const settings = subResource(gateway, route.layer4 ? 'backendSettingsCollection' : 'backendHttpSettingsCollection', route.settings);
      const reason = [listener, settings].find(isUnknown)?.reason;
      let isPublic: boolean | Unknown = isUnknown(listener) ? listener : false;
      let frontendPorts: IntervalSet | Unknown = isUnknown(listener) ? listener : new Unknown('listener not found');
      if (listener && !isUnknown(listener)) {
        const frontend = subResource(gateway, 'frontendIPConfigurations', prop(listener.body, 'properties', 'frontendIPConfiguration'));
        const reference = frontend && !isUnknown(frontend) ? prop(frontend.body, 'properties', 'publicIPAddress') : frontend;
        isPublic = isUnknown(reference) ? reference : reference !== undefined && reference !== null;
        const frontendPort = subResource(gateway, 'frontendPorts', prop(listener.body, 'properties', 'frontendPort'));
        frontendPorts =
          frontendPort === undefined
            ? new Unknown('listener has no port')
            : isUnknown(frontendPort)
              ? frontendPort
              : port(prop(frontendPort.body, 'properties', 'port'));
      }
      if (isPublic === false) continue;
      const backendPort = settings && !isUnknown(settings) ? port(prop(settings.body, 'properties', 'port')) : new Unknown('backend settings not found');
      const unknown =
        maybeMember ??
        reason ??
        (isUnknown(isPublic) ? isPublic.reason : isUnknown(backendPort) ? backendPort.reason : isUnknown(subnetPrefix) ? subnetPrefix.reason : undefined);
      paths.push({
        kind: 'application-gateway',
        target,
        via: viaOf(gateway),
        rule: { name: route.name, pointer: route.pointer },
        frontendPorts,
        ports: backendPort,
        protocols: protocolBit('Tcp'),
        clients: gatewayClients(graph, gateway, frontendPorts),
        nsgSource: subnetPrefix,
        openWithoutNsg: true,
        ...(unknown ? { unknown } : {}),
      });
    }
  }
  return paths;
}

/**
 * The addresses of an Application Gateway backend: its IP address, or what its FQDN resolves to
 * through the input's DNS records as Azure DNS answers in `resolver`, the gateway's VNet. An FQDN
 * they do not hold is passed over: such a backend is most often the public name of an App Service
 * or another PaaS endpoint, not a VM of the input.
 */
function backendAddress(graph: ResourceGraph, address: Value, resolver: Resource | undefined): IntervalSet | Unknown | undefined {
  const ip = prop(address, 'ipAddress');
  if (typeof ip === 'string') return parseCidr(ip);
  if (isUnknown(ip)) return ip;
  const fqdn = prop(address, 'fqdn');
  if (typeof fqdn !== 'string' || fqdn === '') return undefined;
  const resolved = resolveName(graph, fqdn, resolver);
  // A record the input holds whose address is not known is not passed over: it may be this VM's (read with reference()).
  return isUnknown(resolved) && isNameNotHeld(resolved) ? undefined : resolved;
}

/**
 * Whether a backend address is the target's: true, false, or why it may be. An address known only
 * at deployment is the IP configuration it is read from, or any address.
 */
function backendMember(graph: ResourceGraph, target: Target, address: IntervalSet | Unknown | undefined, pool: string): boolean | string {
  if (address === undefined) return false;
  if (isUnknown(address)) {
    const deployed = deployedPrivateIp(address);
    const named = deployed === undefined ? undefined : isTargetAddress(graph, target, deployed);
    return named ?? `${pool} lists an address that is not known (${address.reason})`;
  }
  // A VM whose private IP is not known may hold any address the pool lists.
  if (isUnknown(target.address)) return `the VM's private IP is not known and ${pool} lists an address (${target.address.reason})`;
  if (!address.overlaps(target.address)) return false;
  return target.addressIsExact || `the VM's private IP is dynamic and ${pool} lists an address in its subnet`;
}

/** One way a gateway sends a listener's traffic to a backend pool: the rule (or path rule) that names the pool, and its JSON pointer. */
interface GatewayRoute {
  readonly name: string;
  readonly pointer: string;
  readonly listener: Value | undefined;
  readonly pool: Value | undefined;
  readonly settings: Value | undefined;
  /** A TCP/TLS proxy routing rule (`routingRules`: `listeners`, `backendSettingsCollection`). */
  readonly layer4: boolean;
  /** Why the rules are not known, for one that stands for a list not known: it may send to any pool. */
  readonly unknown?: string;
}

/**
 * The routes of an Application Gateway: HTTP(S) request routing rules, with the default pool and
 * every path rule of a path-based rule's URL path map, and the TCP/TLS proxy routing rules.
 */
const gatewayRoutes = oncePerObject(readGatewayRoutes);

/** Read once per gateway (`gatewayRoutes`), not once per VM behind it. */
function readGatewayRoutes(gateway: Resource): readonly GatewayRoute[] {
  const routes: GatewayRoute[] = [];
  const nameOf = (entry: Value, index: number): string => (typeof prop(entry, 'name') === 'string' ? (prop(entry, 'name') as string) : String(index));
  const rules = lookup(gateway.body, ['properties', 'requestRoutingRules']);
  const unknownRules = (list: Unknown, pointer: string, what: string, layer4: boolean, listener: Value | undefined = list): void =>
    void routes.push({
      name: '(unknown)',
      pointer,
      listener,
      pool: list,
      settings: list,
      layer4,
      unknown: `the ${what} of Application Gateway '${gateway.name}' are not known (${list.reason})`,
    });
  if (isUnknown(rules.value)) unknownRules(rules.value, rules.pointer, 'request routing rules', false);
  if (Array.isArray(rules.value))
    rules.value.forEach((rule, index) => {
      const name = nameOf(rule, index);
      const listener = prop(rule, 'properties', 'httpListener');
      const reference = prop(rule, 'properties', 'urlPathMap');
      const pathMap = reference === undefined || reference === null ? undefined : subResource(gateway, 'urlPathMaps', reference);
      if (pathMap === undefined || isUnknown(pathMap)) {
        const pool = pathMap ?? prop(rule, 'properties', 'backendAddressPool');
        const settings = prop(rule, 'properties', 'backendHttpSettings');
        routes.push({ name, pointer: `${rules.pointer}/${index}`, listener, pool, settings, layer4: false });
        return;
      }
      // Path-based routing: the map's default pool, and the pool of each path rule.
      const map = pathMap.body;
      const pool = prop(map, 'properties', 'defaultBackendAddressPool');
      const settings = prop(map, 'properties', 'defaultBackendHttpSettings');
      routes.push({ name: `${name}/${pathMap.name}`, pointer: pathMap.pointer, listener, pool, settings, layer4: false });
      const pathRules = lookup(map, ['properties', 'pathRules'], pathMap.pointer);
      if (isUnknown(pathRules.value)) unknownRules(pathRules.value, pathRules.pointer, `path rules of URL path map '${pathMap.name}'`, false, listener);
      if (Array.isArray(pathRules.value))
        pathRules.value.forEach((pathRule, p) => {
          const pool = prop(pathRule, 'properties', 'backendAddressPool');
          const settings = prop(pathRule, 'properties', 'backendHttpSettings');
          routes.push({ name: `${name}/${nameOf(pathRule, p)}`, pointer: `${pathRules.pointer}/${p}`, listener, pool, settings, layer4: false });
        });
    });
  const layer4 = lookup(gateway.body, ['properties', 'routingRules']);
  if (isUnknown(layer4.value)) unknownRules(layer4.value, layer4.pointer, 'routing rules', true);
  if (Array.isArray(layer4.value))
    layer4.value.forEach((rule, index) => {
      routes.push({
        name: nameOf(rule, index),
        pointer: `${layer4.pointer}/${index}`,
        listener: prop(rule, 'properties', 'listener'),
        pool: prop(rule, 'properties', 'backendAddressPool'),
        settings: prop(rule, 'properties', 'backendSettings'),
        layer4: true,
      });
    });
  return routes;
}

/**
 * The Internet clients an Application Gateway admits on `ports`: those the NSG of its subnet lets
 * in (Azure lets that NSG choose who reaches the listeners), all of them with no NSG. Where that
 * cannot be read (a subnet outside the input, rules not known), all of them: the path is judged as
 * if the NSG did not narrow it.
 */
function gatewayClients(graph: ResourceGraph, gateway: Resource, ports: IntervalSet | Unknown): IntervalSet {
  const configurations = asArray(get(gateway, 'properties', 'gatewayIPConfigurations'));
  const subnet = isUnknown(configurations) ? undefined : graph.resolve(prop(configurations?.[0], 'properties', 'subnet'), gateway);
  if (isUnknown(ports) || subnet === undefined || isUnknown(subnet)) return INTERNET;
  const admitted = subnetClients(graph, subnet, ports);
  return admitted.unknown === undefined ? admitted.clients : INTERNET;
}

function gatewaySubnet(graph: ResourceGraph, gateway: Resource): IntervalSet | Unknown {
  return configurationSubnets(graph, gateway, 'gatewayIPConfigurations', `the subnet of '${gateway.name}' is not known`);
}

/** The address prefixes of the subnets a resource's IP configurations sit in (Application Gateway, Azure Firewall). */
function configurationSubnets(graph: ResourceGraph, resource: Resource, configurationsKey: string, whenNone: string): IntervalSet | Unknown {
  const configurations = asArray(get(resource, 'properties', configurationsKey));
  if (isUnknown(configurations)) return configurations;
  const sets: IntervalSet[] = [];
  for (const configuration of configurations ?? []) {
    const subnet = graph.resolve(prop(configuration, 'properties', 'subnet'), resource);
    if (subnet === undefined) continue;
    if (isUnknown(subnet)) return subnet;
    const prefixes = subnetPrefixes(subnet);
    if (isUnknown(prefixes)) return prefixes;
    sets.push(prefixes);
  }
  const set = IntervalSet.unionAll(sets);
  return set.isEmpty() ? new Unknown(whenNone) : set;
}

/** One DNAT rule of an Azure Firewall (classic NAT collection) or of a firewall policy. */
export interface DnatRule {
  /** The firewall or the rule collection group that holds the rule. */
  readonly resource: Resource;
  readonly name: string;
  readonly pointer: string;
  readonly clients: IntervalSet | Unknown;
  readonly sourcesText: string;
  readonly protocols: ProtocolSet | Unknown;
  readonly frontendPorts: IntervalSet | Unknown;
  readonly translatedAddress: IntervalSet | Unknown | undefined;
  /** The FQDN the rule translates to, when it names one: `translatedAddress` is what it resolves to. */
  readonly translatedFqdn?: string;
  /**
   * The IP configuration whose private address the rule translates to, when the address is known
   * only at deployment (`reference(nic).ipConfigurations[0].properties.privateIPAddress`, a dynamic
   * address): the NIC's id key and the lower-cased pointer to the address in its body.
   */
  readonly translatedTo?: DeployedPrivateIp;
  readonly translatedPorts: IntervalSet | Unknown;
  /** Where the firewall sends the traffic from: its subnet, as the VM's NSGs see it. */
  readonly firewallSubnet: IntervalSet | Unknown;
  /** True when every destination is a private address (DNAT on the firewall's private IP): not reachable from the Internet. */
  readonly privateFrontend: boolean;
  /** Where each firewall that applies the rule can send the translated traffic (undefined: anywhere). */
  readonly reach: readonly (Reach | undefined)[];
}

/** Where the firewalls that apply a rule send its traffic from: their subnets, as the VM's NSGs see them. */
function firewallSubnets(graph: ResourceGraph, firewalls: readonly Resource[]): IntervalSet | Unknown {
  if (firewalls.length === 0) return new Unknown('no Azure Firewall in the input uses this policy');
  const sets: IntervalSet[] = [];
  for (const firewall of firewalls) {
    const subnet = configurationSubnets(graph, firewall, 'ipConfigurations', `the subnet of firewall '${firewall.name}' is not known`);
    if (isUnknown(subnet)) return subnet;
    sets.push(subnet);
  }
  return IntervalSet.unionAll(sets);
}

/** Where a DNAT rule's firewalls are and what they reach, shared by the rules of a firewall or a policy. */
interface Applied {
  readonly subnet: IntervalSet | Unknown;
  readonly reach: readonly (Reach | undefined)[];
  /** The VNet in which the firewall resolves the FQDNs its rules translate to; undefined when not known, or several firewalls apply them. */
  readonly resolver: Resource | undefined;
}

function appliedBy(graph: ResourceGraph, firewalls: readonly Resource[]): Applied {
  return {
    subnet: firewallSubnets(graph, firewalls),
    reach: firewalls.map((firewall) => reachOf(graph, firewall, 'ipConfigurations')),
    resolver: firewalls.length === 1 ? firewallDnsVnet(graph, firewalls[0] as Resource) : undefined,
  };
}

/**
 * Where a firewall resolves names with Azure DNS (see `azureDnsVnet`): not where DNS servers of its
 * own are set, in the classic firewall's `Network.DNS.Servers` or its policy's `dnsSettings`.
 */
function firewallDnsVnet(graph: ResourceGraph, firewall: Resource): Resource | undefined {
  const classic = get(firewall, 'properties', 'additionalProperties', 'Network.DNS.Servers');
  if (classic !== undefined && classic !== null && classic !== '') return undefined;
  const reference = get(firewall, 'properties', 'firewallPolicy');
  const policy = reference === undefined || reference === null ? undefined : graph.resolve(reference, firewall);
  if (isUnknown(policy)) return undefined;
  return azureDnsVnet(graph, firewall, 'ipConfigurations', policy && get(policy, 'properties', 'dnsSettings', 'servers'));
}

function ipGroups(graph: ResourceGraph, from: Resource, value: Value | undefined): IntervalSet | Unknown {
  const sets: IntervalSet[] = [];
  for (const id of ids(value)) {
    if (isUnknown(id)) return id;
    const group = graph.resolve(id, from);
    if (!group || isUnknown(group)) return group ?? new Unknown('IP group not found');
    const addresses = sourcesOf(get(group, 'properties', 'ipAddresses'));
    if (isUnknown(addresses)) return addresses;
    sets.push(addresses);
  }
  return IntervalSet.unionAll(sets);
}

function sourcesOf(value: Value | undefined): IntervalSet | Unknown {
  const list = asArray(value);
  if (isUnknown(list)) return list;
  const sets: IntervalSet[] = [];
  for (const item of list ?? []) {
    if (isUnknown(item)) return item;
    if (typeof item !== 'string') return new Unknown(`${quoted(item)} is not an address`);
    if (item.trim() === '*') sets.push(ALL_IP);
    else {
      const range = /^([\d.]+)-([\d.]+)$/.exec(item.trim());
      const parsed = range ? rangeOf(range[1] as string, range[2] as string) : parseCidr(item);
      if (!parsed) return new Unknown(`${quoted(item)} is not an address`);
      sets.push(parsed);
    }
  }
  return IntervalSet.unionAll(sets);
}

function rangeOf(from: string, to: string): IntervalSet | undefined {
  const a = parseCidr(from);
  const b = parseCidr(to);
  const lo = a?.ranges[0]?.[0];
  const hi = b?.ranges[0]?.[1];
  return lo !== undefined && hi !== undefined ? IntervalSet.range(lo, hi) : undefined;
}

function portsOf(value: Value | undefined): IntervalSet | Unknown {
  const list = asArray(value);
  if (isUnknown(list)) return list;
  const sets: IntervalSet[] = [];
  for (const item of list ?? []) {
    const parsed = port(item);
    if (isUnknown(parsed)) return parsed;
    sets.push(parsed);
  }
  return IntervalSet.unionAll(sets);
}

function protocolsOf(value: Value | undefined): ProtocolSet | Unknown {
  const list = asArray(value);
  if (isUnknown(list)) return list;
  let set = 0;
  for (const item of list ?? []) {
    const parsed = protocolOf(isObject(item) ? prop(item, 'protocolType') : item);
    if (isUnknown(parsed)) return parsed;
    set |= parsed;
  }
  return set === 0 ? protocolBit('Tcp') | protocolBit('Udp') : set;
}

function textOf(value: Value | undefined): string {
  return Array.isArray(value) ? value.map((item) => (typeof item === 'string' ? item : '(unknown)')).join(', ') : isUnknown(value) ? '(unknown)' : '';
}

function dnatRule(graph: ResourceGraph, resource: Resource, rule: Value, pointer: string, applied: Applied): DnatRule {
  const field = (name: string): Value | undefined => prop(rule, name);
  const addresses = sourcesOf(field('sourceAddresses'));
  const groups = ipGroups(graph, resource, field('sourceIpGroups'));
  const clients = isUnknown(addresses) ? addresses : isUnknown(groups) ? groups : addresses.union(groups);
  const translated = field('translatedAddress');
  const translatedFqdn = field('translatedFqdn');
  const translatedAddress = isUnknown(translated)
    ? translated
    : typeof translated === 'string'
      ? (parseCidr(translated) ?? new Unknown(`translated address ${translated} is not an IP`))
      : isUnknown(translatedFqdn)
        ? translatedFqdn
        : typeof translatedFqdn === 'string' && translatedFqdn !== ''
          ? resolveName(graph, translatedFqdn, applied.resolver)
          : undefined;
  // An address read with reference() (written, or held by the DNS record of the FQDN) is that IP configuration's.
  const translatedTo = isUnknown(translatedAddress) ? deployedPrivateIp(translatedAddress) : undefined;
  const frontendPorts = portsOf(field('destinationPorts'));
  const translatedPort = field('translatedPort');
  const destinations = sourcesOf(field('destinationAddresses'));
  return {
    resource,
    name: typeof field('name') === 'string' ? (field('name') as string) : '(unnamed)',
    pointer,
    clients,
    sourcesText: [textOf(field('sourceAddresses')), textOf(field('sourceIpGroups'))].filter(Boolean).join(', '),
    protocols: protocolsOf(field('protocols') ?? field('ipProtocols')),
    frontendPorts,
    translatedAddress,
    ...(typeof translated !== 'string' && typeof translatedFqdn === 'string' && translatedFqdn !== '' ? { translatedFqdn } : {}),
    ...(translatedTo ? { translatedTo } : {}),
    translatedPorts: translatedPort === undefined || translatedPort === null ? frontendPorts : port(translatedPort),
    firewallSubnet: applied.subnet,
    privateFrontend: !isUnknown(destinations) && !destinations.isEmpty() && !destinations.overlaps(PUBLIC),
    reach: applied.reach,
  };
}

/** Every DNAT rule in the input: classic firewall NAT collections and firewall policy NAT rules. */
export function dnatRules(graph: ResourceGraph): DnatRule[] {
  const rules: DnatRule[] = [];
  const firewalls = graph.ofType('Microsoft.Network/azureFirewalls').filter((firewall) => !firewall.embeddedIn);
  for (const firewall of firewalls) {
    const applied = appliedBy(graph, [firewall]);
    const collections = lookup(firewall.body, ['properties', 'natRuleCollections']);
    if (isUnknown(collections.value)) rules.push(unknownDnat(firewall, collections.pointer, collections.value.reason, applied));
    if (!Array.isArray(collections.value)) continue;
    collections.value.forEach((collection, c) => {
      const list = lookup(collection, ['properties', 'rules'], `${collections.pointer}/${c}`);
      if (isUnknown(list.value)) return void rules.push(unknownDnat(firewall, list.pointer, list.value.reason, applied));
      if (Array.isArray(list.value)) list.value.forEach((rule, r) => rules.push(dnatRule(graph, firewall, rule, `${list.pointer}/${r}`, applied)));
    });
  }
  // A firewall runs the rule collection groups of its policy and of the policy's parents.
  // By `graph.keyOf`: two templates that declare one policy id declare two policies.
  const byPolicy = new Map<string, Resource[]>();
  const policies = new Map<string, Resource>();
  for (const firewall of firewalls) {
    const missing = policiesOf(graph, firewall, (policy) => {
      const key = graph.keyOf(policy);
      policies.set(key, policy);
      pushTo(byPolicy, key, firewall);
    });
    if (missing) rules.push(unknownDnat(firewall, '/properties/firewallPolicy', missing, appliedBy(graph, [firewall])));
  }
  // A rule collection group the policy lists that is not in the input may hold any DNAT rule.
  for (const [key, applying] of byPolicy) {
    const policy = policies.get(key) as Resource;
    // Where the policy's rule collection groups were not read, any DNAT rule may be among them, on each firewall running it.
    const unread = groupsUnread(graph, policy);
    if (unread !== undefined) {
      const why = `the rule collection groups of firewall policy '${policy.name}' were not read: ${unread}`;
      for (const firewall of applying) rules.push(unknownDnat(firewall, '/properties/firewallPolicy', why, appliedBy(graph, [firewall])));
      continue;
    }
    const listed = lookup(policy.body, ['properties', 'ruleCollectionGroups']);
    const groups = asArray(listed.value);
    (isUnknown(groups) ? [groups] : (groups ?? [])).forEach((entry, index) => {
      const id = isUnknown(entry) ? entry : prop(entry, 'id');
      if (typeof id === 'string' && graph.get(id, policy)) return;
      const why = isUnknown(id)
        ? id.reason
        : `rule collection group '${typeof id === 'string' ? (id.split('/').pop() ?? id) : '?'}' of firewall policy '${policy.name}' is not in the scanned input`;
      rules.push(unknownDnat(policy, isUnknown(groups) ? listed.pointer : `${listed.pointer}/${index}`, why, appliedBy(graph, applying)));
    });
  }
  for (const group of graph.ofType('Microsoft.Network/firewallPolicies/ruleCollectionGroups')) {
    const policy = parentId(group.id);
    // A policy may be applied by several firewalls (one per hub or region): its rules run on each.
    const applied = appliedBy(graph, policy === undefined ? [] : (byPolicy.get(graph.referenceKey(idKey(policy), group)) ?? []));
    const collections = lookup(group.body, ['properties', 'ruleCollections']);
    if (isUnknown(collections.value)) rules.push(unknownDnat(group, collections.pointer, collections.value.reason, applied));
    if (!Array.isArray(collections.value)) continue;
    collections.value.forEach((collection, c) => {
      const type = prop(collection, 'ruleCollectionType');
      if (typeof type === 'string' && type.toLowerCase() !== 'firewallpolicynatrulecollection') return;
      const list = lookup(collection, ['rules'], `${collections.pointer}/${c}`);
      if (isUnknown(list.value)) return void rules.push(unknownDnat(group, list.pointer, list.value.reason, applied));
      if (!Array.isArray(list.value)) return;
      list.value.forEach((rule, r) => {
        const ruleType = prop(rule, 'ruleType');
        if (typeof ruleType === 'string' && ruleType.toLowerCase() !== 'natrule') return;
        if (isUnknown(type) || isUnknown(ruleType)) return void rules.push(unknownDnat(group, `${list.pointer}/${r}`, 'the rule type is not known', applied));
        rules.push(dnatRule(graph, group, rule, `${list.pointer}/${r}`, applied));
      });
    });
  }
  return rules;
}

/**
 * Calls `found` with the firewall's policy and each policy above it (`basePolicy`: Microsoft, "policies
 * created with non-empty parent policies inherit all rule collections from the parent policy").
 * Why one is not known or not in the input, when so.
 */
function policiesOf(graph: ResourceGraph, firewall: Resource, found: (policy: Resource) => void): string | undefined {
  let reference = get(firewall, 'properties', 'firewallPolicy', 'id');
  const seen = new Set<string>();
  while (reference !== undefined && reference !== null) {
    if (isUnknown(reference)) return `the firewall policy of '${firewall.name}' is not known (${reference.reason})`;
    if (typeof reference !== 'string') return undefined;
    const policy = graph.get(reference, firewall);
    if (!policy) return `firewall policy '${reference.split('/').pop() ?? reference}' of '${firewall.name}' is not in the scanned input`;
    if (seen.has(policy.key)) return undefined;
    seen.add(policy.key);
    found(policy);
    reference = get(policy, 'properties', 'basePolicy', 'id');
  }
  return undefined;
}

/**
 * Why the rule collection groups of a firewall policy's subscription were not read, when so: Resource Graph
 * `networkresources` alone holds them, and the snapshot reader notes a query of it that failed on each subscription
 * it covered (`azvmsecUnreadable` of the subscription resource, as rules read it with `unreadable`).
 */
function groupsUnread(graph: ResourceGraph, policy: Resource): string | undefined {
  const subscription = /^\/subscriptions\/[^/]+/.exec(policy.key)?.[0];
  const notes = subscription === undefined ? undefined : graph.get(subscription)?.body['azvmsecUnreadable'];
  if (!isObject(notes)) return undefined;
  const reason = notes['networkresources'] ?? notes['*'];
  return typeof reason === 'string' ? reason : undefined;
}

function unknownDnat(resource: Resource, pointer: string, reason: string, applied: Applied): DnatRule {
  const unknown = new Unknown(reason);
  return {
    resource,
    name: '(unknown)',
    pointer,
    clients: unknown,
    sourcesText: '(unknown)',
    protocols: unknown,
    frontendPorts: unknown,
    translatedAddress: unknown,
    translatedPorts: unknown,
    firewallSubnet: applied.subnet,
    privateFrontend: false,
    reach: applied.reach,
  };
}

/**
 * The DNAT rules that may translate to an address, in input order. Rules translating to one exact
 * address (the common case) are found by binary search, so matching every VM of a large estate
 * against every firewall's rules stays linear; the others are checked one by one.
 */
export interface DnatIndex {
  readonly rules: readonly DnatRule[];
  candidates(address: IntervalSet | Unknown): readonly DnatRule[];
}

export function dnatIndex(rules: readonly DnatRule[]): DnatIndex {
  const exact: { address: bigint; order: number }[] = [];
  const others: number[] = [];
  rules.forEach((rule, order) => {
    const translated = rule.translatedAddress;
    if (translated === undefined) return;
    const range = !isUnknown(translated) && translated.ranges.length === 1 ? translated.ranges[0] : undefined;
    if (range && range[0] === range[1]) exact.push({ address: range[0], order });
    else others.push(order);
  });
  exact.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : a.order - b.order));
  const everything = [...exact.map((entry) => entry.order), ...others].sort((a, b) => a - b).map((order) => rules[order] as DnatRule);
  const firstAtLeast = (value: bigint): number => {
    let lo = 0;
    let hi = exact.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((exact[mid] as { address: bigint }).address < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return {
    rules,
    candidates(address) {
      if (isUnknown(address)) return everything;
      const orders = [...others];
      for (const [lo, hi] of address.ranges)
        for (let i = firstAtLeast(lo); i < exact.length && (exact[i] as { address: bigint }).address <= hi; i++)
          orders.push((exact[i] as { order: number }).order);
      if (orders.length === 0) return [];
      return orders.sort((a, b) => a - b).map((order) => rules[order] as DnatRule);
    },
  };
}

/** A NIC's private address known only at deployment: the NIC's id key and the lower-cased pointer to the address in its body. */
interface DeployedPrivateIp {
  readonly nic: string;
  readonly path: string;
}

/** The IP configuration whose private address a value known only at deployment is (`reference(nic).ipConfigurations[0].properties.privateIPAddress`, a dynamic address). */
function deployedPrivateIp(value: Unknown): DeployedPrivateIp | undefined {
  const deployed = value.deployed;
  if (deployed === undefined || !/\/providers\/microsoft\.network\/networkinterfaces\/[^/]+$/i.test(deployed.resourceId)) return undefined;
  if (!/^\/properties\/ipconfigurations\/[^/]+\/properties\/privateipaddress$/i.test(deployed.path)) return undefined;
  return { nic: idKey(deployed.resourceId), path: deployed.path.toLowerCase() };
}

/**
 * The key of the IP configuration whose address a value known only at deployment is; null when its
 * NIC, in the input, has no such IP configuration; undefined when the value is another or its NIC
 * is outside the input.
 */
function deployedIpConfiguration(graph: ResourceGraph, value: Unknown): string | null | undefined {
  const deployed = deployedPrivateIp(value);
  const nic = deployed === undefined ? undefined : graph.get(deployed.nic);
  if (deployed === undefined || nic === undefined) return undefined;
  const index = /^\/properties\/ipconfigurations\/(\d+)\//.exec(deployed.path)?.[1];
  const list = get(nic, 'properties', 'ipConfigurations');
  const name = Array.isArray(list) && index !== undefined ? prop(list[Number(index)], 'name') : undefined;
  return typeof name === 'string' ? idKey(`${nic.id}/ipConfigurations/${name}`) : null;
}

/**
 * Whether a deployed private address is the target's, whatever address Azure gives it (true), or
 * another IP configuration's of the input (false); undefined for a NIC outside the input.
 */
function isTargetAddress(graph: ResourceGraph, target: Target, address: DeployedPrivateIp): boolean | undefined {
  if (address.nic !== target.nic.key) return graph.get(address.nic) === undefined ? undefined : false;
  return address.path === `${target.ipConfiguration.pointer}/properties/privateipaddress`.toLowerCase();
}

function firewallPaths(graph: ResourceGraph, target: Target, dnat: DnatIndex): ExposurePath[] {
  const paths: ExposurePath[] = [];
  for (const rule of dnat.candidates(target.address)) {
    // Only a DNAT rule on a public frontend brings Internet traffic; one on the firewall's private IP serves private networks.
    if (rule.translatedAddress === undefined || rule.privateFrontend) continue;
    let unknown: string | undefined;
    // An IP configuration's address known only at deployment is that IP configuration's, whatever Azure gives it.
    const named = rule.translatedTo === undefined ? undefined : isTargetAddress(graph, target, rule.translatedTo);
    if (named === false) continue;
    if (named === undefined) {
      if (isUnknown(rule.translatedAddress)) unknown = `DNAT rule '${rule.name}' translates to an address that is not known (${rule.translatedAddress.reason})`;
      else if (isUnknown(target.address)) unknown = `the VM's private IP is not known (${target.address.reason})`;
      else if (!rule.translatedAddress.overlaps(target.address)) continue;
      else if (!target.addressIsExact) unknown = `the VM's private IP is dynamic and DNAT rule '${rule.name}' translates to an address in its subnet`;
    }
    // The same private address in a VNet the firewall does not route to is another machine.
    const reached = reachedFrom(graph, rule.reach, target.vnet);
    if (reached === false) continue;
    if (reached !== true) unknown ??= reached;
    const protocols = isUnknown(rule.protocols) ? ALL_PROTOCOLS : rule.protocols;
    unknown ??= [rule.protocols, rule.clients, rule.translatedPorts].find(isUnknown)?.reason;
    paths.push({
      kind: 'firewall-dnat',
      target,
      via: viaOf(rule.resource),
      rule: { name: rule.name, pointer: rule.pointer },
      frontendPorts: rule.frontendPorts,
      ports: rule.translatedPorts,
      protocols,
      clients: isUnknown(rule.clients) ? rule.clients : rule.clients.intersect(INTERNET),
      nsgSource: rule.firewallSubnet,
      openWithoutNsg: true,
      ...(rule.translatedFqdn !== undefined ? { hostName: rule.translatedFqdn } : {}),
      ...(unknown ? { unknown } : {}),
    });
  }
  return paths;
}

/** Every exposure path to a VM's IP configuration. */
export function exposurePaths(graph: ResourceGraph, target: Target, dnat: DnatIndex): ExposurePath[] {
  return [
    ...publicIpPath(graph, target),
    ...loadBalancerPaths(graph, target),
    ...applicationGatewayPaths(graph, target),
    ...firewallPaths(graph, target, dnat),
  ];
}
