type Range = readonly [bigint, bigint];

/**
 * Members below this are kept as numbers, members from it on as BigInt. Ports, IPv4 addresses and
 * service tags lie below it (addresses.ts), IPv6 above: most of the network analysis's work is on
 * the first, where a comparison of numbers costs a fraction of a comparison of BigInts and `hi + 1`
 * allocates nothing.
 */
const CUT = 2 ** 53;
const BIG_CUT = 1n << 53n;

/** The part of every set without members on its side of 2^53 (most sets have one). */
const EMPTY_LOW: readonly number[] = [];
const EMPTY_HIGH: readonly bigint[] = [];

/**
 * Sets of integers kept as sorted, disjoint, non-adjacent inclusive ranges, so the same code serves
 * ports (0–65535) and addresses (IPv4, service-tag pseudo-addresses and 128-bit IPv6). Never an
 * enumeration: `0.0.0.0/0` is one range.
 *
 * The ranges are stored flat (`lo0, hi0, lo1, hi1, …`) in two arrays of exactly their length: the
 * part below 2^53 as numbers (`low`), the rest as BigInts (`high`); a range across 2^53 is kept
 * as one in each. A large estate keeps hundreds of thousands of sets, and a pair array per range
 * with the slack a growing array keeps was most of the network analysis's memory.
 */
export class IntervalSet {
  static readonly EMPTY = new IntervalSet(EMPTY_LOW, EMPTY_HIGH);

  /** The kept set equal to this one, once `shared` has been asked about it (itself when it is the kept one). */
  private keptAs: IntervalSet | undefined = undefined;

  private constructor(
    private readonly low: readonly number[],
    private readonly high: readonly bigint[],
  ) {}

  /**
   * A set from parts already sorted, disjoint and non-adjacent, each an argument's own part or a
   * new array of exactly its length; `a` or `b` itself when the parts are theirs.
   */
  private static from(low: readonly number[], high: readonly bigint[], a: IntervalSet, b?: IntervalSet): IntervalSet {
    if (low === a.low && high === a.high) return a;
    if (b !== undefined && low === b.low && high === b.high) return b;
    return low.length === 0 && high.length === 0 ? IntervalSet.EMPTY : new IntervalSet(low, high);
  }

  static of(ranges: readonly Range[]): IntervalSet {
    // Pairs read by index, not destructured: destructuring goes through an iterator per pair.
    const low: [number, number][] = [];
    const high: [bigint, bigint][] = [];
    for (let i = 0; i < ranges.length; i++) {
      const range = ranges[i] as Range;
      const lo = range[0];
      const hi = range[1];
      if (lo > hi) continue;
      if (lo < BIG_CUT) low.push([Number(lo), hi < BIG_CUT ? Number(hi) : CUT - 1]);
      if (hi >= BIG_CUT) high.push([lo < BIG_CUT ? BIG_CUT : lo, hi]);
    }
    low.sort((a, b) => a[0] - b[0]);
    high.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const lowOut: number[] = [];
    for (let i = 0; i < low.length; i++) {
      const lo = (low[i] as [number, number])[0];
      const hi = (low[i] as [number, number])[1];
      const last = lowOut.length - 1;
      if (last > 0 && lo <= (lowOut[last] as number) + 1) {
        if (hi > (lowOut[last] as number)) lowOut[last] = hi;
      } else lowOut.push(lo, hi);
    }
    const highOut: bigint[] = [];
    for (let i = 0; i < high.length; i++) {
      const lo = (high[i] as [bigint, bigint])[0];
      const hi = (high[i] as [bigint, bigint])[1];
      const last = highOut.length - 1;
      if (last > 0 && lo <= (highOut[last] as bigint) + 1n) {
        if (hi > (highOut[last] as bigint)) highOut[last] = hi;
      } else highOut.push(lo, hi);
    }
    return IntervalSet.from(exactLow(lowOut), exactHigh(highOut), IntervalSet.EMPTY);
  }

