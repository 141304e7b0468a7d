/**
 * Array functions (template-functions-array). The polymorphic ones that also work on strings and
 * objects (concat, contains, empty, first, last, indexOf, lastIndexOf, intersection, length, skip,
 * take, union, tryGet) live here once, and are tested again with the string and object examples.
 */
import { findKey, firstUnknown, isObject, isUnknown, setMember, unknownText, type Value, type ValueObject } from '../../../model/value.js';
import { absentFromRuntime, deeperInRuntime } from '../runtime-view.js';
import { markJoin, unmarked } from '../name-text.js';
import type { Call, FunctionSpec } from '../types.js';
import { allArgs, arrayArg, deepEquals, describeType, equalityKey, fn, intArg, toText } from './support.js';

/** ARM refuses range() with more than this many items. */
const MAX_RANGE = 10_000;

function concat(call: Call): Value {
  const args = allArgs(call).filter((arg) => arg !== null);
  // Arrays with an argument not known: as unknown as it. Otherwise the parts are kept, in order
  // (unknownText), so that none is lost: not even when all are Unknown (they may be arrays).
  const unknown = args.find(isUnknown);
  if (unknown !== undefined && args.length === 1) return unknown;
  // Joined with an array or object, it is not the value it was (its placeholder does not stand for the result).
  if (unknown !== undefined && args.some((arg) => typeof arg === 'object' && !isUnknown(arg))) return unmarked(unknown);
  if (args.length > 0 && args.every(Array.isArray)) {
    const total = args.reduce((sum, arg) => sum + (arg as Value[]).length, 0);
    call.limits.ensureArrayLength(total);
    return (args as Value[][]).flat(1);
  }
  const array = args.find(Array.isArray);
  if (array !== undefined) throw call.error('cannot mix arrays with other values');
  const object = args.find(isObject);
  if (object !== undefined) throw call.error(`cannot concatenate ${describeType(object)}`);
  const texts = args.map((arg) => (isUnknown(arg) ? arg : toText(arg)));
  call.limits.ensureStringLength(texts.reduce((sum, text) => sum + (typeof text === 'string' ? text.length : 0), 0));
  // Text with parts not known keeps the known ones (a command line with an address in it).
  return markJoin(unknownText(texts), texts);
}

function contains(call: Call): Value {
  const container = call.arg(0);
  const item = call.arg(1);
  if (isObject(container)) {
    if (typeof item !== 'string') throw call.error('an object key must be a string');
    return findKey(container, item) !== undefined;
  }
  if (typeof container === 'string') {
    if (isObject(item) || Array.isArray(item)) throw call.error(`cannot look for ${describeType(item)} in a string`);
    return container.includes(toText(item));
  }
  if (Array.isArray(container)) {
    const itemUnknown = firstUnknown(item);
    if (itemUnknown) return itemUnknown;
    if (container.some((element) => deepEquals(element, item))) return true;
    return firstUnknown(container) ?? false;
  }
  throw call.error(`argument 1 must be an array, object or string, not ${describeType(container)}`);
}

function empty(call: Call): Value {
  const value = call.arg(0);
  if (value === null) return true;
  if (typeof value === 'string' || Array.isArray(value)) return value.length === 0;
  if (isObject(value)) return Object.keys(value).length === 0;
  throw call.error(`argument 1 must be an array, object or string, not ${describeType(value)}`);
}

function edge(call: Call, pick: 'first' | 'last'): Value {
  const value = call.arg(0);
  if (typeof value === 'string' || Array.isArray(value)) {
    if (value.length === 0) return typeof value === 'string' ? '' : null;
    const at = pick === 'first' ? 0 : value.length - 1;
    return (value[at] ?? null) as Value;
  }
  throw call.error(`argument 1 must be an array or string, not ${describeType(value)}`);
}

