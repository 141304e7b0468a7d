import type { ResourceGraph } from '../../model/graph.js';
import { get, type Resource } from '../../model/resource.js';
import { idKey, parentId } from '../../model/resource-id.js';
import { asArray, isUnknown, prop, type Value } from '../../model/value.js';
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

function subnetVnets(list: Value | undefined): string[] {
  return publicIpIds(list, 'properties', 'subnet')
    .map((id) => parentId(id))
    .filter((id): id is string => id !== undefined)
    .map(idKey);
}

/** The public IPs on one exposure path and the VNets they inherit DDoS protection from. */
function onPath(graph: ResourceGraph, path: ExposurePath): { ips: string[]; vnets: string[]; unknown?: string } {
  const targetVnet = isUnknown(path.target.vnet) ? undefined : path.target.vnet.key;
  const vmVnet =
    targetVnet === undefined ? { vnets: [], unknown: isUnknown(path.target.vnet) ? path.target.vnet.reason : 'VNet not known' } : { vnets: [targetVnet] };
  if (path.kind === 'public-ip') return path.via.id === '' ? { ips: [], vnets: [] } : { ips: [path.via.id], ...vmVnet };
  let via: Resource | undefined = graph.get(path.via.id, path.target.nic);
  if (via && via.type.toLowerCase() === 'microsoft.network/firewallpolicies/rulecollectiongroups') {
    const policy = parentId(via.id);
    via = graph
      .ofType('Microsoft.Network/azureFirewalls')
      .find(
        (firewall) =>
          typeof get(firewall, 'properties', 'firewallPolicy', 'id') === 'string' &&
          idKey(get(firewall, 'properties', 'firewallPolicy', 'id') as string) === idKey(policy ?? ''),
      );
  }
  if (!via) return { ips: [], vnets: [] };
  switch (path.kind) {
    case 'load-balancer-nat':
    case 'load-balancer-rule':
      return { ips: publicIpIds(get(via, 'properties', 'frontendIPConfigurations'), 'properties', 'publicIPAddress'), ...vmVnet };
    case 'application-gateway':
      return {
        ips: publicIpIds(get(via, 'properties', 'frontendIPConfigurations'), 'properties', 'publicIPAddress'),
        vnets: subnetVnets(get(via, 'properties', 'gatewayIPConfigurations')),
      };
    case 'firewall-dnat':
      return {
        ips: publicIpIds(get(via, 'properties', 'ipConfigurations'), 'properties', 'publicIPAddress'),
        vnets: subnetVnets(get(via, 'properties', 'ipConfigurations')),
      };
  }
}

const cache = new WeakMap<NetworkAnalysis, ReadonlyMap<string, FrontingPublicIp>>();

/**
 * Every public IP that fronts a VM, by public IP key, from the exposure paths of the network
 * analysis (`frontingPublicIps(context.analyses.get(networkAnalysis))`). Computed once per analysis.
 */
export function frontingPublicIps(analysis: NetworkAnalysis): ReadonlyMap<string, FrontingPublicIp> {
  const cached = cache.get(analysis);
  if (cached) return cached;
  const graph = analysis.graph;
  const map = new Map<string, { vms: Set<string>; vnets: Set<string>; unknownVnet?: string }>();
  // Scale sets too: a public IP in front of a Uniform scale set's instances fronts VMs all the same.
  const machines = [...graph.ofType('Microsoft.Compute/virtualMachines'), ...graph.ofType('Microsoft.Compute/virtualMachineScaleSets')];
  for (const vm of machines) {
    for (const path of analysis.vm(vm).paths) {
      const found = onPath(graph, path);
      for (const id of found.ips) {
        const entry = map.get(idKey(id)) ?? { vms: new Set<string>(), vnets: new Set<string>() };
        entry.vms.add(vm.name);
        for (const vnet of found.vnets) entry.vnets.add(vnet);
        if (found.unknown !== undefined) entry.unknownVnet ??= found.unknown;
        map.set(idKey(id), entry);
      }
    }
  }
  const result: ReadonlyMap<string, FrontingPublicIp> = new Map([...map].map(([key, entry]) => [key, { key, ...entry }]));
  cache.set(analysis, result);
  return result;
}