  static range(lo: bigint | number, hi: bigint | number): IntervalSet {
    if (typeof lo === 'number' && typeof hi === 'number' && Number.isSafeInteger(lo) && Number.isSafeInteger(hi) && lo >= 0) {
      return lo <= hi ? new IntervalSet([lo, hi], EMPTY_HIGH) : IntervalSet.EMPTY;
    }
    return IntervalSet.of([[BigInt(lo), BigInt(hi)]]);
  }

  /**
   * The one kept set equal to `set` (`set` itself the first time). Results that are kept (flows,
   * segments) go through it: on the 10,000-VM estate they are 160,000 sets with 5,300 distinct
   * values. Entries are weak, so the table never keeps a set alive.
   */
  static shared(set: IntervalSet): IntervalSet {
    if (set.isEmpty()) return IntervalSet.EMPTY;
    // The kept set itself comes back often (a flow's ports passed on unchanged), and so does a set
    // already found equal to a kept one (a rule's sources, once per port run): nothing to look up.
    const known = set.keptAs;
    if (known !== undefined) return known;
    // A number from the bounds, then the sets kept under it compared: spelling each set as a
    // string key was a string per bound and per set, hundreds of thousands of them.
    const { low, high } = set;
    let hash = low.length + high.length * 31;
    for (let i = 0; i < low.length; i++) {
      const bound = low[i] as number;
      hash = Math.imul(hash ^ (bound >>> 0) ^ Math.floor(bound / 0x100000000), 0x9e3779b1) ^ (hash >>> 15);
    }
    for (let i = 0; i < high.length; i++) hash = Math.imul(hash ^ boundNumber(high[i] as bigint), 0x9e3779b1) ^ (hash >>> 15);
    const bucket = kept.get(hash);
    if (bucket !== undefined) {
      for (let i = 0; i < bucket.length; i++) {
        const found = (bucket[i] as WeakRef<IntervalSet>).deref();
        if (found !== undefined && found.equals(set)) {
          set.keptAs = found;
          return found;
        }
      }
      bucket.push(new WeakRef(set));
    } else kept.set(hash, [new WeakRef(set)]);
    set.keptAs = set;
    forgotten.register(set, hash);
    return set;
  }

  /** The ranges as `[lo, hi]` pairs (made when read). */
  get ranges(): Range[] {
    const { low, high } = this;
    const out: [bigint, bigint][] = [];
    for (let i = 0; i < low.length; i += 2) out.push([BigInt(low[i] as number), BigInt(low[i + 1] as number)]);
    for (let i = 0; i < high.length; i += 2) {
      const last = out[out.length - 1];
      // A range across 2^53 is kept in two parts and read as one.
      if (i === 0 && last !== undefined && last[1] === BIG_CUT - 1n && high[0] === BIG_CUT) last[1] = high[1] as bigint;
      else out.push([high[i] as bigint, high[i + 1] as bigint]);
    }
    return out;
  }

  /** Calls `visit` with the bounds of each range below 2^53 (ports, IPv4 addresses, service tags), in order, as numbers. */
  forEachSmallRange(visit: (lo: number, hi: number) => void): void {
    const low = this.low;
    for (let i = 0; i < low.length; i += 2) visit(low[i] as number, low[i + 1] as number);
  }

  isEmpty(): boolean {
    return this.low.length === 0 && this.high.length === 0;
  }

  /** Every member of either set: one linear merge of the two sorted lists. */
  union(other: IntervalSet): IntervalSet {
    if (other.isEmpty()) return this;
    if (this.isEmpty()) return other;
    return IntervalSet.from(unionLow(this.low, other.low), unionHigh(this.high, other.high), this, other);
  }

