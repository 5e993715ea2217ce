// Enough rows to find the problem in the data, few enough to keep reports small.
const shownRows = 5;

/** Counts the rows failing `fails`, keeping the first few of them. */
export function findFailingRows(
  rowCount: number,
  fails: (row: number) => boolean,
): { count: number; first: number[] } {
  const first: number[] = [];
  let count = 0;
  for (let row = 0; row < rowCount; row++) {
    if (!fails(row)) continue;
    count++;
    if (first.length < shownRows) first.push(row);
  }
  return { count, first };
}
