/**
 * Neumaier's compensated sum. A plain running sum loses digits on long columns of mixed
 * magnitudes; this keeps means and standard deviations within a few ulps of numpy's.
 */
export function compensatedSum(values: Iterable<number>): number {
  let sum = 0;
  let compensation = 0;
  for (const value of values) {
    const next = sum + value;
    compensation += Math.abs(sum) >= Math.abs(value) ? sum - next + value : value - next + sum;
    sum = next;
  }
  return sum + compensation;
}