  /**
   * The union of many sets, merged in pairs, then pairs of pairs: each round is linear merges of
   * sorted bounds, and nothing is sorted (a flat list of every range, sorted, cost a pair array
   * per range and a comparison sort on each of the tens of thousands of port runs).
   */
  static unionAll(sets: readonly IntervalSet[]): IntervalSet {
    let round = sets.filter((set) => !set.isEmpty());
    if (round.length === 0) return IntervalSet.EMPTY;
    while (round.length > 1) {
      const next: IntervalSet[] = [];
      for (let i = 0; i < round.length; i += 2) {
        const a = round[i] as IntervalSet;
        const b = round[i + 1];
        next.push(b === undefined ? a : a.union(b));
      }
      round = next;
    }
    return round[0] as IntervalSet;
  }

  intersect(other: IntervalSet): IntervalSet {
    if (this.isEmpty() || other.isEmpty()) return IntervalSet.EMPTY;
    return IntervalSet.from(intersectLow(this.low, other.low), intersectHigh(this.high, other.high), this, other);
  }

  subtract(other: IntervalSet): IntervalSet {
    if (other.isEmpty() || this.isEmpty() || !this.overlaps(other)) return this;
    return IntervalSet.from(subtractLow(this.low, other.low), subtractHigh(this.high, other.high), this);
  }

  /** True when every member of `other` is in this set. */
  covers(other: IntervalSet): boolean {
    return coversLow(this.low, other.low) && coversHigh(this.high, other.high);
  }

  /** True when the sets share a member; allocates nothing (the network evaluation asks this millions of times). */
  overlaps(other: IntervalSet): boolean {
    return overlapsLow(this.low, other.low) || overlapsHigh(this.high, other.high);
  }

  /** True when the set shares a member with `lo`–`hi`, both below 2^53 (ports, say); allocates nothing. */
  overlapsSmallRange(lo: number, hi: number): boolean {
    const low = this.low;
    for (let i = 0; i < low.length && (low[i] as number) <= hi; i += 2) if (lo <= (low[i + 1] as number)) return true;
    return false;
  }

  has(value: bigint | number): boolean {
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return hasLow(this.low, value);
    const v = BigInt(value);
    return v < BIG_CUT ? v >= 0n && hasLow(this.low, Number(v)) : this.overlaps(IntervalSet.of([[v, v]]));
  }

  /** Number of members. */
  size(): bigint {
    const { low, high } = this;
    let small = 0;
    for (let i = 0; i < low.length; i += 2) small += (low[i + 1] as number) - (low[i] as number) + 1;
    let sum = BigInt(small);
    for (let i = 0; i < high.length; i += 2) sum += (high[i + 1] as bigint) - (high[i] as bigint) + 1n;
    return sum;
  }

