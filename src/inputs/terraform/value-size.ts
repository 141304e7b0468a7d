import { MAX_VALUE_SIZE, valueSize } from '../../model/value-size.js';
import { Unknown, type Value, type ValueObject } from '../../model/value.js';

/** The longest string a template may make (a string alone at the size limit of a value). */
export const MAX_STRING_LENGTH = MAX_VALUE_SIZE * 64;

/** The value, or an Unknown saying it is too large to read (`MAX_VALUE_SIZE`, shared parts counted where they appear). */
export function bounded(value: Value, what: string): Value {
  return valueSize(value) > MAX_VALUE_SIZE
    ? new Unknown(`${what} is too large to read (over ${MAX_VALUE_SIZE} values, shared parts counted where they appear)`)
    : value;
}

/**
 * Keeps a resource's attributes within the size limit all together: in order, an attribute that
 * would take the total past it is made Unknown. Returns the total, which the caller charges to
 * the evaluation budget (whatever reads a resource reads all of it).
 */
export function boundAttributes(attributes: ValueObject, address: string): number {
  let total = 1;
  for (const key of Object.keys(attributes)) {
    const size = valueSize(attributes[key] as Value);
    if (size > 1 && total + size > MAX_VALUE_SIZE) {
      attributes[key] = new Unknown(`${address}.${key} is too large to read (the resource's attributes are over ${MAX_VALUE_SIZE} values)`);
      total += 1;
    } else total += size;
  }
  return total;
}
