import assert from "node:assert/strict";
import { test } from "node:test";
import { createMatrix } from "../../../src/ml/matrix.ts";
import { ascendingOrder } from "../../../src/ml/models/tree/ascending-order.ts";
import { binFeatures, MAX_BINS } from "../../../src/ml/models/tree/binning.ts";

const column = (values: number[]) => createMatrix(values.length, 1, Float64Array.from(values));

test("few distinct values: the edges are the midpoints between them, so nothing is lost", () => {
  const binned = binFeatures(column([3, 1, 2, 2, 5]));
  assert.deepEqual(Array.from(binned.edges[0]!), [1.5, 2.5, 4]);
  assert.deepEqual(Array.from(binned.bins), [2, 0, 1, 1, 3]);
});

test("many distinct values: quantile edges as numpy's midpoint percentiles (scikit-learn's)", () => {
  const values = Array.from({ length: 1000 }, (_, i) => 999 - i);
  const binned = binFeatures(column(values), 4);
  // np.percentile(range(1000), [25, 50, 75], method="midpoint")
  assert.deepEqual(Array.from(binned.edges[0]!), [249.5, 499.5, 749.5]);
  const counts = [0, 0, 0, 0];
  for (const bin of binned.bins) counts[bin]!++;
  assert.deepEqual(counts, [250, 250, 250, 250]);
});

test("every value v lands in the bin b with edges[b - 1] < v <= edges[b]", () => {
  const values = Array.from({ length: 5000 }, (_, i) => Math.sin(i) * 1e3 + (i % 7));
  const binned = binFeatures(column(values));
  const edges = binned.edges[0]!;
  assert.ok(edges.length <= MAX_BINS - 1);
  values.forEach((v, r) => {
    const b = binned.bins[r]!;
    assert.ok(b === 0 || edges[b - 1]! < v, `row ${r}`);
    assert.ok(b === edges.length || v <= edges[b]!, `row ${r}`);
  });
});

test("bins are column-major and can live in shared memory", () => {
  const x = createMatrix(3, 2, Float64Array.of(1, 10, 2, 30, 3, 20));
  const binned = binFeatures(x, MAX_BINS, true);
  assert.ok(binned.bins.buffer instanceof SharedArrayBuffer);
  assert.deepEqual(Array.from(binned.bins), [0, 1, 2, 0, 2, 1]);
  assert.throws(() => binFeatures(x, 256), RangeError);
});

test("ascendingOrder sorts doubles of any sign and keeps ties in order", () => {
  const values = [3, -1, 0, 2.5, -1e300, 1e-300, -Infinity, Infinity, 2.5, -0.5];
  const order = ascendingOrder(Float64Array.from(values));
  assert.deepEqual(
    Array.from(order, (i) => values[i]),
    [...values].sort((a, b) => a - b),
  );
  assert.ok(order.indexOf(3) < order.indexOf(8), "the two 2.5s keep their order");
});
