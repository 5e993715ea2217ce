/**
 * The positions of `values` in ascending order (ties in their original order), by an LSD
 * radix sort on the doubles' bit patterns. Binning needs every feature column sorted; this
 * is O(n) per column and about 4× faster here than Float64Array.prototype.sort (which also
 * cannot carry the positions along, so each value would then need a binary search for its
 * bin). Values must not be NaN; -0 sorts before +0.
 */
export function ascendingOrder(values: Float64Array): Int32Array {
  const n = values.length;
  // Map each double to an unsigned 64-bit key (hi, lo) that orders as the double does:
  // flip the sign bit of positives, every bit of negatives.
  const bits = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  let hi = new Uint32Array(n);
  let lo = new Uint32Array(n);
  let order = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const high = bits[2 * i + 1]!;
    const mask = high >>> 31 ? 0xffffffff : 0x80000000;
    hi[i] = (high ^ mask) >>> 0;
    lo[i] = (bits[2 * i]! ^ (mask === 0x80000000 ? 0 : 0xffffffff)) >>> 0;
    order[i] = i;
  }
  let nextHi = new Uint32Array(n);
  let nextLo = new Uint32Array(n);
  let nextOrder = new Int32Array(n);
  const counts = new Int32Array(RADIX);
  // 16-bit digits, least significant first: four stable counting-sort passes. A pass whose
  // digit is the same for every value (typically the sign and exponent) is skipped.
  for (let pass = 0; pass < 4; pass++) {
    const source = pass < 2 ? lo : hi;
    const shift = (pass & 1) * 16;
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(source[i]! >>> shift) & 0xffff]!++;
    if (counts[(source[0]! >>> shift) & 0xffff] === n) continue;
    for (let d = 0, total = 0; d < RADIX; d++) {
      const count = counts[d]!;
      counts[d] = total;
      total += count;
    }
    for (let i = 0; i < n; i++) {
      const to = counts[(source[i]! >>> shift) & 0xffff]!++;
      nextHi[to] = hi[i]!;
      nextLo[to] = lo[i]!;
      nextOrder[to] = order[i]!;
    }
    [hi, nextHi] = [nextHi, hi];
    [lo, nextLo] = [nextLo, lo];
    [order, nextOrder] = [nextOrder, order];
  }
  return order;
}

const RADIX = 1 << 16;