  equals(other: IntervalSet): boolean {
    if (other === this) return true;
    const a = this.low;
    const b = other.low;
    if (a.length !== b.length || this.high.length !== other.high.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    const x = this.high;
    const y = other.high;
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
    return true;
  }
}

// The operations on each part, written once for numbers and once for BigInts: one function for both
// would see both kinds of values, and V8 compiles such a function for neither. Each gives back one of
// its arguments itself when the answer is that argument (so a set passed on unchanged stays the one
// kept set), or a new array that the caller copies to its length.

/** A new part without the spare capacity a growing array keeps (sets are kept by the hundred thousand). */
function exactLow(out: number[]): readonly number[] {
  return out.length === 0 ? EMPTY_LOW : out.slice();
}

function exactHigh(out: bigint[]): readonly bigint[] {
  return out.length === 0 ? EMPTY_HIGH : out.slice();
}

function unionLow(a: readonly number[], b: readonly number[]): readonly number[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const out: number[] = [];
  let i = 0;
  let j = 0;
  let lo = -1;
  let hi = 0;
  while (i < a.length || j < b.length) {
    let nextLo: number;
    let nextHi: number;
    if (i < a.length && (j >= b.length || (a[i] as number) <= (b[j] as number))) {
      nextLo = a[i] as number;
      nextHi = a[i + 1] as number;
      i += 2;
    } else {
      nextLo = b[j] as number;
      nextHi = b[j + 1] as number;
      j += 2;
    }
    if (lo < 0) {
      lo = nextLo;
      hi = nextHi;
    } else if (nextLo <= hi + 1) {
      if (nextHi > hi) hi = nextHi;
    } else {
      out.push(lo, hi);
      lo = nextLo;
      hi = nextHi;
    }
  }
  out.push(lo, hi);
  return exactLow(out);
}

function unionHigh(a: readonly bigint[], b: readonly bigint[]): readonly bigint[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const out: bigint[] = [];
  let i = 0;
  let j = 0;
  let lo = -1n;
  let hi = 0n;
  while (i < a.length || j < b.length) {
    let nextLo: bigint;
    let nextHi: bigint;
    if (i < a.length && (j >= b.length || (a[i] as bigint) <= (b[j] as bigint))) {
      nextLo = a[i] as bigint;
      nextHi = a[i + 1] as bigint;
      i += 2;
    } else {
      nextLo = b[j] as bigint;
      nextHi = b[j + 1] as bigint;
      j += 2;
    }
    if (lo < 0n) {
      lo = nextLo;
      hi = nextHi;
    } else if (nextLo <= hi + 1n) {
      if (nextHi > hi) hi = nextHi;
    } else {
      out.push(lo, hi);
      lo = nextLo;
      hi = nextHi;
    }
  }
  out.push(lo, hi);
  return exactHigh(out);
}

function intersectLow(a: readonly number[], b: readonly number[]): readonly number[] {
  if (a.length === 0 || b.length === 0) return EMPTY_LOW;
  // One side inside a single range of the other: the answer is that side, as it is.
  if (b.length === 2 && (b[0] as number) <= (a[0] as number) && (a[a.length - 1] as number) <= (b[1] as number)) return a;
  if (a.length === 2 && (a[0] as number) <= (b[0] as number) && (b[b.length - 1] as number) <= (a[1] as number)) return b;
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const xHi = a[i + 1] as number;
    const yHi = b[j + 1] as number;
    const lo = Math.max(a[i] as number, b[j] as number);
    const hi = xHi < yHi ? xHi : yHi;
    if (lo <= hi) out.push(lo, hi);
    if (xHi < yHi) i += 2;
    else j += 2;
  }
  return exactLow(out);
}

function intersectHigh(a: readonly bigint[], b: readonly bigint[]): readonly bigint[] {
  if (a.length === 0 || b.length === 0) return EMPTY_HIGH;
  if (b.length === 2 && (b[0] as bigint) <= (a[0] as bigint) && (a[a.length - 1] as bigint) <= (b[1] as bigint)) return a;
  if (a.length === 2 && (a[0] as bigint) <= (b[0] as bigint) && (b[b.length - 1] as bigint) <= (a[1] as bigint)) return b;
  const out: bigint[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const xHi = a[i + 1] as bigint;
    const yHi = b[j + 1] as bigint;
    const lo = (a[i] as bigint) > (b[j] as bigint) ? (a[i] as bigint) : (b[j] as bigint);
    const hi = xHi < yHi ? xHi : yHi;
    if (lo <= hi) out.push(lo, hi);
    if (xHi < yHi) i += 2;
    else j += 2;
  }
  return exactHigh(out);
}

function subtractLow(a: readonly number[], b: readonly number[]): readonly number[] {
  if (!overlapsLow(a, b)) return a;
  const out: number[] = [];
  let j = 0;
  for (let i = 0; i < a.length; i += 2) {
    const hi = a[i + 1] as number;
    let lo = a[i] as number;
    while (j < b.length && (b[j + 1] as number) < lo) j += 2;
    for (let k = j; k < b.length && lo <= hi; k += 2) {
      const cutLo = b[k] as number;
      if (cutLo > hi) break;
      if (cutLo > lo) out.push(lo, cutLo - 1);
      lo = (b[k + 1] as number) + 1;
    }
    if (lo <= hi) out.push(lo, hi);
  }
  return exactLow(out);
}

