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
    return IntervalSet.of([[BigInt(lo), BigInt(hi)]]);
  }

  isEmpty(): boolean {
    return this.ranges.length === 0;
  }

  union(other: IntervalSet): IntervalSet {
    if (other.isEmpty()) return this;
    if (this.isEmpty()) return other;
    return IntervalSet.of([...this.ranges, ...other.ranges]);
  }

  intersect(other: IntervalSet): IntervalSet {
    const out: [bigint, bigint][] = [];
    let i = 0;
    let j = 0;
    while (i < this.ranges.length && j < other.ranges.length) {
      const [a0, a1] = this.ranges[i] as readonly [bigint, bigint];
      const [b0, b1] = other.ranges[j] as readonly [bigint, bigint];
      const lo = a0 > b0 ? a0 : b0;
      const hi = a1 < b1 ? a1 : b1;
      if (lo <= hi) out.push([lo, hi]);
      if (a1 < b1) i++;
      else j++;
    }
    return new IntervalSet(out);
  }

  subtract(other: IntervalSet): IntervalSet {
    if (other.isEmpty() || this.isEmpty()) return this;
    const out: [bigint, bigint][] = [];
    let j = 0;
    for (const [lo0, hi] of this.ranges) {
      let lo = lo0;
      while (j < other.ranges.length && (other.ranges[j] as readonly [bigint, bigint])[1] < lo) j++;
      let k = j;
      while (k < other.ranges.length && lo <= hi) {
        const [b0, b1] = other.ranges[k] as readonly [bigint, bigint];
        if (b0 > hi) break;
        if (b0 > lo) out.push([lo, b0 - 1n]);
        lo = b1 + 1n;
        k++;
      }
      if (lo <= hi) out.push([lo, hi]);
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
