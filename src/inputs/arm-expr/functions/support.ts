/** Argument checks and value helpers shared by the function families. */
import { isObject, isUnknown, type Value, type ValueObject } from '../../../model/value.js';
import type { Call, FunctionSpec } from '../types.js';

export function describeType(value: Value | undefined): string {
  if (value === undefined || value === null) return 'null';
  if (isUnknown(value)) return 'an unknown value';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a number';
  return typeof value === 'string' ? 'a string' : 'a boolean';
}

function mismatch(call: Call, index: number, expected: string, value: Value): never {
  throw call.error(`argument ${index + 1} must be ${expected}, not ${describeType(value)}`);
}

export function stringArg(call: Call, index: number): string {
  const value = call.arg(index);
  return typeof value === 'string' ? value : mismatch(call, index, 'a string', value);
}

export function intArg(call: Call, index: number): number {
  const value = call.arg(index);
  return typeof value === 'number' && Number.isInteger(value) ? value : mismatch(call, index, 'an integer', value);
}

export function boolArg(call: Call, index: number): boolean {
  const value = call.arg(index);
  return typeof value === 'boolean' ? value : mismatch(call, index, 'a boolean', value);
}

export function arrayArg(call: Call, index: number): Value[] {
  const value = call.arg(index);
  return Array.isArray(value) ? value : mismatch(call, index, 'an array', value);
}

export function objectArg(call: Call, index: number): ValueObject {
  const value = call.arg(index);
  return isObject(value) ? value : mismatch(call, index, 'an object', value);
}

/** All arguments, evaluated. */
export function allArgs(call: Call): Value[] {
  return Array.from({ length: call.argCount }, (_, i) => call.arg(i));
}

/** ARM's JSON equality: exact for strings and keys, order-insensitive for object keys. */
export function deepEquals(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => deepEquals(item, b[i] as Value));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((key) => Object.hasOwn(b, key) && deepEquals(a[key] as Value, b[key] as Value));
  }
  return false;
}

/**
 * A text two values without Unknowns share exactly when `deepEquals` holds between them (object
 * keys in any order): sets of values compared by key, not each with each (`union` of two lists of
 * 100,000 took 15 s).
 */
export function equalityKey(value: Value): string {
  if (Array.isArray(value)) return `[${value.map(equalityKey).join(',')}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${equalityKey(value[key] as Value)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** How ARM turns a value into text (string(), format(), concat of strings): .NET style booleans, compact JSON. */
export function toText(value: Value): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

const collator = new Intl.Collator('en-US');

/** ARM orders strings with the invariant culture (case-aware, lowercase before uppercase), numbers numerically. */
export function compareValues(call: Call, a: Value, b: Value): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return collator.compare(a, b);
  throw call.error(`cannot compare ${describeType(a)} with ${describeType(b)}`);
}

/** Trims to a JS integer toward zero, as ARM's 64-bit integer conversions do. */
export function truncate(value: number): number {
  return Math.trunc(value) + 0;
}

/** Declares a function; `unknowns` defaults to `deep` (any Unknown inside an argument makes the result Unknown). */
export function fn(
  name: string,
  minArgs: number,
  maxArgs: number | undefined,
  evaluate: FunctionSpec['evaluate'],
  options: Partial<Pick<FunctionSpec, 'unknowns' | 'lambdaArgs'>> = {},
): FunctionSpec {
  return {
    name,
    minArgs,
    ...(maxArgs === undefined ? {} : { maxArgs }),
    unknowns: options.unknowns ?? 'deep',
    ...(options.lambdaArgs ? { lambdaArgs: options.lambdaArgs } : {}),
    evaluate,
  };
}
