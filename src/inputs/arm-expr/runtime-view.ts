import { isObject, isUnknown, setMember, Unknown, type Value, type ValueObject } from '../../model/value.js';

/**
 * What `reference()` returns for a resource the template itself deploys: the values the template
 * gives it, inside objects and arrays that stand for the deployed resource. A deployed resource
 * holds more than its template says (`provisioningState`, a public IP's `ipAddress`, subnets made
 * by other resources), so a member or item the template does not give is Unknown rather than an
 * error. Functions that list an object's members (`contains`, `items`, `length`) see the members
 * the template gives.
 */

const openValues = new WeakMap<object, string>();

/** Deeper than this, a copied value is Unknown (templates are read 256 levels deep). */
const MAX_COPY_DEPTH = 512;

/** A copy of `value` whose objects and arrays answer an absent member or item with Unknown; `target` names the reference in reasons. */
export function runtimeView(value: Value, target: string): Value {
  return copy(value, `reference() to '${target}'`, 0);
}

function copy(value: Value, reference: string, depth: number): Value {
  if (value === null || typeof value !== 'object' || isUnknown(value)) return value;
  if (depth > MAX_COPY_DEPTH) return new Unknown(`${reference} is nested too deeply to read`);
  if (Array.isArray(value)) {
    const items = value.map((item) => copy(item, reference, depth + 1));
    openValues.set(items, reference);
    return items;
  }
  const out: ValueObject = {};
  for (const key of Object.keys(value)) setMember(out, key, copy(value[key] as Value, reference, depth + 1));
  openValues.set(out, reference);
  return out;
}

/** For a member or item `what` that `container` lacks: Unknown when the container stands for deployed state, else undefined. */
export function absentFromRuntime(container: Value, what: string): Unknown | undefined {
  if (!isObject(container) && !Array.isArray(container)) return undefined;
  const reference = openValues.get(container);
  return reference === undefined ? undefined : new Unknown(`${what} of ${reference} is only known at deployment`);
}
