/** Deployment value functions (template-functions-deployment). */
import { Unknown, type Value } from '../../../model/value.js';
import type { Call, FunctionSpec } from '../types.js';
import { fn, stringArg } from './support.js';

/** parameters(name): inside a user-defined function, its own parameters; otherwise the template's. */
function parameters(call: Call): Value {
  const name = stringArg(call, 0);
  const own = call.scope.functionParameters;
  if (own !== undefined) {
    const key = name.toLowerCase();
    if (!own.has(key)) throw call.error(`the user-defined function has no parameter '${name}'`);
    return own.get(key) as Value;
  }
  return call.host.parameter(name);
}

function variables(call: Call): Value {
  const name = stringArg(call, 0);
  if (call.scope.functionParameters !== undefined) throw call.error('user-defined functions cannot read template variables');
  return call.host.variable(name);
}

export const deploymentFunctions: readonly FunctionSpec[] = [
  fn('deployer', 0, 0, (call) => call.host.deployer?.() ?? new Unknown('deployer() is the identity running the deployment, known only at deployment')),
  fn('deployment', 0, 0, (call) => call.host.deployment()),
  fn('environment', 0, 0, (call) => call.host.environment()),
  fn('parameters', 1, 1, parameters),
  fn('variables', 1, 1, variables),
];
