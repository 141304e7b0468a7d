type Range = readonly [bigint, bigint];

/**
 * Sets of integers kept as sorted, disjoint, non-adjacent inclusive ranges, over BigInt so the
 * same code serves ports (0–65535) and addresses (128-bit IPv6, IPv4 and tag pseudo-addresses).
 * Never an enumeration: `0.0.0.0/0` is one range.
 *
 * The ranges are stored flat (`lo0, hi0, lo1, hi1, …`) in an array of exactly that length: a
 * large estate keeps hundreds of thousands of sets, and a pair array per range with the slack a
 * growing array keeps was most of the network analysis's memory.
 */
export class IntervalSet {
  static readonly EMPTY = new IntervalSet([]);

  private constructor(private readonly bounds: readonly bigint[]) {}

  /** A set from bounds already sorted, disjoint and non-adjacent; the array is copied to its exact length. */
  private static from(bounds: bigint[]): IntervalSet {
    return bounds.length === 0 ? IntervalSet.EMPTY : new IntervalSet(bounds.slice());
  }

  static of(ranges: readonly Range[]): IntervalSet {
    // Pairs read by index, not destructured: destructuring goes through an iterator per pair.
    const sorted = ranges.filter((range) => range[0] <= range[1]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const out: bigint[] = [];
    for (let i = 0; i < sorted.length; i++) {
      const range = sorted[i] as Range;
      const lo = range[0];
      const hi = range[1];
      const last = out.length - 1;
      if (last > 0 && lo <= (out[last] as bigint) + 1n) {
        if (hi > (out[last] as bigint)) out[last] = hi;
      } else out.push(lo, hi);
    }
    return IntervalSet.from(out);
  }

  static range(lo: bigint | number, hi: bigint | number): IntervalSet {
    const from = BigInt(lo);
    const to = BigInt(hi);
    return from <= to ? new IntervalSet([from, to]) : IntervalSet.EMPTY;
  }

  /**
   * The one kept set equal to `set` (`set` itself the first time). Results that are kept (flows,
   * segments) go through it: on the 10,000-VM estate they are 160,000 sets with 5,300 distinct
   * values. Entries are weak, so the table never keeps a set alive.
   */
  static shared(set: IntervalSet): IntervalSet {
    if (set.isEmpty()) return IntervalSet.EMPTY;
    // The kept set itself comes back often (a flow's ports passed on unchanged): nothing to look up.
    if (canonical.has(set)) return set;
    // So does a set already found equal to a kept one (a rule's sources, once per port run).
    const known = keptFor.get(set);
    if (known !== undefined) return known;
    // A number from the bounds, then the sets kept under it compared: spelling each set as a
    // string key was a string per bound and per set, hundreds of thousands of them.
    const bounds = set.bounds;
    let hash = bounds.length;
    for (let i = 0; i < bounds.length; i++) hash = Math.imul(hash ^ boundNumber(bounds[i] as bigint), 0x9e3779b1) ^ (hash >>> 15);
    const bucket = kept.get(hash);
    if (bucket !== undefined) {
      for (let i = 0; i < bucket.length; i++) {
        const found = (bucket[i] as WeakRef<IntervalSet>).deref();
        if (found !== undefined && found.equals(set)) {
          keptFor.set(set, found);
          return found;
        }
      }
      bucket.push(new WeakRef(set));
    } else kept.set(hash, [new WeakRef(set)]);
    canonical.add(set);
    forgotten.register(set, hash);
    return set;
  }

  /** The ranges as `[lo, hi]` pairs (made when read). */
  get ranges(): Range[] {
    const b = this.bounds;
    const out: Range[] = [];
    for (let i = 0; i < b.length; i += 2) out.push([b[i] as bigint, b[i + 1] as bigint]);
    return out;
  }

  /** Calls `visit` with each range's bounds, in order, without building the pairs. */
  forEachRange(visit: (lo: bigint, hi: bigint) => void): void {
    const b = this.bounds;
    for (let i = 0; i < b.length; i += 2) visit(b[i] as bigint, b[i + 1] as bigint);
  }

  isEmpty(): boolean {
    return this.bounds.length === 0;
  }

  /** Every member of either set: one linear merge of the two sorted lists. */
  union(other: IntervalSet): IntervalSet {
    if (other.isEmpty()) return this;
    if (this.isEmpty()) return other;
    const a = this.bounds;
    const b = other.bounds;
    const out: bigint[] = [];
    let i = 0;
    let j = 0;
    let lo: bigint | undefined;
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
      if (lo === undefined) {
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
    if (lo !== undefined) out.push(lo, hi);
    return IntervalSet.from(out);
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
    const a = this.bounds;
    const b = other.bounds;
    if (a.length === 0 || b.length === 0) return IntervalSet.EMPTY;
    // One side inside a single range of the other: the answer is that side, as it is.
    if (b.length === 2 && (b[0] as bigint) <= (a[0] as bigint) && (a[a.length - 1] as bigint) <= (b[1] as bigint)) return this;
    if (a.length === 2 && (a[0] as bigint) <= (b[0] as bigint) && (b[b.length - 1] as bigint) <= (a[1] as bigint)) return other;
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
    return IntervalSet.from(out);
  }

  subtract(other: IntervalSet): IntervalSet {
    if (other.isEmpty() || this.isEmpty() || !this.overlaps(other)) return this;
    const a = this.bounds;
    const b = other.bounds;
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
    return IntervalSet.from(out);
  }

  /** True when every member of `other` is in this set. */
  covers(other: IntervalSet): boolean {
    // Each range of `other` must lie inside one range of this set (ranges are disjoint and not adjacent).
    const a = this.bounds;
    const b = other.bounds;
    let i = 0;
    for (let j = 0; j < b.length; j += 2) {
      const lo = b[j] as bigint;
      while (i < a.length && (a[i + 1] as bigint) < lo) i += 2;
      if (i >= a.length || (a[i] as bigint) > lo || (a[i + 1] as bigint) < (b[j + 1] as bigint)) return false;
    }
    return true;
  }

  /** True when the sets share a member; allocates nothing (the network evaluation asks this millions of times). */
  overlaps(other: IntervalSet): boolean {
    const a = this.bounds;
    const b = other.bounds;
    const n = a.length;
    const m = b.length;
    if (n === 0 || m === 0) return false;
    // Disjoint bounds: the common case, answered at once.
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

  has(value: bigint | number): boolean {
    const v = BigInt(value);
    const b = this.bounds;
    for (let i = 0; i < b.length; i += 2) if ((b[i] as bigint) <= v && v <= (b[i + 1] as bigint)) return true;
    return false;
  }

  /** Number of members. */
  size(): bigint {
    const b = this.bounds;
    let sum = 0n;
    for (let i = 0; i < b.length; i += 2) sum += (b[i + 1] as bigint) - (b[i] as bigint) + 1n;
    return sum;
  }

  equals(other: IntervalSet): boolean {
    if (other === this) return true;
    const a = this.bounds;
    const b = other.bounds;
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
}

/** The sets `shared` keeps, weakly, under a number made from their bounds. */
const kept = new Map<number, WeakRef<IntervalSet>[]>();
/** The sets `kept` holds (weakly, as it does). */
const canonical = new WeakSet<IntervalSet>();
/** The kept set equal to each set `shared` was asked about and found one for: bounds hashed once per set. */
const keptFor = new WeakMap<IntervalSet, IntervalSet>();
const forgotten = new FinalizationRegistry<number>((hash) => {
  const live = kept.get(hash)?.filter((ref) => ref.deref() !== undefined) ?? [];
  if (live.length > 0) kept.set(hash, live);
  else kept.delete(hash);
});

/**
 * A number for each bound value: a Map looks a BigInt up without allocating, where arithmetic on
 * it allocates. The numbers are never taken back, so a set always hashes alike; past a bound on
 * their count (a long-lived process scanning many estates), new values are hashed from their text.
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
