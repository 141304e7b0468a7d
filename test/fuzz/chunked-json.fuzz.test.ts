import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { ChunkedJsonReader } from '../../src/inputs/json/chunked.js';
import { fuzz, timeoutFor } from './settings.js';

/**
 * The chunked reader large snapshots go through: whatever the text and wherever it is cut into
 * chunks, it gives what JSON.parse gives on the whole text (the same value, own `__proto__` keys
 * included), or an error inside the text when JSON.parse throws.
 */

const KEYS = fc.constantFrom('__proto__', 'constructor', 'resources', 'data', 'value', 'a', '', 'ü', '\u2028', '"', '\\');
/** Snapshot-like documents: a top-level object whose members are often arrays of objects, or a top-level array. */
const DOCUMENT = fc.oneof(
  fc.jsonValue(),
  fc.dictionary(KEYS, fc.oneof(fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 6 }), fc.jsonValue({ maxDepth: 2 })), { maxKeys: 5 }),
  fc.array(fc.dictionary(KEYS, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }), { maxLength: 6 }),
);
/** Its text, as tools write it: compact, indented, with a byte-order mark, with non-ASCII strings. */
const TEXT = fc
  .tuple(DOCUMENT, fc.constantFrom(undefined, 0, 2, '\t'), fc.boolean(), fc.constantFrom('', ' ', '\n', ' \r\n\t'))
  .map(([value, indent, bom, around]) => `${bom ? '\uFEFF' : ''}${around}${JSON.stringify(value, null, indent)}${around}`);

/**
 * Documents written as snapshots are, a resource row a line (`},` and a line break between rows),
 * which the reader parses a run of rows at a time; rows written over several lines among them.
 */
const ROWS = fc.array(fc.dictionary(KEYS, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }), { maxLength: 12 });
const LINES = fc.tuple(ROWS, fc.constantFrom('\n', ',\n', '\n  '), fc.nat({ max: 12 }), fc.boolean()).map(([rows, after, indented, top]) => {
  const lines = rows.map((row, i) => JSON.stringify(row, null, i === indented ? 2 : undefined)).join(',\n');
  return top ? `[${after}${lines}\n]` : `{"format": 1, "resources": [${after}${lines}\n], "other": [${lines}]}`;
});
const BROKEN_LINES = fc.tuple(LINES, fc.nat(), fc.nat({ max: 3 }), fc.string({ maxLength: 2, unit: 'binary' })).map(([text, at, remove, insert]) => {
  const cut = at % (text.length + 1);
  return text.slice(0, cut) + insert + text.slice(cut + remove);
});
/** Chunks large enough to hold several rows. */
const LARGE_CUTS = fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 5 });

/** Texts close to JSON: a valid one with a few bytes changed, removed or added, or tokens thrown together. */
const BROKEN = fc.oneof(
  fc.tuple(TEXT, fc.nat(), fc.nat({ max: 3 }), fc.string({ maxLength: 2, unit: 'binary' })).map(([text, at, remove, insert]) => {
    const cut = at % (text.length + 1);
    return text.slice(0, cut) + insert + text.slice(cut + remove);
  }),
  fc
    .array(fc.constantFrom('{', '}', '[', ']', ',', ':', '"', '\\', '"a"', 'true', 'null', '1', '-', ' ', '\n', '\u00e9'), { maxLength: 30 })
    .map((parts) => parts.join('')),
);

/** Sizes to cut the bytes into, used in turn (so cuts fall inside strings, escapes and characters). */
const CUTS = fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 5 });

function readChunked(bytes: Uint8Array, cuts: readonly number[]): ReturnType<ChunkedJsonReader['end']> {
  const reader = new ChunkedJsonReader();
  // A reused buffer, as the snapshot reader feeds it: the reader may keep nothing of a chunk it was given.
  const buffer = new Uint8Array(Math.max(...cuts));
  for (let at = 0, turn = 0; at < bytes.length; turn++) {
    const size = Math.min(cuts[turn % cuts.length] as number, bytes.length - at);
    buffer.set(bytes.subarray(at, at + size));
    at += size;
    if (!reader.feed(buffer.subarray(0, size))) break;
    buffer.fill(0x7b);
  }
  return reader.end();
}

function whole(bytes: Uint8Array): { value: unknown } | { error: unknown } {
  try {
    return { value: JSON.parse(new TextDecoder().decode(bytes)) as unknown };
  } catch (error) {
    return { error };
  }
}

