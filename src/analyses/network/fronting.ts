import type { ResourceGraph } from '../../model/graph.js';
import { get, type Resource } from '../../model/resource.js';
import { idKey, parentId } from '../../model/resource-id.js';
import { asArray, isUnknown, prop, type Unknown, type Value } from '../../model/value.js';
import type { NetworkAnalysis } from './exposure.js';
import type { ExposurePath } from './paths.js';

/** A public IP that carries Internet traffic to VMs: on a VM NIC, or on the frontend of a load balancer, Application Gateway or firewall on a VM's exposure path. */
export interface FrontingPublicIp {
  readonly key: string;
  /** The VMs it fronts, by name. */
  readonly vms: ReadonlySet<string>;
  /** Keys of the VNets whose DDoS plan it inherits (the VM's VNet, or the gateway's / firewall's). */
  readonly vnets: ReadonlySet<string>;
  /** Why a VNet could not be told, when it could not. */
  readonly unknownVnet?: string;
}

function publicIpIds(list: Value | undefined, ...path: string[]): string[] {
  const items = asArray(list);
  if (!Array.isArray(items)) return [];
  return items.map((item) => prop(item, ...path, 'id')).filter((id): id is string => typeof id === 'string');
}

/** The first public IP reference on a list of IP configurations whose id is not known (the list itself, an entry, the reference or its id). */
function unknownPublicIp(list: Value | undefined, ...path: string[]): Unknown | undefined {
  const items = asArray(list);
  if (isUnknown(items)) return items;
  for (const item of items ?? []) {
    const reference = prop(item, ...path);
    const id = isUnknown(reference) ? reference : prop(reference, 'id');
    if (isUnknown(id)) return id;
  }
  return undefined;
}

function subnetVnets(list: Value | undefined): string[] {
  return publicIpIds(list, 'properties', 'subnet')
    .map((id) => parentId(id))
    .filter((id): id is string => id !== undefined)
    .map(idKey);
}

/**
 * The public IPs on one exposure path and the VNets they inherit DDoS protection from; `unsure` when
 * a public IP on it is not known (a reference not known, or a load balancer, gateway or firewall not
 * in the input), which may be any.
 */
function onPath(graph: ResourceGraph, path: ExposurePath): { ips: string[]; from?: Resource; vnets: string[]; unknown?: string; unsure?: string } {
  const targetVnet = isUnknown(path.target.vnet) ? undefined : path.target.vnet.key;
  const vmVnet =
    targetVnet === undefined ? { vnets: [], unknown: isUnknown(path.target.vnet) ? path.target.vnet.reason : 'VNet not known' } : { vnets: [targetVnet] };
  if (path.kind === 'public-ip') {
    if (path.via.id !== '') return { ips: [path.via.id], from: path.target.nic, ...vmVnet };
    // A reference written out to a public IP outside the input is another public IP.
    const reference = prop(path.target.ipConfiguration.body, 'properties', 'publicIPAddress');
    const id = isUnknown(reference) ? reference : prop(reference, 'id');
    return isUnknown(id) ? { ips: [], vnets: [], unsure: id.reason } : { ips: [], vnets: [] };
  }
  // Only a load balancer path may have no resource to go through (the public IP path is read above).
  if (path.via.id === '') return { ips: [], vnets: [], unsure: path.unknown ?? 'the load balancer on the path is not known' };
  let via: Resource | undefined = graph.get(path.via.id, path.target.nic);
  if (via && via.type.toLowerCase() === 'microsoft.network/firewallpolicies/rulecollectiongroups') {
    const policy = idKey(parentId(via.id) ?? '');
    // The firewall that reads the group's policy: its input's, where several inputs declare the policy's id.
    const policyKey = graph.referenceKey(policy, via);
    via = graph.ofType('Microsoft.Network/azureFirewalls').find((firewall) => {
      const id = get(firewall, 'properties', 'firewallPolicy', 'id');
      return typeof id === 'string' && idKey(id) === policy && graph.referenceKey(policy, firewall) === policyKey;
    });
  }
  if (!via) return { ips: [], vnets: [], unsure: `${path.via.type} '${path.via.name}' is not in the scanned input` };
  const frontends = get(via, 'properties', path.kind === 'firewall-dnat' ? 'ipConfigurations' : 'frontendIPConfigurations');
  const ips = publicIpIds(frontends, 'properties', 'publicIPAddress');
  const unsure = unknownPublicIp(frontends, 'properties', 'publicIPAddress');
  const found = (vnets: { vnets: string[]; unknown?: string }): { ips: string[]; from: Resource; vnets: string[]; unknown?: string; unsure?: string } =>
    unsure ? { ips, from: via, ...vnets, unsure: unsure.reason } : { ips, from: via, ...vnets };
  switch (path.kind) {
    case 'load-balancer-nat':
    case 'load-balancer-rule':
      return found(vmVnet);
    case 'application-gateway':
      return found({ vnets: subnetVnets(get(via, 'properties', 'gatewayIPConfigurations')) });
    case 'firewall-dnat':
      return found({ vnets: subnetVnets(get(via, 'properties', 'ipConfigurations')) });
  }
}

