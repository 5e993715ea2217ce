/**
 * Scores decoded rows with a loaded version, through the row scorer built once when the version
 * was loaded: the request's column arrays go straight to the model's per-row preprocessing and
 * predictRow, with no Table (an ONNX model keeps its own asynchronous table path).
 */
import type { Json } from "../json.ts";
import type { Matrix } from "../ml/matrix.ts";
import type { RowScores } from "../ml/row-scorer.ts";
import type { RequestRows } from "./request-rows.ts";
import type { ServedVersion } from "./served-version.ts";

export interface Scores {
  /** One per row: the class label, or the regressor's number. */
  readonly predictions: readonly Json[];
  /** Classification, when asked for: rows × classes, in the version's class order. */
  readonly probabilities: Matrix | null;
}

export async function scoreRows(version: ServedVersion, rows: RequestRows, withProbabilities: boolean): Promise<Scores> {
  const { scorer } = version;
  // Without `out`, the scorer answers in arrays of this call's own: concurrent requests never share them.
  const scores = scorer.synchronous ? scorer.scoreRows(rows.columns, rows.count) : await scorer.scoreRows(rows.columns, rows.count);
  const probabilities: Matrix | null =
    withProbabilities && version.classes ? { rows: scores.rowCount, cols: version.classes.length, data: scores.probabilities } : null;
  return { predictions: predictionsOf(version, scores), probabilities };
}

/** A classifier's class indices as its labels; a regressor's numbers as they are. */
function predictionsOf(version: ServedVersion, scores: RowScores): Json[] {
  const predictions = new Array<Json>(scores.rowCount);
  const classes = version.classes;
  for (let row = 0; row < scores.rowCount; row++) {
    const value = scores.predictions[row]!;
    predictions[row] = classes ? (classes[value] as Json) : value;
  }
  return predictions;
}
