import { createResource, type Resource } from './resource.js';
import { findKey, isObject, isUnknown, setMember, Unknown, type Value, type ValueObject } from './value.js';

/**
 * What a reference to an id that one input declares several times names: one resource, whose
 * values are those the declarations agree on, and Unknown where they differ. A template may deploy
 * one resource from deployments that nothing orders (whichever finishes last is what exists), and
 * resources whose names are not known share the name written for them; taking the first
 * declaration made verdicts depend on the order resources were written in.
 */
export function mergedDeclarations(declarations: readonly Resource[]): Resource {
  const first = declarations[0] as Resource;
  const reason = `${first.type} '${first.name}' is declared ${declarations.length} times, differently here, and which declaration a reference to it names is not known`;
  const unknown = new Unknown(reason);
  const body = merged(
    declarations.map((declaration) => declaration.body),
    unknown,
  ) as ValueObject;
  if (body === first.body) return first;
  return createResource({
    id: first.id,
    type: first.type,
    name: first.name,
    body,
    input: first.input,
    ...(first.source ? { source: first.source } : {}),
    ...(first.embeddedIn ? { embeddedIn: first.embeddedIn } : {}),
  });
}

/** The values merged: the first where all are the same, objects and lists of one length member by member, otherwise `unknown`. */
function merged(values: readonly Value[], unknown: Unknown): Value {
  const first = values[0] as Value;
  if (values.every((value) => same(value, first))) return first;
  if (values.every(isObject)) {
    const out: ValueObject = {};
    const objects = values as readonly ValueObject[];
    const keys = new Map<string, string>();
    for (const object of objects) for (const key of Object.keys(object)) if (!keys.has(key.toLowerCase())) keys.set(key.toLowerCase(), key);
    for (const key of keys.values()) {
      const members: Value[] = [];
      for (const object of objects) {
        const found = findKey(object, key);
        if (found !== undefined) members.push(object[found] as Value);
      }
      // Absent from some: absent or that value.
      setMember(out, key, members.length === objects.length ? merged(members, unknown) : unknown);
    }
    return out;
  }
  if (values.every(Array.isArray) && values.every((value) => (value as Value[]).length === (first as Value[]).length)) {
    return (first as Value[]).map((_, i) =>
      merged(
        values.map((value) => (value as Value[])[i] as Value),
        unknown,
      ),
    );
  }
  return unknown;
}

/** Equal values: JSON equality (object keys in any order), Unknowns by their reason. */
function same(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (isUnknown(a) || isUnknown(b)) return isUnknown(a) && isUnknown(b) && a.reason === b.reason;
  if (Array.isArray(a) || Array.isArray(b))
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => same(item, b[i] as Value));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && same(a[key] as Value, b[key] as Value));
  }
  return false;
}
