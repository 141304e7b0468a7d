/** Lambda functions (template-functions-lambda): lambda(...) is only valid as an argument of these. */
import { isUnknown, setMember, type Value, type ValueObject } from '../../../model/value.js';
import type { Call, FunctionSpec } from '../types.js';
import { arrayArg, describeType, fn, objectArg, stringArg } from './support.js';

function filter(call: Call): Value {
  const lambda = call.lambda(1);
  const result: Value[] = [];
  for (const [i, item] of arrayArg(call, 0).entries()) {
    const keep = lambda.invoke(item, i);
    if (isUnknown(keep)) return keep;
    if (typeof keep !== 'boolean') throw call.error(`the predicate must return a boolean, not ${describeType(keep)}`);
    if (keep) result.push(item);
  }
  return result;
}

function map(call: Call): Value {
  const lambda = call.lambda(1);
  return arrayArg(call, 0).map((item, i) => lambda.invoke(item, i));
}

function reduce(call: Call): Value {
  const lambda = call.lambda(2);
  return arrayArg(call, 0).reduce<Value>((current, next, i) => lambda.invoke(current, next, i), call.arg(1));
}

/** Stable merge sort; the lambda answers "does a come before b?". */
function sort(call: Call): Value {
  const lambda = call.lambda(1);
  let pending: Value | undefined;
  const before = (a: Value, b: Value): boolean => {
    const answer = lambda.invoke(a, b);
    if (isUnknown(answer)) {
      pending ??= answer;
      return false;
    }
    if (typeof answer !== 'boolean') throw call.error(`the comparer must return a boolean, not ${describeType(answer)}`);
    return answer;
  };
  const merge = (items: Value[]): Value[] => {
    if (items.length < 2) return items;
    const middle = items.length >> 1;
    const left = merge(items.slice(0, middle));
    const right = merge(items.slice(middle));
    const out: Value[] = [];
    while (left.length && right.length) out.push((before(right[0] as Value, left[0] as Value) ? right : left).shift() as Value);
    return out.concat(left, right);
  };
  const sorted = merge([...arrayArg(call, 0)]);
  return pending ?? sorted;
}

function keyOf(call: Call, key: Value): string | Value {
  if (isUnknown(key)) return key;
  if (typeof key !== 'string') throw call.error(`keys must be strings, not ${describeType(key)}`);
  return key;
}

function toObject(call: Call): Value {
  const keyLambda = call.lambda(1);
  const valueLambda = call.argCount > 2 ? call.lambda(2) : undefined;
  const result: ValueObject = {};
  for (const item of arrayArg(call, 0)) {
    const key = keyOf(call, keyLambda.invoke(item));
    if (typeof key !== 'string') return key;
    setMember(result, key, valueLambda ? valueLambda.invoke(item) : item);
  }
  return result;
}

function groupBy(call: Call): Value {
  const lambda = call.lambda(1);
  const groups = new Map<string, Value[]>();
  for (const item of arrayArg(call, 0)) {
    const key = keyOf(call, lambda.invoke(item));
    if (typeof key !== 'string') return key;
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  const result: ValueObject = {};
  for (const [key, group] of groups) setMember(result, key, group);
  return result;
}

function mapValues(call: Call): Value {
  const lambda = call.lambda(1);
  const result: ValueObject = {};
  for (const [key, value] of Object.entries(objectArg(call, 0))) setMember(result, key, lambda.invoke(value));
  return result;
}

function lambdaVariables(call: Call): Value {
  const name = stringArg(call, 0);
  const variables = call.scope.lambdaVariables;
  if (variables === undefined || !variables.has(name.toLowerCase())) throw call.error(`no lambda variable named '${name}' is in scope`);
  return variables.get(name.toLowerCase()) as Value;
}

const withLambda = (...lambdaArgs: number[]) => ({ unknowns: 'shallow' as const, lambdaArgs });

export const lambdaFunctions: readonly FunctionSpec[] = [
  fn('filter', 2, 2, filter, withLambda(1)),
  fn('groupBy', 2, 2, groupBy, withLambda(1)),
  fn(
    'lambda',
    1,
    undefined,
    (call) => {
      throw call.error('a lambda can only be an argument of filter, groupBy, map, mapValues, reduce, sort or toObject');
    },
    { unknowns: 'custom' },
  ),
  fn('lambdaVariables', 1, 1, lambdaVariables),
  fn('map', 2, 2, map, withLambda(1)),
  fn('mapValues', 2, 2, mapValues, withLambda(1)),
  fn('reduce', 3, 3, reduce, withLambda(2)),
  fn('sort', 2, 2, sort, withLambda(1)),
  fn('toObject', 2, 3, toObject, withLambda(1, 2)),
];
