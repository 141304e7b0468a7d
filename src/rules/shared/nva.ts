import { parseCidr } from '../../analyses/network/addresses.js';
import type { VmNetwork } from '../../analyses/network/exposure.js';
import type { ResourceGraph } from '../../model/graph.js';
import { at, get, type Resource } from '../../model/resource.js';
import { asBoolean, asString, isUnknown, prop, type Unknown } from '../../model/value.js';

/** Marketplace publishers of firewall and router appliances. */
export const NVA_PUBLISHERS = [
  'paloaltonetworks',
  'fortinet',
  'checkpoint',
  'cisco',
  'barracudanetworks',
  'sophos',
  'f5-networks',
  'juniper-networks',
  'vmware-inc',
  'netgate',
];

/** A route whose next hop is one of the appliance's forwarding addresses. */
export interface NextHop {
  readonly table: Resource;
  readonly route: string;
  readonly pointer: string;
}

export interface NvaEvidence {
  /** Why the VM counts as a network virtual appliance, for messages; empty when it does not. */
  readonly evidence: readonly string[];
  readonly hops: readonly NextHop[];
}

/**
 * Whether a VM is a network virtual appliance (a firewall or router VM): an image from an appliance
 * publisher, or a NIC with IP forwarding whose address is the next hop of a route. Unknown when
 * the image, the forwarding setting, the address or a next hop cannot be read.
 */
export function nvaEvidence(graph: ResourceGraph, vm: Resource, network: VmNetwork): NvaEvidence | Unknown {
  const evidence: string[] = [];
  for (const path of [
    ['plan', 'publisher'],
    ['properties', 'storageProfile', 'imageReference', 'publisher'],
  ]) {
    const publisher = asString(get(vm, ...path));
    if (isUnknown(publisher)) return publisher;
    if (publisher !== undefined && NVA_PUBLISHERS.includes(publisher.toLowerCase()) && !evidence.includes(`image ${publisher}`))
      evidence.push(`image ${publisher}`);
  }
  const hops: NextHop[] = [];
  for (const target of network.targets) {
    const forwarding = asBoolean(at(target.nic, 'properties', 'enableIPForwarding').value);
    if (isUnknown(forwarding)) return forwarding;
    if (forwarding !== true) continue;
    if (isUnknown(target.address)) return target.address;
    if (!target.addressIsExact) continue;
    for (const table of graph.ofType('Microsoft.Network/routeTables')) {
      const routes = at(table, 'properties', 'routes');
      if (!Array.isArray(routes.value)) continue;
      for (const [index, route] of routes.value.entries()) {
        const hop = asString(prop(route, 'properties', 'nextHopIpAddress'));
        if (isUnknown(hop)) return hop;
        const parsed = hop === undefined ? undefined : parseCidr(hop);
        if (parsed && target.address.covers(parsed)) {
          const name = asString(prop(route, 'name'));
          hops.push({ table, route: typeof name === 'string' ? name : String(index), pointer: `${routes.pointer}/${index}` });
        }
      }
    }
    if (hops.length > 0 && !evidence.includes('IP forwarding, next hop of a route')) evidence.push('IP forwarding, next hop of a route');
  }
  return { evidence, hops };
}