function subtractHigh(a: readonly bigint[], b: readonly bigint[]): readonly bigint[] {
  if (!overlapsHigh(a, b)) return a;
  const out: bigint[] = [];
  let j = 0;
  for (let i = 0; i < a.length; i += 2) {
    const hi = a[i + 1] as bigint;
    let lo = a[i] as bigint;
    while (j < b.length && (b[j + 1] as bigint) < lo) j += 2;
    for (let k = j; k < b.length && lo <= hi; k += 2) {
      const cutLo = b[k] as bigint;
      if (cutLo > hi) break;
      if (cutLo > lo) out.push(lo, cutLo - 1n);
      lo = (b[k + 1] as bigint) + 1n;
    }
    if (lo <= hi) out.push(lo, hi);
  }
  return exactHigh(out);
}

/** Each range of `b` must lie inside one range of `a` (ranges are disjoint and not adjacent). */
function coversLow(a: readonly number[], b: readonly number[]): boolean {
  let i = 0;
  for (let j = 0; j < b.length; j += 2) {
    const lo = b[j] as number;
    while (i < a.length && (a[i + 1] as number) < lo) i += 2;
    if (i >= a.length || (a[i] as number) > lo || (a[i + 1] as number) < (b[j + 1] as number)) return false;
  }
  return true;
}

function coversHigh(a: readonly bigint[], b: readonly bigint[]): boolean {
  let i = 0;
  for (let j = 0; j < b.length; j += 2) {
    const lo = b[j] as bigint;
    while (i < a.length && (a[i + 1] as bigint) < lo) i += 2;
    if (i >= a.length || (a[i] as bigint) > lo || (a[i + 1] as bigint) < (b[j + 1] as bigint)) return false;
  }
  return true;
}

function overlapsLow(a: readonly number[], b: readonly number[]): boolean {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return false;
  // Disjoint bounds: the common case, answered at once.
  if ((a[n - 1] as number) < (b[0] as number) || (b[m - 1] as number) < (a[0] as number)) return false;
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    const xHi = a[i + 1] as number;
    const yHi = b[j + 1] as number;
    if ((a[i] as number) <= yHi && (b[j] as number) <= xHi) return true;
    if (xHi < yHi) i += 2;
    else j += 2;
  }
  return false;
}

function overlapsHigh(a: readonly bigint[], b: readonly bigint[]): boolean {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return false;
  if ((a[n - 1] as bigint) < (b[0] as bigint) || (b[m - 1] as bigint) < (a[0] as bigint)) return false;
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    const xHi = a[i + 1] as bigint;
    const yHi = b[j + 1] as bigint;
    if ((a[i] as bigint) <= yHi && (b[j] as bigint) <= xHi) return true;
    if (xHi < yHi) i += 2;
    else j += 2;
  }
  return false;
}

function hasLow(a: readonly number[], value: number): boolean {
  for (let i = 0; i < a.length; i += 2) if ((a[i] as number) <= value && value <= (a[i + 1] as number)) return true;
  return false;
}

/** The sets `shared` keeps, weakly, under a number made from their bounds. */
const kept = new Map<number, WeakRef<IntervalSet>[]>();
const forgotten = new FinalizationRegistry<number>((hash) => {
  const live = kept.get(hash)?.filter((ref) => ref.deref() !== undefined) ?? [];
  if (live.length > 0) kept.set(hash, live);
  else kept.delete(hash);
});

/**
 * A number for each BigInt bound (IPv6): a Map looks a BigInt up without allocating, where
 * arithmetic on it allocates. The numbers are never taken back, so a set always hashes alike; past
 * a bound on their count (a long-lived process scanning many estates), new values are hashed from
 * their text.
 */
const boundNumbers = new Map<bigint, number>();
const MAX_BOUND_NUMBERS = 1 << 20;

function boundNumber(bound: bigint): number {
  const known = boundNumbers.get(bound);
  if (known !== undefined) return known;
  if (boundNumbers.size >= MAX_BOUND_NUMBERS) {
    const text = bound.toString(32);
    let hash = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
    return hash;
  }
  const next = boundNumbers.size + 1;
  boundNumbers.set(bound, next);
  return next;
}
