import { cellOf, type RankIndex } from "./rank-index.ts";

/** Above this many values a bucket is sorted natively rather than by insertion. */
const insertionLimit = 32;

/**
 * The window's values in ascending order (a new array; the window must hold no NaN), by a
 * bucket sort along the reference's distribution: the rank index's cells (rank-index.ts),
 * grouped so that there are about as many buckets as values, hold a few window values each
 * when the window resembles the reference, which is what a drift check mostly sees. A
 * counting pass, a scatter and short insertion sorts then replace a comparison sort. A
 * bucket the window crowds (a window that has moved away from the reference) is sorted
 * natively, so the worst case stays n log n.
 */
export function sortAlongReference(index: RankIndex, window: Float64Array): Float64Array {
  const n = window.length;
  const cells = index.starts.length - 1;
  let shift = 0;
  while (cells >> (shift + 1) >= n) shift++;
  const buckets = ((cells - 1) >> shift) + 1;
  const bucketOf = new Int32Array(n);
  const ends = new Int32Array(buckets + 1);
  for (let k = 0; k < n; k++) {
    const bucket = cellOf(index, window[k]!) >> shift;
    bucketOf[k] = bucket;
    ends[bucket + 1]!++;
  }
  for (let bucket = 1; bucket <= buckets; bucket++) ends[bucket]! += ends[bucket - 1]!;
  const ascending = new Float64Array(n);
  // Each bucket's values go from its start on; its entry ends up at its end.
  for (let k = 0; k < n; k++) ascending[ends[bucketOf[k]!]!++] = window[k]!;
  let begin = 0;
  for (let bucket = 0; bucket < buckets; bucket++) {
    const end = ends[bucket]!;
    if (end - begin > insertionLimit) ascending.subarray(begin, end).sort();
    else insertionSort(ascending, begin, end);
    begin = end;
  }
  return ascending;
}

function insertionSort(values: Float64Array, begin: number, end: number): void {
  for (let i = begin + 1; i < end; i++) {
    const x = values[i]!;
    let at = i;
    while (at > begin && values[at - 1]! > x) {
      values[at] = values[at - 1]!;
      at--;
    }
    values[at] = x;
  }
}
