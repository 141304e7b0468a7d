import type { ResourceGraph, Resolved } from './graph.js';
import { at, get, type Resource } from './resource.js';
import { isUnknown, prop, type Unknown, type Value } from './value.js';

/**
 * The typed relations rules follow: VM → NIC → IP configuration → subnet → NSG / route table,
 * NIC → NSG, IP configuration → public IP. Each step answers a Resource, Unknown (with why), or
 * undefined when the relation is absent.
 */

/** One NIC of a VM: the NIC resource (or Unknown) and where the VM references it. */
export interface VmNic {
  readonly nic: Resolved;
  readonly pointer: string;
}

/** The NICs a VM references in `networkProfile.networkInterfaces`. Unknown when the list itself is unknown. */
export function vmNics(graph: ResourceGraph, vm: Resource): VmNic[] | Unknown {
  const list = at(vm, 'properties', 'networkProfile', 'networkInterfaces');
  if (isUnknown(list.value)) return list.value;
  if (!Array.isArray(list.value)) return [];
  const nics: VmNic[] = [];
  list.value.forEach((reference, index) => {
    const nic = graph.resolve(reference, vm);
    if (nic !== undefined) nics.push({ nic, pointer: `${list.pointer}/${index}` });
  });
  return nics;
}

/** One IP configuration of a NIC, with its resolved subnet and public IP. */
export interface IpConfiguration {
  readonly nic: Resource;
  readonly name: string;
  readonly pointer: string;
  readonly body: Value;
  readonly subnet: Resolved | undefined;
  readonly publicIp: Resolved | undefined;
}

export function nicIpConfigurations(graph: ResourceGraph, nic: Resource): IpConfiguration[] | Unknown {
  const list = at(nic, 'properties', 'ipConfigurations');
  if (isUnknown(list.value)) return list.value;
  if (!Array.isArray(list.value)) return [];
  return list.value.map((body, index) => {
    const named = prop(body, 'name');
    const name = typeof named === 'string' ? named : String(index);
    return {
      nic,
      name,
      pointer: `${list.pointer}/${index}`,
      body,
      subnet: graph.resolve(prop(body, 'properties', 'subnet'), nic),
      publicIp: graph.resolve(prop(body, 'properties', 'publicIPAddress'), nic),
    };
  });
}

/** The NSG attached to a NIC or a subnet (`properties.networkSecurityGroup`). */
export function attachedNsg(graph: ResourceGraph, nicOrSubnet: Resource): Resolved | undefined {
  return graph.resolve(get(nicOrSubnet, 'properties', 'networkSecurityGroup'), nicOrSubnet);
}

/** The route table attached to a subnet. */
export function subnetRouteTable(graph: ResourceGraph, subnet: Resource): Resolved | undefined {
  return graph.resolve(get(subnet, 'properties', 'routeTable'), subnet);
}
