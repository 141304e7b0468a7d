import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalId, decodeSnapshotBytes, isCanonicalId } from '../../src/inputs/snapshot/read.js';
import { formatResourceId, parentId, parseResourceId, resourceTypeAndName, sameType } from '../../src/model/resource-id.js';
import { findKey, isObject, isUnknown, lookup, Unknown, valueAt, type Value } from '../../src/model/value.js';
import { fuzz } from './settings.js';

/** parentId as first written (parse, then format the parent): the fast version must agree on every id. */
function referenceParentId(id: string): string | undefined {
  const parsed = parseResourceId(id);
  if (!parsed) return undefined;
  const typeSegments = parsed.type.split('/');
  if (typeSegments.length <= 2) return undefined;
  return formatResourceId(parsed.scope, typeSegments.slice(0, -1).join('/'), parsed.name.split('/').slice(0, -1).join('/'));
}

const SEGMENT = fc.oneof(
  fc.constantFrom(
    'subscriptions',
    'resourceGroups',
    'providers',
    'Providers',
    'PROVIDERS',
    'Microsoft.Network',
    'virtualNetworks',
    'subnets',
    'vnet',
    'x',
    'a b',
    '',
    '..',
    'SUBSCRIPTIONS',
    'resourcegroups',
    'ResourceGroups',
    'pRoViDeRs',
    'provİders',
    ' x',
    'x ',
    '\u00a0',
  ),
  fc.string({ maxLength: 8 }),
);

/** Ids as written anywhere: segments, with or without a leading and a trailing slash. */
const ID = fc
  .tuple(fc.array(SEGMENT, { maxLength: 14 }), fc.boolean(), fc.boolean())
  .map(([segments, leading, trailing]) => (leading ? '/' : '') + segments.join('/') + (trailing ? '/' : ''));

describe('snapshot decoding: property-based', () => {
  it('decodes UTF-8 exactly as TextDecoder did: invalid bytes, byte-order marks and all', () => {
    const tricky = fc.constantFrom(0xef, 0xbb, 0xbf, 0xc0, 0xc1, 0xc2, 0xe0, 0xed, 0xf0, 0xf4, 0xf5, 0xff, 0x80, 0xa0, 0x00, 0x7f, 0x41);
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 24 }),
      fc.array(tricky, { maxLength: 24 }).map((list) => Uint8Array.from(list)),
    );
    fc.assert(
      fc.property(bytes, (data) => {
        // gzip and UTF-16 byte-order marks take other branches.
        fc.pre(!(data[0] === 0x1f && data[1] === 0x8b) && !(data[0] === 0xff && data[1] === 0xfe) && !(data[0] === 0xfe && data[1] === 0xff));
        expect(decodeSnapshotBytes(data)).toBe(new TextDecoder('utf-8').decode(data).replace(/^\uFEFF/, ''));
      }),
      fuzz(3000),
    );
  });
});

describe('resource ids: property-based', () => {
  it('parentId agrees with parsing and formatting the parent', () => {
    fc.assert(
      fc.property(ID, (id) => {
        expect(parentId(id)).toBe(referenceParentId(id));
      }),
      fuzz(2000),
    );
  });

  it('resourceTypeAndName agrees with parseResourceId', () => {
    fc.assert(
      fc.property(ID, (id) => {
        const parsed = parseResourceId(id);
        expect(resourceTypeAndName(id)).toEqual(parsed ? { type: parsed.type, name: parsed.name } : undefined);
      }),
      fuzz(2000),
    );
  });

  it('isCanonicalId says true only of ids canonicalId leaves as they are, and of all plainly written ones', () => {
    fc.assert(
      fc.property(ID, (id) => {
        const canonical = canonicalId(id);
        if (isCanonicalId(id)) expect(canonical).toBe(id);
        // Every canonical id in plain ASCII is recognised as such (no needless slow path).
        if (canonical.length > 1 && /^[\x21-\x7e]$/.test(canonical.slice(-1))) expect(isCanonicalId(canonical)).toBe(true);
      }),
      fuzz(2000),
    );
  });
});

describe('types compared ignoring case: property-based', () => {
  // Mostly the same string in two spellings of case, with now and then a character changed,
  // including letters whose lower case is not ASCII (İ, K, ſ) and ones with no case.
  const CHARS = fc.constantFrom(...'aAzZ/.-_[{@`İiıKkſsSé É0'.split(''));
  const SPELLING = fc.array(CHARS, { maxLength: 12 }).map((chars) => chars.join(''));
  const PAIR = fc.tuple(SPELLING, fc.array(fc.boolean(), { maxLength: 12 }), fc.option(fc.tuple(fc.nat(), CHARS))).map(([text, upper, change]) => {
    let other = [...text].map((char, i) => (upper[i] ? char.toUpperCase() : char.toLowerCase())).join('');
    if (change) {
      const [at, char] = change;
      const chars = [...other];
      if (chars.length > 0) chars[at % chars.length] = char;
      other = chars.join('');
    }
    return [text, other] as const;
  });

  it('sameType agrees with comparing toLowerCase copies', () => {
    fc.assert(
      fc.property(fc.oneof(PAIR, fc.tuple(fc.string(), fc.string())), ([a, b]) => {
        expect(sameType(a, b)).toBe(a.toLowerCase() === b.toLowerCase());
      }),
      fuzz(5000),
    );
  });
});

/** Path lookup as first written (a test for Unknown, null and a non-object at every step): the faster walk must agree. */
function referenceLookup(root: Value | undefined, path: readonly (string | number)[]): { value: Value | undefined; pointer: string } {
  let value: Value | undefined = root;
  let pointer = '';
  for (const step of path) {
    if (value === undefined || value === null || isUnknown(value)) break;
    if (typeof step === 'number') {
      if (!Array.isArray(value) || step >= value.length) return { value: undefined, pointer };
      value = value[step];
      pointer += `/${step}`;
      continue;
    }
    if (!isObject(value)) return { value: undefined, pointer };
    const key = findKey(value, step);
    if (key === undefined) return { value: undefined, pointer };
    value = value[key];
    pointer += `/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
  }
  return { value: value ?? undefined, pointer };
}

describe('value paths: property-based', () => {
  const KEY = fc.constantFrom('a', 'A', 'b', 'id', 'Id', 'x/y', '~');
  const VALUE = fc.letrec<{ value: Value }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom<Value>(null, true, 0, 'text', new Unknown('cannot know')),
      fc.array(tie('value'), { maxLength: 3 }),
      fc.dictionary(KEY, tie('value'), { maxKeys: 3 }),
    ),
  })).value;
  const PATH = fc.array(fc.oneof(KEY, fc.nat({ max: 3 })), { maxLength: 5 });

  it('lookup and valueAt agree with the step-by-step walk on any value and path', () => {
    fc.assert(
      fc.property(VALUE, PATH, (root, path) => {
        const expected = referenceLookup(root, path);
        expect(lookup(root, path)).toEqual(expected);
        expect(valueAt(root, path)).toBe(expected.value);
      }),
      fuzz(3000),
    );
  });
});