interface Fronting {
  readonly byIp: ReadonlyMap<string, FrontingPublicIp>;
  /** The first public IP not known in front of a VM of each input, by the VM's input, with the VM. */
  readonly unsure: ReadonlyMap<string, { readonly reason: string; readonly vm: Resource }>;
}

const cache = new WeakMap<NetworkAnalysis, Fronting>();

/**
 * Every public IP that fronts a VM, by the public IP's `graph.keyOf`, from the exposure paths of the network
 * analysis (`frontingPublicIps(context.analyses.get(networkAnalysis))`). Computed once per analysis.
 */
export function frontingPublicIps(analysis: NetworkAnalysis): ReadonlyMap<string, FrontingPublicIp> {
  return fronting(analysis).byIp;
}

/**
 * Why public IP `pip`, which `frontingPublicIps` does not list, may yet front a VM, when so: the
 * first public IP on a VM's exposure path that is not known (its reference, or the load balancer,
 * gateway or firewall it is on), which may be any the VM's input can name. Where several inputs
 * declare `pip`'s id, that is only a VM of an input that reads this one (`graph.referenceKey`):
 * its own, or one without the id. Computed once per analysis.
 */
export function unknownFrontingPublicIp(analysis: NetworkAnalysis, pip: Resource): string | undefined {
  const { unsure } = fronting(analysis);
  const graph = analysis.graph;
  const own = graph.keyOf(pip);
  if (own === pip.key) return unsure.values().next().value?.reason;
  for (const { reason, vm } of unsure.values()) if (graph.referenceKey(pip.key, vm) === own) return reason;
  return undefined;
}

function fronting(analysis: NetworkAnalysis): Fronting {
  const cached = cache.get(analysis);
  if (cached) return cached;
  const graph = analysis.graph;
  const map = new Map<string, { vms: Set<string>; vnets: Set<string>; unknownVnet?: string }>();
  const unsure = new Map<string, { reason: string; vm: Resource }>();
  // Scale sets too: a public IP in front of a Uniform scale set's instances fronts VMs all the same.
  const machines = [...graph.ofType('Microsoft.Compute/virtualMachines'), ...graph.ofType('Microsoft.Compute/virtualMachineScaleSets')];
  for (const vm of machines) {
    for (const path of analysis.vm(vm).paths) {
      const found = onPath(graph, path);
      if (found.unsure !== undefined && !unsure.has(vm.input))
        unsure.set(vm.input, { reason: `a public IP in front of "${vm.name}" is not known (${found.unsure}): it may be this one`, vm });
      for (const id of found.ips) {
        // By the `graph.keyOf` of the public IP the NIC or frontend reads: another input's with the same id is another public IP.
        const key = found.from ? graph.referenceKey(idKey(id), found.from) : idKey(id);
        const entry = map.get(key) ?? { vms: new Set<string>(), vnets: new Set<string>() };
        entry.vms.add(vm.name);
        for (const vnet of found.vnets) entry.vnets.add(vnet);
        if (found.unknown !== undefined) entry.unknownVnet ??= found.unknown;
        map.set(key, entry);
      }
    }
  }
  const byIp: ReadonlyMap<string, FrontingPublicIp> = new Map([...map].map(([key, entry]) => [key, { key, ...entry }]));
  const result = { byIp, unsure };
  cache.set(analysis, result);
  return result;
}
