/**
 * A candidate's live quality: its predictions in the prediction log that have ground truth
 * (labels posted to `POST /v2/feedback` or recorded by `conveyor feedback`, joined by request id
 * and row), scored as a classifier's accuracy or a regressor's RMSE. Read from the log rather
 * than from the requests one server saw, so labels posted to any server or worker, or recorded
 * from a file, all count.
 */
import { getColumn, isMissing, type Column } from "../ml/table.ts";
import type { LogSegmentStore } from "../store/log-segment-types.ts";
import { readLabelledPredictions } from "./prediction-log/read-predictions.ts";

/** Where the labelled predictions are: the log the server writes (its store's index and project folder). */
export interface LabelledPredictionSource {
  readonly store: LogSegmentStore;
  readonly root: string;
}

export interface LiveQuality {
  /** Labelled predictions measured. */
  readonly labelled: number;
  /** A classifier's share of right predictions (null for a regressor, or without labels). */
  readonly accuracy: number | null;
  /** A regressor's root mean squared error (null for a classifier, or without labels). */
  readonly rmse: number | null;
}

export interface LiveQualityQuery {
  readonly deployment: string;
  readonly model: string;
  readonly version: number;
  readonly task: "classification" | "regression";
  /** Predictions made from this time on. */
  readonly from: Date;
}

export async function measureLiveQuality(source: LabelledPredictionSource, query: LiveQualityQuery): Promise<LiveQuality> {
  const { deployment, model, version, from } = query;
  const table = await readLabelledPredictions(source.store, { root: source.root, deployment, model, version, from });
  const predictions = getColumn(table, "prediction");
  const labels = getColumn(table, "label");
  let labelled = 0;
  let right = 0;
  let squares = 0;
  for (let row = 0; row < table.rowCount; row++) {
    if (isMissing(predictions, row) || isMissing(labels, row)) continue;
    labelled++;
    if (query.task === "classification") {
      if (sameClass(value(predictions, row), value(labels, row))) right++;
    } else {
      squares += (Number(value(predictions, row)) - Number(value(labels, row))) ** 2;
    }
  }
  if (labelled === 0) return { labelled, accuracy: null, rmse: null };
  return query.task === "classification" ? { labelled, accuracy: right / labelled, rmse: null } : { labelled, accuracy: null, rmse: Math.sqrt(squares / labelled) };
}

function value(column: Column, row: number): number | string {
  return column.values[row] as number | string;
}

/**
 * A class and a label, as the log keeps them: numbers as numbers or as text (a label posted as
 * "1" for the class 1), anything else as text ("true" for the class true).
 */
function sameClass(prediction: number | string, label: number | string): boolean {
  if (String(prediction) === String(label)) return true;
  const p = Number(prediction);
  return prediction !== "" && label !== "" && Number.isFinite(p) && p === Number(label);
}
