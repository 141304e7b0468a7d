import type { ResourceGraph } from '../../model/graph.js';
import { get, type Resource } from '../../model/resource.js';
import { idKey } from '../../model/resource-id.js';
import { asArray, isUnknown, prop } from '../../model/value.js';
import type { CheckOutcome, RuleContext } from '../define-rule.js';

const SCALE_SET_TYPE = 'microsoft.compute/virtualmachinescalesets';

export function isScaleSet(resource: Resource): boolean {
  return resource.type.length === SCALE_SET_TYPE.length && resource.type.toLowerCase() === SCALE_SET_TYPE;
}

/** How many VMs of each scale set (by key) the input holds: a live estate lists a Flexible scale set's VMs. */
function vmsByScaleSet(graph: ResourceGraph): Map<string, number> {
  const counts = new Map<string, number>();
  for (const vm of graph.ofType('Microsoft.Compute/virtualMachines')) {
    const id = prop(get(vm, 'properties', 'virtualMachineScaleSet'), 'id');
    if (typeof id === 'string') counts.set(idKey(id), (counts.get(idKey(id)) ?? 0) + 1);
  }
  return counts;
}

/** The scale sets whose model puts its instances behind each load balancer pool or NAT pool (by the pool's key). */
export function scaleSetsByPool(graph: ResourceGraph): Map<string, Resource[]> {
  const pools = new Map<string, Resource[]>();
  for (const scaleSet of graph.ofType('Microsoft.Compute/virtualMachineScaleSets')) {
    const configurations = asArray(get(scaleSet, 'properties', 'virtualMachineProfile', 'networkProfile', 'networkInterfaceConfigurations'));
    for (const configuration of isUnknown(configurations) ? [] : (configurations ?? [])) {
      const ipConfigurations = asArray(prop(configuration, 'properties', 'ipConfigurations'));
      for (const ipConfiguration of isUnknown(ipConfigurations) ? [] : (ipConfigurations ?? [])) {
        for (const key of ['loadBalancerBackendAddressPools', 'loadBalancerInboundNatPools']) {
          const references = asArray(prop(ipConfiguration, 'properties', key));
          for (const reference of isUnknown(references) ? [] : (references ?? [])) {
            const id = prop(reference, 'id');
            if (typeof id !== 'string') continue;
            const list = pools.get(idKey(id)) ?? [];
            if (!list.includes(scaleSet)) list.push(scaleSet);
            pools.set(idKey(id), list);
          }
        }
      }
    }
  }
  return pools;
}

/**
 * What a network-exposure rule says of a scale set: its VMs are checked one by one where the input
 * holds them; otherwise its network profile is not analysed, and the rule says so rather than pass
 * over the scale set in silence.
 */
export function scaleSetExposure(scaleSet: Resource, context: RuleContext<string, unknown>): CheckOutcome {
  const vms = context.graph.derive(vmsByScaleSet).get(scaleSet.key) ?? 0;
  if (vms > 0) return context.notApplicable(`its ${vms} VM(s) in the input are checked one by one`);
  return context.notAssessed(
    "the network profile of a scale set (NIC configurations, their NSGs, public IPs and load balancer NAT pools) is not analysed yet: its instances' exposure is not assessed",
  );
}
