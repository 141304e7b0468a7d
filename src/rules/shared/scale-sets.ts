import type { ResourceGraph } from '../../model/graph.js';
import { get, type Resource } from '../../model/resource.js';
import { idKey } from '../../model/resource-id.js';
import { prop } from '../../model/value.js';
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

/**
 * What a network rule says of a scale set whose VMs the input holds (a live estate lists a Flexible
 * scale set's VMs): not applicable, since those VMs are checked one by one. Undefined otherwise: the
 * rule reads the scale set's model (network analysis, `scaleSetTargets`).
 */
export function checkedAsVms(resource: Resource, context: RuleContext<string, unknown>): CheckOutcome | undefined {
  if (!isScaleSet(resource)) return undefined;
  const vms = context.graph.derive(vmsByScaleSet).get(resource.key) ?? 0;
  return vms > 0 ? context.notApplicable(`its ${vms} VM(s) in the input are checked one by one`) : undefined;
}
