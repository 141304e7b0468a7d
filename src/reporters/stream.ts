/**
 * Streamed report text: a reporter yields its text in chunks, so a report of any size is written
 * with bounded extra memory (one evaluation at a time), never built as one string — V8 caps a
 * string at 512 MB, which a 50,000-VM estate's JSON report passes. `joinChunks` gives the whole
 * string back for the library API and tests; `cli/write-report.ts` writes the chunks out.
 */

/** An array serialised one element at a time; `items` is called again for each pass. */
export class LazyArray<T = unknown> {
  constructor(readonly items: () => Iterable<T>) {}

  /** So `JSON.stringify` of a value holding one gives the same text as `jsonChunks`. */
  toJSON(): T[] {
    return [...this.items()];
  }
}

export function lazyArray<T>(items: () => Iterable<T>): LazyArray<T> {
  return new LazyArray(items);
}

/**
 * Exactly the text of `JSON.stringify(value, null, 2)`, in chunks: the structure around each
 * {@link LazyArray} is written piece by piece, and each of its elements is stringified on its own
 * (an element is never looked into for further lazy arrays). `indent` is the current indentation.
 */
export function* jsonChunks(value: unknown, indent = ''): Generator<string, void, undefined> {
  if (value instanceof LazyArray) {
    const inner = indent + '  ';
    let first = true;
    const depth = inner.length / 2;
    for (const item of value.items()) {
      yield (first ? '[\n' : ',\n') + inner + stringifyAt(item, depth);
      first = false;
    }
    yield first ? '[]' : '\n' + indent + ']';
    return;
  }
  if (value === null || typeof value !== 'object' || !containsLazy(value)) {
    const text = JSON.stringify(value, null, 2);
    if (text !== undefined) yield reindent(text, indent);
    return;
  }
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      yield (index === 0 ? '[\n' : ',\n') + inner;
      const item: unknown = value[index];
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') yield 'null';
      else yield* jsonChunks(item, inner);
    }
    yield '\n' + indent + ']';
    return;
  }
  let first = true;
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
    yield (first ? '{\n' : ',\n') + inner + JSON.stringify(key) + ': ';
    first = false;
    yield* jsonChunks(item, inner);
  }
  yield first ? '{}' : '\n' + indent + '}';
}

/** Whether a plain array or object holds a lazy array (plain values only; anything with `toJSON` is left to it). */
function containsLazy(value: object): boolean {
  if (value instanceof LazyArray) return true;
  if (Array.isArray(value)) return value.some((item) => typeof item === 'object' && item !== null && containsLazy(item));
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return false;
  return Object.values(value).some((item) => typeof item === 'object' && item !== null && containsLazy(item));
}

/**
 * `JSON.stringify(item, null, 2)` indented `depth` steps, as an array element at that depth: the
 * item is wrapped in `depth` arrays, which JSON.stringify indents as it writes, and cut out of the
 * wrapper's text. (Re-indenting the item's own text was a second pass over every line of a report
 * of gigabytes.)
 */
function stringifyAt(item: unknown, depth: number): string {
  const text = JSON.stringify(nested(item, depth), null, 2);
  const { prefix, suffix } = wrapperOf(depth);
  return text.slice(prefix, text.length - suffix);
}

/** `value` inside `depth` arrays of one element. */
function nested(value: unknown, depth: number): unknown {
  let wrapped = value;
  for (let k = 0; k < depth; k++) wrapped = [wrapped];
  return wrapped;
}

/** The lengths of the text `depth` nested arrays put before and after their one element. */
function wrapperOf(depth: number): { prefix: number; suffix: number } {
  let found = wrappers[depth];
  if (found === undefined) {
    const text = JSON.stringify(nested(0, depth), null, 2);
    const prefix = text.indexOf('0');
    found = { prefix, suffix: text.length - prefix - 1 };
    wrappers[depth] = found;
  }
  return found;
}

const wrappers: { prefix: number; suffix: number }[] = [];

/** JSON text never holds a raw line break inside a string, so every `\n` starts an indented line. */
function reindent(text: string, indent: string): string {
  return indent === '' ? text : text.replaceAll('\n', '\n' + indent);
}

/** The whole text; for reports known to be small (tests, the library's string API). */
export function joinChunks(chunks: Iterable<string>): string {
  let text = '';
  for (const chunk of chunks) text += chunk;
  return text;
}

/** Gathers small chunks into pieces of about `size` characters, so a writer makes few calls. */
export function* batched(chunks: Iterable<string>, size = 1 << 16): Generator<string, void, undefined> {
  let pending: string[] = [];
  let length = 0;
  for (const chunk of chunks) {
    pending.push(chunk);
    length += chunk.length;
    if (length >= size) {
      yield pending.join('');
      pending = [];
      length = 0;
    }
  }
  if (length > 0) yield pending.join('');
}
