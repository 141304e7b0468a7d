import { isScaleSet, scaleSetsByModel } from '../../analyses/network/exposure.js';
import type { Resource } from '../../model/resource.js';
import type { CheckOutcome, RuleContext } from '../define-rule.js';

export { isScaleSet };

/**
 * What a network rule says of a scale set whose VMs the input holds (a live estate lists a Flexible
 * scale set's VMs): not applicable, since those VMs are checked one by one. Undefined otherwise: the
 * rule reads the scale set's model, as the network analysis does (`scaleSetsByModel`).
 */
export function checkedAsVms(resource: Resource, context: RuleContext<string, unknown>): CheckOutcome | undefined {
  if (!isScaleSet(resource) || scaleSetsByModel(context.graph).includes(resource)) return undefined;
  return context.notApplicable('its VMs in the input are checked one by one');
}
