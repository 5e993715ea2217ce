import assert from "node:assert/strict";
import { test } from "node:test";
import { createMatrix } from "../../src/ml/matrix.ts";
import { linearPredict } from "../../src/ml/models/linear/linear-predict.ts";
import { seededRandom } from "../../src/ml/random.ts";

test("linearPredict gives x·w + b for every width, narrow (generated kernels) and wide (the loop), and any row count", () => {
  const random = seededRandom(7);
  for (const d of [0, 1, 2, 7, 20, 64, 65, 130]) {
    for (const rows of [1, 3, 4, 5, 13]) {
      const x = createMatrix(rows, d, Float64Array.from({ length: rows * d }, () => random() * 4 - 2));
      const w = Float64Array.from({ length: d }, () => random() * 2 - 1);
      const out = new Float64Array(rows + 2).fill(-99);
      linearPredict(x, w, 0.5, out);
      for (let i = 0; i < rows; i++) {
        let expected = 0.5;
        for (let j = 0; j < d; j++) expected += w[j]! * x.data[i * d + j]!;
        assert.ok(Math.abs(out[i]! - expected) <= 1e-12 * (1 + Math.abs(expected)), `d ${d}, rows ${rows}, row ${i}: ${out[i]} ≠ ${expected}`);
      }
      assert.deepEqual([out[rows], out[rows + 1]], [-99, -99], `d ${d}, rows ${rows}: wrote past the rows`);
    }
  }
});
