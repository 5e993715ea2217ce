import assert from "node:assert/strict";
import { test } from "node:test";
import { createMatrix } from "../../src/ml/matrix.ts";
import { lbfgsMinimize } from "../../src/ml/models/linear/lbfgs-minimize.ts";
import { LogisticClassifier } from "../../src/ml/models/linear/logistic-classifier.ts";
import { NEWTON_MAX_PARAMETERS } from "../../src/ml/models/linear/minimize-convex.ts";
import { newtonMinimize, type SmoothObjective } from "../../src/ml/models/linear/newton-minimize.ts";
import { SoftmaxLoss } from "../../src/ml/models/linear/softmax-loss.ts";
import { seededRandom } from "../../src/ml/random.ts";

/** ½ xᵀAx − bᵀx for a symmetric positive-definite A: its minimum is at A⁻¹b. */
function quadratic(a: number[][], b: number[]): SmoothObjective {
  return {
    size: b.length,
    lossAndGradient(x, gradient) {
      let loss = 0;
      for (let i = 0; i < b.length; i++) {
        let ax = 0;
        for (let j = 0; j < b.length; j++) ax += a[i]![j]! * x[j]!;
        gradient[i] = ax - b[i]!;
        loss += x[i]! * (ax / 2 - b[i]!);
      }
      return loss;
    },
  };
}

test("L-BFGS reaches a quadratic's known minimum", () => {
  // A = [[4, 1, 0], [1, 3, 1], [0, 1, 2]] and b = A [1, -2, 3] = [2, -2, 4].
  const a = [
    [4, 1, 0],
    [1, 3, 1],
    [0, 1, 2],
  ];
  const minimum = lbfgsMinimize(quadratic(a, [2, -2, 4]), { tolerance: 1e-14 });
  [1, -2, 3].forEach((expected, i) => {
    assert.ok(Math.abs(minimum[i]! - expected) < 1e-6, `[${i}] ${minimum[i]}`);
  });
});

test("L-BFGS gets a badly scaled quadratic's loss near its minimum", () => {
  // Curvatures 1 to 10⁴ (minimum at all ones): plain gradient descent would crawl there.
  const size = 20;
  const a = Array.from({ length: size }, (_, i) => Array.from({ length: size }, (_, j) => (i === j ? 10 ** (i / 5) : 0)));
  const b = Array.from({ length: size }, (_, i) => 10 ** (i / 5));
  const objective = quadratic(a, b);
  const minimum = lbfgsMinimize(objective, { tolerance: 1e-14 }, new Float64Array(size).fill(5));
  const gradient = new Float64Array(size);
  const best = objective.lossAndGradient(new Float64Array(size).fill(1), gradient);
  const reached = objective.lossAndGradient(minimum, gradient);
  // It stops, as scipy's L-BFGS-B, once a step gains less than 2.2e-9 of the loss: near the
  // minimum, not at it.
  assert.ok(reached - best <= 1e-6 * Math.abs(best), `${reached} against ${best}`);
});

/** A 10-class problem of `cols` features: more parameters than Newton is used for. */
function manyClasses(rows: number, cols: number) {
  const random = seededRandom(11);
  const x = createMatrix(rows, cols);
  const y = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    y[r] = r % 10;
    for (let c = 0; c < cols; c++) x.data[r * cols + c] = random() * 2 - 1 + (c === y[r] ? 1.5 : 0);
  }
  return { x, y };
}

test("a softmax fit of many parameters takes L-BFGS to the optimum Newton's method finds", () => {
  const { x, y } = manyClasses(800, 12);
  const loss = new SoftmaxLoss(x, y, 10, 1);
  assert.ok(loss.size > NEWTON_MAX_PARAMETERS);
  const newton = newtonMinimize(new SoftmaxLoss(x, y, 10, 1), { tolerance: 1e-10 });
  const json = LogisticClassifier.fit(x, y).toJSON().model;
  assert.ok("intercepts" in json);
  for (let k = 0; k < 10; k++) {
    const theta = [...json.coefficients.slice(k * 12, k * 12 + 12), json.intercepts[k]!];
    theta.forEach((value, j) => {
      const expected = newton[k * 13 + j]!;
      assert.ok(Math.abs(value - expected) < 1e-3 * Math.max(1, Math.abs(expected)), `class ${k} [${j}] ${value} != ${expected}`);
    });
  }
  const gradient = new Float64Array(loss.size);
  const reached = loss.lossAndGradient(Float64Array.from(newton), gradient);
  const fitted = new Float64Array(loss.size);
  for (let k = 0; k < 10; k++) {
    fitted.set(json.coefficients.slice(k * 12, k * 12 + 12), k * 13);
    fitted[k * 13 + 12] = json.intercepts[k]!;
  }
  // Within scipy's relative stopping test of the optimum's loss, as scikit-learn's lbfgs stops.
  assert.ok(loss.lossAndGradient(fitted, gradient) - reached < 1e-6 * reached);
});

test("maxIterations bounds L-BFGS too, with the error that says what to do", () => {
  const { x, y } = manyClasses(300, 12);
  assert.throws(() => LogisticClassifier.fit(x, y, { maxIterations: 3 }), /did not converge in 3 iterations/);
});