function indexOf(call: Call, fromEnd: boolean): Value {
  const container = call.arg(0);
  const item = call.arg(1);
  if (typeof container === 'string') {
    if (typeof item !== 'string') throw call.error('argument 2 must be a string when searching a string');
    const haystack = container.toLowerCase();
    const needle = item.toLowerCase();
    return fromEnd ? haystack.lastIndexOf(needle) : haystack.indexOf(needle);
  }
  if (Array.isArray(container)) {
    const indexes = container.map((_, i) => i);
    if (fromEnd) indexes.reverse();
    return indexes.find((i) => deepEquals(container[i] as Value, item)) ?? -1;
  }
  throw call.error(`argument 1 must be an array or string, not ${describeType(container)}`);
}

function intersection(call: Call): Value {
  const args = allArgs(call);
  const [head, ...rest] = args;
  if (args.every(Array.isArray)) {
    const result: Value[] = [];
    const kept = new Set<string>();
    const others = (rest as Value[][]).map((other) => new Set(other.filter((item) => firstUnknown(item) === undefined).map(equalityKey)));
    for (const item of head as Value[]) {
      if (firstUnknown(item) !== undefined) {
        // Values with Unknowns in them are compared one by one, as written.
        if (result.some((other) => deepEquals(other, item))) continue;
        if (rest.every((other) => (other as Value[]).some((candidate) => deepEquals(candidate, item)))) result.push(item);
        continue;
      }
      const key = equalityKey(item);
      if (kept.has(key) || !others.every((keys) => keys.has(key))) continue;
      kept.add(key);
      result.push(item);
    }
    return result;
  }
  if (args.every(isObject)) {
    const result: ValueObject = {};
    for (const [key, value] of Object.entries(head as ValueObject)) {
      if (rest.every((other) => Object.hasOwn(other as ValueObject, key) && deepEquals((other as ValueObject)[key] as Value, value))) {
        setMember(result, key, value);
      }
    }
    return result;
  }
  throw call.error('arguments must be all arrays or all objects');
}

function length(call: Call): Value {
  const value = call.arg(0);
  if (typeof value === 'string' || Array.isArray(value)) return value.length;
  if (isObject(value)) return Object.keys(value).length;
  throw call.error(`argument 1 must be an array, object or string, not ${describeType(value)}`);
}

function range(call: Call): Value {
  const start = intArg(call, 0);
  const count = intArg(call, 1);
  if (count < 0) throw call.error('the count must not be negative');
  call.limits.ensureArrayLength(count);
  if (count > MAX_RANGE) throw call.error(`the count must not exceed ${MAX_RANGE}`);
  if (start + count > 2_147_483_647) throw call.error('the sum of start and count must not exceed 2147483647');
  call.limits.charge(count);
  return Array.from({ length: count }, (_, i) => start + i);
}

function slice(call: Call, keep: 'skip' | 'take'): Value {
  const value = call.arg(0);
  const count = Math.max(0, intArg(call, 1));
  if (typeof value === 'string' || Array.isArray(value)) {
    return keep === 'skip' ? value.slice(count) : value.slice(0, count);
  }
  throw call.error(`argument 1 must be an array or string, not ${describeType(value)}`);
}

/** Merges objects the way union() does: later values win, nested objects merge, keys match case-insensitively. */
export function mergeObjects(target: ValueObject, source: ValueObject, deep: boolean): ValueObject {
  const result: ValueObject = { ...target };
  // The target's keys by lower case, made once when a key is not found as written: looking each up
  // by a scan of the keys made a reduce() of unions quadratic in each step (2,000 steps took 25 s).
  let keys: Map<string, string> | undefined;
  for (const [key, value] of Object.entries(source)) {
    let existing = key;
    const lower = key.toLowerCase();
    // A key without upper or lower case (digits, punctuation) is found as written or not at all.
    if (!Object.hasOwn(result, key) && lower !== key.toUpperCase()) {
      if (!keys) {
        keys = new Map();
        for (const own of Object.keys(result)) if (!keys.has(own.toLowerCase())) keys.set(own.toLowerCase(), own);
      }
      existing = keys.get(lower) ?? key;
      keys.set(lower, existing);
    }
    const current = result[existing];
    setMember(result, existing, deep && isObject(current) && isObject(value) ? mergeObjects(current, value, true) : value);
  }
  return result;
}

