/**
 * Sets of integers kept as sorted, disjoint, non-adjacent inclusive ranges, over BigInt so the
 * same code serves ports (0–65535) and addresses (128-bit IPv6, IPv4 and tag pseudo-addresses).
 * Never an enumeration: `0.0.0.0/0` is one range.
 */
export class IntervalSet {
  static readonly EMPTY = new IntervalSet([]);

  private constructor(readonly ranges: readonly (readonly [bigint, bigint])[]) {}

  static of(ranges: readonly (readonly [bigint, bigint])[]): IntervalSet {
    const sorted = ranges.filter(([lo, hi]) => lo <= hi).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const out: [bigint, bigint][] = [];
    for (const [lo, hi] of sorted) {
      const last = out[out.length - 1];
      if (last && lo <= last[1] + 1n) {
        if (hi > last[1]) last[1] = hi;
      } else out.push([lo, hi]);
    }
    return new IntervalSet(out);
  }

  static range(lo: bigint | number, hi: bigint | number): IntervalSet {
    const from = BigInt(lo);
    const to = BigInt(hi);
    return from <= to ? new IntervalSet([[from, to]]) : IntervalSet.EMPTY;
  }

  isEmpty(): boolean {
    return this.ranges.length === 0;
  }

  /**
   * Every member of either set: one linear merge of the two sorted lists. Ranges that come out
   * unchanged are shared, not copied (they are never mutated once in a set).
   */
  union(other: IntervalSet): IntervalSet {
    if (other.isEmpty()) return this;
    if (this.isEmpty()) return other;
    const a = this.ranges;
    const b = other.ranges;
    const out: (readonly [bigint, bigint])[] = [];
    let i = 0;
    let j = 0;
    let current: readonly [bigint, bigint] | undefined;
    while (i < a.length || j < b.length) {
      const x = a[i];
      const y = b[j];
      const next = (x !== undefined && (y === undefined || x[0] <= y[0]) ? (i++, x) : (j++, y)) as readonly [bigint, bigint];
      if (current === undefined) current = next;
      else if (next[0] <= current[1] + 1n) {
        if (next[1] > current[1]) current = current[0] === next[0] ? next : [current[0], next[1]];
      } else {
        out.push(current);
        current = next;
      }
    }
    if (current !== undefined) out.push(current);
    return new IntervalSet(out);
  }

  /** The union of many sets, sorted once rather than merged pairwise. */
  static unionAll(sets: readonly IntervalSet[]): IntervalSet {
    const nonEmpty = sets.filter((set) => !set.isEmpty());
    if (nonEmpty.length === 0) return IntervalSet.EMPTY;
    if (nonEmpty.length === 1) return nonEmpty[0] as IntervalSet;
    if (nonEmpty.length === 2) return (nonEmpty[0] as IntervalSet).union(nonEmpty[1] as IntervalSet);
    return IntervalSet.of(nonEmpty.flatMap((set) => set.ranges));
  }

  intersect(other: IntervalSet): IntervalSet {
    const a = this.ranges;
    const b = other.ranges;
    if (a.length === 0 || b.length === 0) return IntervalSet.EMPTY;
    // One side inside a single range of the other: the answer is that side, as it is.
    if (
      b.length === 1 &&
      (b[0] as readonly [bigint, bigint])[0] <= (a[0] as readonly [bigint, bigint])[0] &&
      (a[a.length - 1] as readonly [bigint, bigint])[1] <= (b[0] as readonly [bigint, bigint])[1]
    )
      return this;
    if (
      a.length === 1 &&
      (a[0] as readonly [bigint, bigint])[0] <= (b[0] as readonly [bigint, bigint])[0] &&
      (b[b.length - 1] as readonly [bigint, bigint])[1] <= (a[0] as readonly [bigint, bigint])[1]
    )
      return other;
    const out: (readonly [bigint, bigint])[] = [];
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) {
      const x = a[i] as readonly [bigint, bigint];
      const y = b[j] as readonly [bigint, bigint];
      const lo = x[0] > y[0] ? x[0] : y[0];
      const hi = x[1] < y[1] ? x[1] : y[1];
      if (lo <= hi) out.push(lo === x[0] && hi === x[1] ? x : lo === y[0] && hi === y[1] ? y : [lo, hi]);
      if (x[1] < y[1]) i++;
      else j++;
    }
    return new IntervalSet(out);
  }

  subtract(other: IntervalSet): IntervalSet {
    if (other.isEmpty() || this.isEmpty() || !this.overlaps(other)) return this;
    const out: (readonly [bigint, bigint])[] = [];
    let j = 0;
    for (const range of this.ranges) {
      const hi = range[1];
      let lo = range[0];
      while (j < other.ranges.length && (other.ranges[j] as readonly [bigint, bigint])[1] < lo) j++;
      let k = j;
      let untouched = true;
      while (k < other.ranges.length && lo <= hi) {
        const [b0, b1] = other.ranges[k] as readonly [bigint, bigint];
        if (b0 > hi) break;
        untouched = false;
        if (b0 > lo) out.push([lo, b0 - 1n]);
        lo = b1 + 1n;
        k++;
      }
      if (untouched) out.push(range);
      else if (lo <= hi) out.push([lo, hi]);
    }
    return new IntervalSet(out);
  }

  /** True when every member of `other` is in this set. */
  covers(other: IntervalSet): boolean {
    // Each range of `other` must lie inside one range of this set (ranges are disjoint and not adjacent).
    let i = 0;
    for (const [lo, hi] of other.ranges) {
      while (i < this.ranges.length && (this.ranges[i] as readonly [bigint, bigint])[1] < lo) i++;
      const range = this.ranges[i];
      if (!range || range[0] > lo || range[1] < hi) return false;
    }
    return true;
  }

  /** True when the sets share a member; allocates nothing (the network evaluation asks this millions of times). */
  overlaps(other: IntervalSet): boolean {
    const a = this.ranges;
    const b = other.ranges;
    const n = a.length;
    const m = b.length;
    if (n === 0 || m === 0) return false;
    // Disjoint bounds: the common case, answered at once.
    if ((a[n - 1] as readonly [bigint, bigint])[1] < (b[0] as readonly [bigint, bigint])[0]) return false;
    if ((b[m - 1] as readonly [bigint, bigint])[1] < (a[0] as readonly [bigint, bigint])[0]) return false;
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      const x = a[i] as readonly [bigint, bigint];
      const y = b[j] as readonly [bigint, bigint];
      if (x[0] <= y[1] && y[0] <= x[1]) return true;
      if (x[1] < y[1]) i++;
      else j++;
    }
    return false;
  }

  has(value: bigint | number): boolean {
    const v = BigInt(value);
    return this.ranges.some(([lo, hi]) => lo <= v && v <= hi);
  }

  /** Number of members. */
  size(): bigint {
    return this.ranges.reduce((sum, [lo, hi]) => sum + (hi - lo + 1n), 0n);
  }

  equals(other: IntervalSet): boolean {
    return this.ranges.length === other.ranges.length && this.ranges.every(([lo, hi], i) => other.ranges[i]?.[0] === lo && other.ranges[i]?.[1] === hi);
  }
}
