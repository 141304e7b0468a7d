/** Logical functions (template-functions-logical). and/or/if short-circuit, so Unknown only spreads when it matters. */
import { isUnknown, withoutState, type Value } from '../../../model/value.js';
import { unmarked } from '../name-text.js';
import type { Call, FunctionSpec } from '../types.js';
import { boolArg, describeType, fn } from './support.js';

function logical(call: Call, decisive: boolean): Value {
  let pending: Value | undefined;
  for (let i = 0; i < call.argCount; i++) {
    const value = call.arg(i);
    if (isUnknown(value)) {
      pending ??= value;
      continue;
    }
    if (typeof value !== 'boolean') throw call.error(`argument ${i + 1} must be a boolean, not ${describeType(value)}`);
    if (value === decisive) return decisive;
  }
  return pending ?? !decisive;
}

function toBool(call: Call): Value {
  const value = call.arg(0);
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') {
    const lower = value.toLowerCase();
    if (lower === 'true' || lower === 'false') return lower === 'true';
  }
  throw call.error(`cannot convert ${describeType(value)} '${String(value)}' to a boolean`);
}

/**
 * if(condition, then, else): only the chosen branch is evaluated. With a condition known, the value
 * is the branch chosen, the same value (a name's placeholder passes through, name-text.ts).
 */
function choose(call: Call): Value {
  const condition = call.arg(0);
  // Either branch may be chosen: what the condition is made of says nothing of the value.
  if (isUnknown(condition)) return unmarked(withoutState(condition));
  if (typeof condition !== 'boolean') throw call.error(`the condition must be a boolean, not ${describeType(condition)}`);
  return call.arg(condition ? 1 : 2);
}

export const logicalFunctions: readonly FunctionSpec[] = [
  fn('and', 2, undefined, (call) => logical(call, false), { unknowns: 'custom' }),
  fn('bool', 1, 1, toBool),
  fn('false', 0, 0, () => false),
  fn('if', 3, 3, choose, { unknowns: 'custom' }),
  fn('not', 1, 1, (call) => !boolArg(call, 0)),
  fn('or', 2, undefined, (call) => logical(call, true), { unknowns: 'custom' }),
  fn('true', 0, 0, () => true),
];
