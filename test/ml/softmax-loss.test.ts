import assert from "node:assert/strict";
import { test } from "node:test";
import { createMatrix } from "../../src/ml/matrix.ts";
import { SoftmaxLoss } from "../../src/ml/models/linear/softmax-loss.ts";
import { seededRandom } from "../../src/ml/random.ts";

/** The objective SoftmaxLoss documents and its gradient, one row and class at a time. */
function plainLossAndGradient(x: number[][], y: number[], classCount: number, c: number, theta: Float64Array) {
  const width = x[0]!.length + 1;
  const gradient = new Float64Array(theta.length);
  let loss = 0;
  x.forEach((row, i) => {
    const input = [...row, 1];
    const scores = Array.from({ length: classCount }, (_, k) =>
      input.reduce((sum, v, j) => sum + v * theta[k * width + j]!, 0),
    );
    const logSum = Math.log(scores.reduce((sum, z) => sum + Math.exp(z), 0));
    loss += logSum - scores[y[i]!]!;
    for (let k = 0; k < classCount; k++) {
      const residual = Math.exp(scores[k]! - logSum) - (k === y[i] ? 1 : 0);
      input.forEach((v, j) => {
        gradient[k * width + j] = gradient[k * width + j]! + residual * v;
      });
    }
  });
  let interceptSum = 0;
  for (let k = 0; k < classCount; k++) interceptSum += theta[k * width + width - 1]!;
  for (let k = 0; k < classCount; k++) {
    for (let j = 0; j < width - 1; j++) {
      loss += theta[k * width + j]! ** 2 / (2 * c);
      gradient[k * width + j] = gradient[k * width + j]! + theta[k * width + j]! / c;
    }
    gradient[k * width + width - 1] = gradient[k * width + width - 1]! + interceptSum;
  }
  return { loss: loss + interceptSum ** 2 / 2, gradient };
}

test("SoftmaxLoss gives the plain loss and gradient for any number of classes, rows and features", () => {
  const random = seededRandom(11);
  // Feature counts around the kernels' two and four doubles at a time.
  const shapes = [3, 4, 5, 6, 7, 10, 11].flatMap((k) => [1, 3, 6, 29].flatMap((n) => [1, 2, 3, 5, 8].map((d) => [k, n, d] as const)));
  for (const [classCount, rows, d] of shapes) {
    const x = Array.from({ length: rows }, () => Array.from({ length: d }, () => 4 * random() - 2));
    const y = Array.from({ length: rows }, (_, i) => (i * 7) % classCount);
    const theta = Float64Array.from({ length: classCount * (d + 1) }, () => random() - 0.5);
    const expected = plainLossAndGradient(x, y, classCount, 0.7, theta);
    const gradient = new Float64Array(theta.length);
    const loss = new SoftmaxLoss(createMatrix(rows, d, Float64Array.from(x.flat())), Int32Array.from(y), classCount, 0.7);
    const where = `${classCount} classes, ${rows} rows, ${d} features`;
    assert.ok(Math.abs(loss.lossAndGradient(theta, gradient) - expected.loss) <= 1e-12 * expected.loss, where);
    gradient.forEach((g, at) => {
      assert.ok(Math.abs(g - expected.gradient[at]!) <= 1e-12 * Math.max(1, Math.abs(g)), `${where}: [${at}] ${g} != ${expected.gradient[at]}`);
    });
  }
});
