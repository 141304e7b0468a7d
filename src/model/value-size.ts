import { isUnknown, type Value } from './value.js';

/**
 * How much one value from a template or configuration may hold. Values share their parts: a few
 * lines of `createArray(variables('w'), variables('w'), …)` or `[for x in local.w : local.w]` make a
 * list of ten billion numbers, and whatever reads it in full (counting its unknowns, looking for
 * secrets, writing it as text) would not finish. A value is measured as a tree, shared parts once
 * per place they appear, and a string weighs one plus one per 64 characters.
 */
export const MAX_VALUE_SIZE = 1_000_000;

/** Exact sizes of the values measured so far, up to the limit. */
const sizes = new WeakMap<object, number>();

/**
 * The size of a value as a tree. Counting stops once past `cap`: the answer is then more than
 * `cap`, not the size. A value measured once is not measured again, so the values built from
 * other values cost a step per member.
 */
export function valueSize(value: Value, cap = MAX_VALUE_SIZE): number {
  if (typeof value === 'string') return 1 + (value.length >> 6);
  if (value === null || typeof value !== 'object' || isUnknown(value)) return 1;
  const known = sizes.get(value);
  if (known !== undefined) return known;
  let size = 1;
  for (const member of Array.isArray(value) ? value : Object.values(value)) {
    size += valueSize(member as Value, cap - size);
    if (size > cap) return size;
  }
  if (size <= MAX_VALUE_SIZE) sizes.set(value, size);
  return size;
}
