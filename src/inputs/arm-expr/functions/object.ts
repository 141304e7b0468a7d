/**
 * Object functions (template-functions-object). contains, empty, intersection, length, union and
 * tryGet are shared with arrays (array.ts); json with strings (string.ts).
 */
import { isUnknown, setMember, type Value, type ValueObject } from '../../../model/value.js';
import type { Call, FunctionSpec } from '../types.js';
import { mergeObjects } from './array.js';
import { arrayArg, describeType, fn, objectArg } from './support.js';

/** createObject(key1, value1, …): Unknown values stay members; an Unknown key makes the object Unknown. */
function createObject(call: Call): Value {
  if (call.argCount % 2 !== 0) throw call.error('expects key and value pairs (an even number of arguments)');
  const result: ValueObject = {};
  for (let i = 0; i < call.argCount; i += 2) {
    const key = call.arg(i);
    if (isUnknown(key)) return key;
    if (typeof key !== 'string') throw call.error(`keys must be strings, not ${describeType(key)}`);
    setMember(result, key, call.arg(i + 1));
  }
  return result;
}

/** items(object): [{key, value}], sorted by key as ARM does. */
function items(call: Call): Value {
  const object = objectArg(call, 0);
  return Object.keys(object)
    .sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0))
    .map((key) => ({ key, value: object[key] as Value }));
}

function shallowMerge(call: Call): Value {
  let result: ValueObject = {};
  for (const item of arrayArg(call, 0)) {
    if (isUnknown(item)) return item;
    if (item === null) continue;
    if (typeof item !== 'object' || Array.isArray(item)) throw call.error(`every item must be an object, found ${describeType(item)}`);
    result = mergeObjects(result, item, false);
  }
  return result;
}

export const objectFunctions: readonly FunctionSpec[] = [
  fn('createObject', 0, undefined, createObject, { unknowns: 'custom' }),
  fn('items', 1, 1, items, { unknowns: 'shallow' }),
  fn('null', 0, 0, () => null),
  fn('objectKeys', 1, 1, (call) => Object.keys(objectArg(call, 0)), { unknowns: 'shallow' }),
  fn('shallowMerge', 1, 1, shallowMerge, { unknowns: 'shallow' }),
];
