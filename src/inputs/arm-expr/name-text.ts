import { isUnknown, Unknown, type Value } from '../../model/value.js';

/**
 * The text a value not known stands as in a resource name or id: one placeholder per source (a
 * parameter without a value is `[parameters('vmName')]` wherever it is used in the template), known
 * text as it is. A VM named by a parameter and its extension named `format('{0}/{1}', …)` from it
 * then get ids that nest, and `resourceId()` of the same parameter names the same resource.
 *
 * Only Unknowns whose text is known to be exactly that are marked: a source, or text joined by
 * `concat()` / `format()` from marked parts. The evaluator hands on a marked Unknown unchanged only
 * where the value is the same (`parameters()`, `variables()`, `string()`, `toLower()`,
 * `toUpper()`, `if()` with a condition known); anything else made from it (`take()`, `if()` with an
 * unknown condition, a property) is a copy without the mark, and a name with such a part keeps its
 * expression text, as before.
 */

/** Sources: the placeholder, free of `/` (ids split on it). */
const sources = new WeakMap<Unknown, string>();
/** Text joined exactly from these parts. */
const joins = new WeakMap<Unknown, readonly (string | Unknown)[]>();
/** Unknowns that stand for a resource id with placeholders in it (`resourceId()` of a name not known). */
const ids = new WeakMap<Unknown, string>();

/** Placeholder text at most, and parts visited at most, per rendering: text joined from itself doubles at each step. */
const MAX_TEXT = 4096;
const MAX_PARTS = 1000;

/** Marks `value` as the source `text` stands for (a parameter without a value), unless it is marked already. */
export function markSource(value: Unknown, text: string): Unknown {
  if (!isMarked(value)) sources.set(value, text.replaceAll('/', '%2F'));
  return value;
}

/** Marks `value`, when it is Unknown, as the text joined exactly from `parts`. */
export function markJoin(value: Value, parts: readonly (string | Unknown)[]): Value {
  if (isUnknown(value) && !isMarked(value)) joins.set(value, parts);
  return value;
}

/** An Unknown that stands for the resource id `id`, written with placeholders. */
export function markId(value: Unknown, id: string): Unknown {
  ids.set(value, id);
  return value;
}

export function isMarked(value: Unknown): boolean {
  return sources.has(value) || joins.has(value) || ids.has(value);
}

/** The value, or, when it is a marked Unknown, an unmarked copy: what is made from a value need not be the value. */
export function unmarked(value: Value): Value {
  return isUnknown(value) && isMarked(value) ? copyOf(value) : value;
}

/** A new Unknown with the same reason, origin and facts, and no mark. */
export function copyOf(value: Unknown): Unknown {
  const { deployed, credential, stateOf, pieces } = value;
  return new Unknown(value.reason, value.origin, {
    ...(deployed ? { deployed } : {}),
    ...(credential !== undefined ? { credential } : {}),
    ...(stateOf !== undefined ? { stateOf } : {}),
    ...(pieces ? { pieces } : {}),
  });
}

/** The placeholder text of a marked Unknown (a source, or text joined from sources and known text); undefined when some part is not marked. */
export function placeholderText(value: Unknown): string | undefined {
  let out = '';
  let parts = 0;
  const render = (part: string | Unknown): boolean => {
    if (++parts > MAX_PARTS) return false;
    if (typeof part === 'string') out += part;
    else {
      const source = sources.get(part) ?? ids.get(part);
      if (source !== undefined) out += source;
      else {
        const joined = joins.get(part);
        if (joined === undefined) return false;
        for (const inner of joined) if (!render(inner)) return false;
      }
    }
    return out.length <= MAX_TEXT;
  };
  return render(value) ? out : undefined;
}

/**
 * The resource id, with placeholders, an Unknown stands for: one made by `resourceId()` of a name
 * not known, or text joined from one (`concat(resourceId(…), '/backendAddressPools/pool1')`) or
 * from known text and placeholders that reads as an id.
 */
export function placeholderId(value: Unknown): string | undefined {
  const id = ids.get(value);
  if (id !== undefined) return id;
  const text = joins.has(value) ? placeholderText(value) : undefined;
  return text?.startsWith('/') ? text : undefined;
}