function expectAgreement(text: string, cuts: readonly number[]): void {
  const bytes = new TextEncoder().encode(text);
  const ours = readChunked(bytes, cuts);
  const theirs = whole(bytes);
  if ('value' in theirs) {
    if (!('value' in ours)) throw new Error(`JSON.parse reads ${JSON.stringify(text)}, the chunked reader says ${ours.error.message}`);
    // isDeepStrictEqual compares own keys, prototypes and -0, so an own `__proto__` counts too.
    if (!isDeepStrictEqual(ours.value, theirs.value)) throw new Error(`differs on ${JSON.stringify(text)}: ${JSON.stringify(ours.value)}`);
  } else {
    if (!('error' in ours)) throw new Error(`JSON.parse refuses ${JSON.stringify(text)}, the chunked reader reads it`);
    expect(ours.error.offset).toBeGreaterThanOrEqual(0);
    expect(ours.error.offset).toBeLessThanOrEqual(bytes.length);
  }
}

describe('chunked JSON reader: property-based', () => {
  it('gives what JSON.parse gives on valid JSON, cut anywhere', () => fc.assert(fc.property(TEXT, CUTS, expectAgreement), fuzz(500)), timeoutFor(500, 5));

  it(
    'refuses what JSON.parse refuses, cut anywhere, with the place inside the text',
    () => fc.assert(fc.property(BROKEN, CUTS, expectAgreement), fuzz(1000)),
    timeoutFor(1000, 5),
  );

  it(
    'rows written a line each: read as JSON.parse reads them, valid or not, cut anywhere',
    () => fc.assert(fc.property(fc.oneof(LINES, BROKEN_LINES), fc.oneof(CUTS, LARGE_CUTS), expectAgreement), fuzz(1000)),
    timeoutFor(1000, 5),
  );

  it('rows written a line each are parsed a run at a time, and a row over several lines ends that', () => {
    const rows = Array.from({ length: 50 }, (_, i) => ({ id: `/r/${i}`, properties: { n: i } }));
    const parse = vi.spyOn(JSON, 'parse');
    try {
      const oneALine = readChunked(new TextEncoder().encode(`{"resources": [\n${rows.map((row) => JSON.stringify(row)).join(',\n')}\n]}`), [100_000]);
      expect(oneALine).toEqual({ value: { resources: rows } });
      expect(parse.mock.calls.length).toBeLessThan(5);
      parse.mockClear();
      // Indented, the last `},` and line break ends an object inside the last row.
      const nested = rows.map(({ id, properties }) => ({ properties, id }));
      const indented = readChunked(new TextEncoder().encode(JSON.stringify({ resources: nested }, null, 2)), [100_000]);
      expect(indented).toEqual({ value: { resources: nested } });
      expect(parse.mock.calls.length).toBeGreaterThan(rows.length);
    } finally {
      parse.mockRestore();
    }
  });

  it('a syntax error deep in rows written a line each is placed where JSON.parse stops, as row by row', () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => JSON.stringify({ id: `/r/${i}`, properties: { n: i, name: `vm-${i}` } }));
    rows[15_000] = '{"id": "/r/15000", "properties": {"n": 15000 "name": "vm-15000"}}';
    const text = `{"resources": [\n${rows.join(',\n')}\n]}`;
    const result = readChunked(new TextEncoder().encode(text), [65_536]);
    expect(result).toEqual({
      error: { kind: 'syntax', message: "Expected ',' or '}' after property value in JSON", offset: text.indexOf('"name": "vm-15000"') },
    });
  });

  it('examples: __proto__ members, repeated keys, a lone scalar, trailing commas, a cut UTF-8 character', () => {
    for (const text of [
      '{"__proto__": [1, {"__proto__": 2}], "a": 1}',
      '{"a": [1], "b": 2, "a": [3]}',
      ' -0 ',
      '"\\"]"',
      '[1,]',
      '{"a": 1,}',
      '{"a" 1}',
      '[1 2]',
      '{"é": ["ü", "\\\\"]}',
      '[] []',
      '',
    ]) {
      for (const cuts of [[1], [2], [3], [100]]) expectAgreement(text, cuts);
    }
    const value = (readChunked(new TextEncoder().encode('{"__proto__": [1]}'), [4]) as { value: object }).value;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(value, '__proto__')?.value).toEqual([1]);
  });

  it('each element is handed to eachValue as it is read, and what it returns is kept', () => {
    const seen: unknown[] = [];
    const reader = new ChunkedJsonReader({ eachValue: (value) => (seen.push(value), typeof value === 'number' ? value * 10 : value) });
    reader.feed(new TextEncoder().encode('{"resources": [1, 2, {"x": 3}], "other": 4, "name": "n"}'));
    expect(reader.end()).toEqual({ value: { resources: [10, 20, { x: 3 }], other: 40, name: 'n' } });
    expect(seen).toEqual([1, 2, { x: 3 }, 4, 'n']);
  });

  it('the place of an error is the byte where JSON.parse stops, in the element where it is', () => {
    const text = '{\n  "resources": [\n    {"id": "a"},\n    {"id": "b" "type": 1}\n  ]\n}';
    const result = readChunked(new TextEncoder().encode(text), [5]);
    expect(result).toEqual({ error: { kind: 'syntax', message: "Expected ',' or '}' after property value in JSON", offset: text.indexOf('"type"') } });
  });
});
