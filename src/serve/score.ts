/**
 * Scores decoded rows with a loaded version, through the row scorer built once when the version
 * was loaded: the request's column arrays go straight to the model's per-row preprocessing and
 * predictRow, with no Table (an ONNX model keeps its own asynchronous table path). A model
 * trained here is scored synchronously, so its request is answered with no promise in between.
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

/** The scores, at once for a model trained here, as a promise for an ONNX model. */
export function scoreRows(version: ServedVersion, rows: RequestRows, withProbabilities: boolean): Scores | Promise<Scores> {
  const { scorer } = version;
  // Without `out`, the scorer answers in arrays of this call's own: concurrent requests never share them.
  if (scorer.synchronous) return scoresOf(version, scorer.scoreRows(rows.columns, rows.count), withProbabilities);
  return scorer.scoreRows(rows.columns, rows.count).then((scores) => scoresOf(version, scores, withProbabilities));
}

function scoresOf(version: ServedVersion, scores: RowScores, withProbabilities: boolean): Scores {
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
