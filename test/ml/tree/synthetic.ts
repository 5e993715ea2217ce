import { createMatrix, type Matrix } from "../../../src/ml/matrix.ts";
import { seededRandom } from "../../../src/ml/random.ts";

/**
 * A seeded noisy binary problem: the label is 1 when x0 + x1 + noise > 0, the other
 * features are pure noise. Enough signal to learn, enough noise that boosting plateaus.
 */
export function noisyProblem(
  rows: number,
  cols: number,
  seed: number,
): { x: Matrix; y: Float64Array } {
  const random = seededRandom(seed);
  const x = createMatrix(rows, cols);
  const y = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) x.data[r * cols + c] = random() * 2 - 1;
    y[r] = x.data[r * cols]! + x.data[r * cols + 1]! + (random() - 0.5) * 1.5 > 0 ? 1 : 0;
  }
  return { x, y };
}
