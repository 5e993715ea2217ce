import assert from "node:assert/strict";
import { test } from "node:test";
import { createMatrix } from "../../../src/ml/matrix.ts";
import { binFeatures } from "../../../src/ml/models/tree/binning.ts";
import { GradientHistograms } from "../../../src/ml/models/tree/gradient-histogram.ts";
import { seededRandom } from "../../../src/ml/random.ts";

/** 7 features (a pass of four and three of one), 3,000 rows of random values, and random float32 gradients. */
function problem() {
  const random = seededRandom(3);
  const rows = 3000;
  const cols = 7;
  const x = createMatrix(rows, cols, Float64Array.from({ length: rows * cols }, () => Math.round(random() * 300) / 3));
  const gradients = Float32Array.from({ length: rows }, () => random() - 0.5);
  const hessians = Float32Array.from({ length: rows }, () => random());
  return { binned: binFeatures(x), gradients, hessians };
}

/** The sums as the histogram's doc defines them, added in the same order in doubles. */
function expected(histograms: GradientHistograms, binned: ReturnType<typeof binFeatures>, rows: Iterable<number>, gradients: Float32Array, hessians: Float32Array) {
  const out = new Float64Array(histograms.offsets[binned.cols]! * 3);
  for (const r of rows) {
    for (let f = 0; f < binned.cols; f++) {
      const k = (histograms.offsets[f]! + binned.bins[f * binned.rows + r]!) * 3;
      out[k]! += gradients[r]!;
      out[k + 1]! += hessians[r]!;
      out[k + 2]! += 1;
    }
  }
  return out;
}

test("the root's histograms are every row's sums, bin by bin", () => {
  const { binned, gradients, hessians } = problem();
  const histograms = new GradientHistograms(binned, 4);
  const histogram = histograms.acquire();
  histograms.fillRoot(histogram, gradients, hessians);
  const all = Array.from({ length: binned.rows }, (_, r) => r);
  assert.deepEqual(Array.from(histogram), Array.from(expected(histograms, binned, all, gradients, hessians)));
});

test("a node's histograms are the sums of the rows in its slice of the row index, in any order", () => {
  const { binned, gradients, hessians } = problem();
  const histograms = new GradientHistograms(binned, 4);
  const listed = [2999, 5, 17, 1200, 3, 4, 1199, 0];
  histograms.rowIndex.set(listed, 100);
  const histogram = histograms.acquire();
  histograms.fillRows(histogram, 100, 100 + listed.length, gradients, hessians);
  assert.deepEqual(Array.from(histogram), Array.from(expected(histograms, binned, listed, gradients, hessians)));
});

test("histograms acquired while the kernel's memory grows keep their sums; released ones come back zeroed", () => {
  const { binned, gradients, hessians } = problem();
  const held = 40;
  const histograms = new GradientHistograms(binned, held);
  const rowSets = Array.from({ length: held }, (_, i) => Array.from({ length: 10 }, (_, j) => (i * 71 + j * 13) % binned.rows));
  const arrays = rowSets.map((rows) => {
    const histogram = histograms.acquire();
    histograms.rowIndex.set(rows, 0);
    histograms.fillRows(histogram, 0, rows.length, gradients, hessians);
    return histogram;
  });
  arrays.forEach((histogram, i) => {
    assert.deepEqual(Array.from(histogram), Array.from(expected(histograms, binned, rowSets[i]!, gradients, hessians)), `histogram ${i}`);
  });
  histograms.release(arrays[7]!);
  const reused = histograms.acquire();
  assert.equal(reused, arrays[7]);
  assert.ok(reused.every((v) => v === 0));
});
