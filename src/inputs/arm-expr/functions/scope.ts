/** Scope functions (template-functions-scope): the host supplies the objects (placeholders are fine). */
import { Unknown, type Value } from '../../../model/value.js';
import type { Call, FunctionSpec } from '../types.js';
import { fn } from './support.js';

/**
 * ARM templates call these without arguments: the current scope. With arguments (Bicep's
 * `resourceGroup('other')`), another scope, whose properties are not the current one's.
 */
function current(name: string, get: (call: Call) => Value) {
  return (call: Call): Value => (call.argCount > 0 ? new Unknown(`${name}() with arguments is another ${name}, known only at deployment`) : get(call));
}

export const scopeFunctions: readonly FunctionSpec[] = [
  fn(
    'managementGroup',
    0,
    1,
    current('managementGroup', (call) => call.host.managementGroup()),
  ),
  fn(
    'resourceGroup',
    0,
    2,
    current('resourceGroup', (call) => call.host.resourceGroup()),
  ),
  fn(
    'subscription',
    0,
    1,
    current('subscription', (call) => call.host.subscription()),
  ),
  fn('tenant', 0, 0, (call) => call.host.tenant()),
];
