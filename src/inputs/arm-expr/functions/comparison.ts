/** Comparison functions (template-functions-comparison). */
import { isUnknown, type Value } from '../../../model/value.js';
import type { Call, FunctionSpec } from '../types.js';
import { compareValues, deepEquals, fn } from './support.js';

/** First non-null argument. Arguments are evaluated in order and only as far as needed. */
function coalesce(call: Call): Value {
  for (let i = 0; i < call.argCount; i++) {
    const value = call.arg(i);
    if (isUnknown(value)) return value;
    if (value !== null) return value;
  }
  return null;
}

function compare(test: (order: number) => boolean) {
  return (call: Call): Value => test(compareValues(call, call.arg(0), call.arg(1)));
}

export const comparisonFunctions: readonly FunctionSpec[] = [
  fn('coalesce', 1, undefined, coalesce, { unknowns: 'custom' }),
  fn('equals', 2, 2, (call) => deepEquals(call.arg(0), call.arg(1))),
  fn(
    'greater',
    2,
    2,
    compare((order) => order > 0),
  ),
  fn(
    'greaterOrEquals',
    2,
    2,
    compare((order) => order >= 0),
  ),
  fn(
    'less',
    2,
    2,
    compare((order) => order < 0),
  ),
  fn(
    'lessOrEquals',
    2,
    2,
    compare((order) => order <= 0),
  ),
];
