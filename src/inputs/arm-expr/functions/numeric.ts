/** Numeric functions (template-functions-numeric). ARM integers are 64-bit; division truncates toward zero. */
import { isUnknown, type Value } from '../../../model/value.js';
import type { Call, FunctionSpec } from '../types.js';
import { describeType, fn, intArg, truncate } from './support.js';

function arithmetic(operation: (a: number, b: number, call: Call) => number) {
  return (call: Call): Value => operation(intArg(call, 0), intArg(call, 1), call);
}

function divide(a: number, b: number, call: Call): number {
  if (b === 0) throw call.error('division by zero');
  return truncate(a / b);
}

function modulo(a: number, b: number, call: Call): number {
  if (b === 0) throw call.error('division by zero');
  return (a % b) + 0;
}

function toInt(call: Call): Value {
  const value = call.arg(0);
  if (typeof value === 'number') return truncate(value);
  if (typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value)) return Number.parseInt(value, 10);
  throw call.error(`cannot convert ${describeType(value)} '${String(value)}' to an integer`);
}

function toFloat(call: Call): Value {
  const value = call.arg(0);
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  throw call.error(`cannot convert ${describeType(value)} '${String(value)}' to a number`);
}

/** max/min accept integers, arrays of integers, or a mix. */
function extreme(call: Call, pick: (a: number, b: number) => number): Value {
  const numbers: number[] = [];
  for (let i = 0; i < call.argCount; i++) {
    const value = call.arg(i);
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item !== 'number') throw call.error(`expects integers or arrays of integers, found ${describeType(item)}`);
      numbers.push(item);
    }
  }
  if (numbers.length === 0) throw call.error('needs at least one number');
  return numbers.reduce((a, b) => pick(a, b));
}

/** copyIndex([loopName], [offset]). */
function copyIndex(call: Call): Value {
  let loopName: string | undefined;
  let offset = 0;
  if (call.argCount >= 1) {
    const first = call.arg(0);
    if (typeof first === 'string') loopName = first;
    else offset = intArg(call, 0);
  }
  if (call.argCount === 2) {
    if (loopName === undefined) throw call.error('the loop name must come first');
    offset = intArg(call, 1);
  }
  const index = call.host.copyIndex(loopName);
  return isUnknown(index) ? index : index + offset;
}

export const numericFunctions: readonly FunctionSpec[] = [
  fn(
    'add',
    2,
    2,
    arithmetic((a, b) => a + b),
  ),
  fn('copyIndex', 0, 2, copyIndex),
  fn('div', 2, 2, arithmetic(divide)),
  fn('float', 1, 1, toFloat),
  fn('int', 1, 1, toInt),
  fn('max', 1, undefined, (call) => extreme(call, Math.max)),
  fn('min', 1, undefined, (call) => extreme(call, Math.min)),
  fn('mod', 2, 2, arithmetic(modulo)),
  fn(
    'mul',
    2,
    2,
    arithmetic((a, b) => a * b),
  ),
  fn(
    'sub',
    2,
    2,
    arithmetic((a, b) => a - b),
  ),
];