function union(call: Call): Value {
  const args = allArgs(call).filter((arg) => arg !== null);
  if (args.every(Array.isArray)) {
    const result: Value[] = [];
    const kept = new Set<string>();
    for (const item of (args as Value[][]).flat(1)) {
      // A value with an Unknown in it never equals a known one: it is kept.
      if (firstUnknown(item) !== undefined) {
        result.push(item);
        continue;
      }
      const key = equalityKey(item);
      if (kept.has(key)) continue;
      kept.add(key);
      result.push(item);
    }
    call.limits.ensureArrayLength(result.length);
    return result;
  }
  if (args.every(isObject)) return (args as ValueObject[]).reduce<ValueObject>((merged, next) => mergeObjects(merged, next, true), {});
  throw call.error('arguments must be all arrays or all objects');
}

/** tryGet(value, key1, key2…): null when a step is missing; Unknown when a step is. */
function tryGet(call: Call): Value {
  let current = call.arg(0);
  for (let i = 1; i < call.argCount; i++) {
    const key = call.arg(i);
    if (isUnknown(current)) return typeof key === 'string' || typeof key === 'number' ? deeperInRuntime(current, key) : current;
    if (isUnknown(key)) return key;
    // What a resource's deployed state may hold beyond its template is Unknown, not null.
    if (Array.isArray(current) && typeof key === 'number')
      current = key >= 0 && key < current.length ? (current[key] as Value) : (absentFromRuntime(current, key) ?? null);
    else if (isObject(current) && typeof key === 'string') {
      const found = findKey(current, key);
      current = found === undefined ? (absentFromRuntime(current, key) ?? null) : (current[found] as Value);
    } else return null;
  }
  return current;
}

function indexFromEnd(call: Call, lenient: boolean): Value {
  const array = arrayArg(call, 0);
  const index = intArg(call, 1);
  if (index >= 1 && index <= array.length) return array[array.length - index] as Value;
  if (lenient) return null;
  throw call.error(`index ${index} from the end is out of range for an array of length ${array.length}`);
}

function flatten(call: Call): Value {
  const result: Value[] = [];
  for (const item of arrayArg(call, 0)) {
    if (isUnknown(item)) return item;
    if (!Array.isArray(item)) throw call.error(`every item must be an array, found ${describeType(item)}`);
    for (const element of item) result.push(element);
  }
  return result;
}

export const arrayFunctions: readonly FunctionSpec[] = [
  fn('array', 1, 1, (call) => (Array.isArray(call.arg(0)) ? call.arg(0) : [call.arg(0)]), { unknowns: 'shallow' }),
  fn('concat', 1, undefined, concat, { unknowns: 'custom' }),
  fn('contains', 2, 2, contains, { unknowns: 'shallow' }),
  fn('createArray', 0, undefined, allArgs, { unknowns: 'custom' }),
  fn('empty', 1, 1, empty, { unknowns: 'shallow' }),
  fn('first', 1, 1, (call) => edge(call, 'first'), { unknowns: 'shallow' }),
  fn('flatten', 1, 1, flatten, { unknowns: 'shallow' }),
  fn('indexFromEnd', 2, 2, (call) => indexFromEnd(call, false), { unknowns: 'shallow' }),
  fn('indexOf', 2, 2, (call) => indexOf(call, false)),
  fn('intersection', 2, undefined, intersection),
  fn('last', 1, 1, (call) => edge(call, 'last'), { unknowns: 'shallow' }),
  fn('lastIndexOf', 2, 2, (call) => indexOf(call, true)),
  fn('length', 1, 1, length, { unknowns: 'shallow' }),
  fn('range', 2, 2, range),
  fn('skip', 2, 2, (call) => slice(call, 'skip'), { unknowns: 'shallow' }),
  fn('take', 2, 2, (call) => slice(call, 'take'), { unknowns: 'shallow' }),
  fn('tryGet', 2, undefined, tryGet, { unknowns: 'custom' }),
  fn('tryIndexFromEnd', 2, 2, (call) => indexFromEnd(call, true), { unknowns: 'shallow' }),
  fn('union', 1, undefined, union, { unknowns: 'shallow' }),
];
