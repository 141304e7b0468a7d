import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonSyntaxError, parseJson } from '../../src/inputs/json/parse.js';
import { shareRepeatedStrings } from '../../src/inputs/snapshot/share-strings.js';
import { fuzz, timeoutFor } from './settings.js';

/**
 * The positional JSON reader templates go through: on valid JSON it agrees with JSON.parse (own
 * `__proto__` keys included); on anything else it either reads it (it accepts comments and a few
 * other leniencies) or throws JsonSyntaxError with a line and column, never anything else.
 */

/** JSON text with random whitespace between tokens, as people and tools write it. */
const SPACED_JSON = fc.tuple(fc.jsonValue(), fc.constantFrom(undefined, 0, 1, 2, 4, '\t')).map(([value, indent]) => JSON.stringify(value, null, indent));

const KEYS = fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'a', '', 'ü', '\u2028', 'properties');
const HOSTILE_OBJECT = fc.dictionary(KEYS, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }).map((object) => {
  // fc.dictionary builds with defineProperty, so `__proto__` is an own key here, as JSON.parse makes it.
  return JSON.stringify(object);
});

/**
 * Same JSON value: same own keys in the same order, same prototypes, numbers equal by Object.is.
 * (Vitest's equality reads a `constructor` key as the object's class, so it cannot be used here.)
 */
function same(a: unknown, b: unknown): boolean {
  if (typeof a !== typeof b) return false;
  if (a === null || b === null || typeof a !== 'object') return Object.is(a, b);
  if (Array.isArray(a) !== Array.isArray(b) || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const keysA = Object.keys(a as object);
  const keysB = Object.keys(b as object);
  if (keysA.length !== keysB.length || keysA.some((key, i) => key !== keysB[i])) return false;
  const recordA = a as Record<string, unknown>;
  const recordB = b as Record<string, unknown>;
  return keysA.every((key) => same(Object.getOwnPropertyDescriptor(recordA, key)?.value, Object.getOwnPropertyDescriptor(recordB, key)?.value));
}

describe('JSON reader: property-based', () => {
  it(
    'agrees with JSON.parse on valid JSON',
    () => {
      fc.assert(
        fc.property(fc.oneof(SPACED_JSON, fc.json(), HOSTILE_OBJECT), (text) => {
          const ours = parseJson(text).value;
          const theirs: unknown = JSON.parse(text);
          if (!same(ours, theirs)) throw new Error(`differs from JSON.parse on ${text}: ${JSON.stringify(ours)}`);
        }),
        fuzz(300),
      );
    },
    timeoutFor(300, 5),
  );

  it(
    'throws nothing but JsonSyntaxError on arbitrary text, with a line and column inside the text',
    () => {
      const text = fc.oneof(
        fc.string({ maxLength: 80, unit: 'binary' }),
        // Valid JSON cut short or with a byte changed: close to valid, where parsers go wrong.
        fc.tuple(fc.json(), fc.nat(), fc.string({ maxLength: 2 })).map(([json, at, insert]) => {
          const cut = at % (json.length + 1);
          return json.slice(0, cut) + insert + json.slice(cut + 1);
        }),
        fc
          .array(fc.constantFrom('{', '}', '[', ']', ',', ':', '"', '\\', '/*', '*/', '//', '\n', 'true', 'null', '1e999', '-', '0x1', ' '), { maxLength: 30 })
          .map((parts) => parts.join('')),
      );
      fc.assert(
        fc.property(text, (input) => {
          try {
            parseJson(input);
          } catch (error) {
            if (!(error instanceof JsonSyntaxError)) throw error;
            expect(error.line).toBeGreaterThanOrEqual(1);
            expect(error.line).toBeLessThanOrEqual(input.split(/\r\n|\r|\n|\u2028|\u2029/).length + 1);
            expect(error.column).toBeGreaterThanOrEqual(1);
          }
        }),
        fuzz(500),
      );
    },
    timeoutFor(500, 5),
  );

  it('deep nesting is a syntax error, not a stack overflow', () => {
    fc.assert(
      fc.property(fc.integer({ min: 257, max: 200_000 }), fc.constantFrom('[', '{"a":'), (depth, open) => {
        expect(() => parseJson(open.repeat(depth))).toThrow(JsonSyntaxError);
      }),
      fuzz(20),
    );
  });

  it(
    'snapshot string sharing leaves every parsed value as JSON.parse made it',
    () => {
      // Repeated long strings, where sharing happens, inside the usual values and hostile keys.
      const repeated = fc
        .array(fc.oneof(fc.constantFrom('/subscriptions/0000/resourceGroups/rg/providers/x', '10.0.0.0/16,10.1.0.0/16'), fc.jsonValue()), { maxLength: 8 })
        .map((items) => JSON.stringify({ a: items, b: items, c: { items } }));
      fc.assert(
        fc.property(fc.oneof(SPACED_JSON, HOSTILE_OBJECT, repeated), (text) => {
          const shared = shareRepeatedStrings(JSON.parse(text) as unknown);
          if (!same(shared, JSON.parse(text))) throw new Error(`changed ${text}: ${JSON.stringify(shared)}`);
        }),
        fuzz(300),
      );
      const deep = JSON.parse(`${'['.repeat(100_000)}"${'x'.repeat(20)}"${']'.repeat(100_000)}`) as unknown;
      expect(shareRepeatedStrings(deep)).toBe(deep);
    },
    timeoutFor(300, 5),
  );
});
