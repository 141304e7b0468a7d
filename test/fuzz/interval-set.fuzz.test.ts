import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IntervalSet } from '../../src/analyses/network/interval-set.js';
import { fuzz } from './settings.js';

/**
 * The interval-set operations every network verdict rests on, against the obvious model: a set
 * of small integers. Ranges are kept sorted, disjoint and not adjacent whatever the operation.
 */

const RANGES = fc.array(fc.tuple(fc.integer({ min: 0, max: 63 }), fc.integer({ min: 0, max: 63 })), { maxLength: 6 });

/**
 * Where the small integers of a test lie: at 0, and around 2^53, where a set's members change from
 * numbers to BigInts (interval-set.ts), so that ranges run across it.
 */
const ORIGINS = [0n, (1n << 53n) - 32n] as const;

function sets(origin: bigint): { setOf: (ranges: [number, number][]) => IntervalSet; members: (set: IntervalSet) => number[] } {
  return {
    setOf: (ranges) => IntervalSet.of(ranges.map(([a, b]) => [origin + BigInt(Math.min(a, b)), origin + BigInt(Math.max(a, b))])),
    members: (set) => {
      const out: number[] = [];
      for (const [lo, hi] of set.ranges) for (let n = Number(lo - origin); n <= Number(hi - origin); n++) out.push(n);
      return out;
    },
  };
}

const { setOf, members } = sets(0n);

function wellFormed(set: IntervalSet): boolean {
  return set.ranges.every(([lo, hi], i) => lo <= hi && (i === 0 || (set.ranges[i - 1] as readonly [bigint, bigint])[1] + 1n < lo));
}

describe('IntervalSet', () => {
  it.each(ORIGINS)('union, intersect and subtract agree with sets of integers and stay well formed (from %s)', (origin) => {
    const { setOf, members } = sets(origin);
    fc.assert(
      fc.property(RANGES, RANGES, RANGES, (ra, rb, rc) => {
        const a = setOf(ra);
        const b = setOf(rb);
        const c = setOf(rc);
        const A = new Set(members(a));
        const B = new Set(members(b));
        for (const [result, expected] of [
          [a.union(b), [...A, ...B]],
          [a.intersect(b), [...A].filter((n) => B.has(n))],
          [a.subtract(b), [...A].filter((n) => !B.has(n))],
          [IntervalSet.unionAll([a, b, c]), [...A, ...B, ...members(c)]],
        ] as const) {
          expect(wellFormed(result)).toBe(true);
          expect(members(result)).toEqual([...new Set(expected)].sort((x, y) => x - y));
        }
        expect(a.overlaps(b)).toBe([...A].some((n) => B.has(n)));
        expect(a.covers(b)).toBe([...B].every((n) => A.has(n)));
        expect(a.union(b).equals(b.union(a))).toBe(true);
        expect(a.size()).toBe(BigInt(A.size));
        for (const n of [0, 31, 32, 63]) expect(a.has(origin + BigInt(n))).toBe(A.has(n));
        expect(IntervalSet.of(a.ranges).equals(a)).toBe(true);
        if (origin === 0n) for (const [lo, hi] of rb) expect(a.overlapsSmallRange(Math.min(lo, hi), Math.max(lo, hi))).toBe(a.overlaps(setOf([[lo, hi]])));
      }),
      fuzz(500),
    );
  });

  it('the union of any number of sets agrees with sets of integers', () => {
    fc.assert(
      fc.property(fc.array(RANGES, { maxLength: 9 }), (many) => {
        const sets = many.map(setOf);
        const result = IntervalSet.unionAll(sets);
        expect(wellFormed(result)).toBe(true);
        expect(members(result)).toEqual([...new Set(sets.flatMap(members))].sort((x, y) => x - y));
      }),
      fuzz(300),
    );
  });

  it('shares one set per value: equal sets give the same object, unequal ones different objects', () => {
    fc.assert(
      fc.property(RANGES, RANGES, (ra, rb) => {
        const a = setOf(ra);
        const b = setOf(rb);
        const sharedA = IntervalSet.shared(a);
        expect(sharedA.equals(a)).toBe(true);
        expect(IntervalSet.shared(setOf(ra))).toBe(sharedA);
        expect(IntervalSet.shared(b) === sharedA).toBe(a.equals(b));
      }),
      fuzz(300),
    );
  });
});
