/**
 * Scores decoded rows with a loaded version. This goes through a Table and the model's own
 * predict (so the preprocessing saved with the model applies exactly as in training); it is the
 * one function to swap for a row scorer that reads the column arrays directly.
 */
import type { Json } from "../json.ts";
import type { Matrix } from "../ml/matrix.ts";
import { type Column, createTable } from "../ml/table.ts";
import type { RequestRows } from "./request-rows.ts";
import type { ServedVersion } from "./served-version.ts";

export interface Scores {
  /** One per row: the class label, or the regressor's number. */
  readonly predictions: readonly Json[];
  /** Classification, when asked for: rows × classes, in the version's class order. */
  readonly probabilities: Matrix | null;
}

export async function scoreRows(version: ServedVersion, rows: RequestRows, withProbabilities: boolean): Promise<Scores> {
  const table = createTable(
    version.columns.map(
      (c, i) =>
        (c.type === "number"
          ? { name: c.name, type: "number", values: rows.columns[i] as Float64Array }
          : { name: c.name, type: "string", values: rows.columns[i] as (string | null)[] }) as Column,
    ),
  );
  const model = version.trained;
  if (model.task === "regression") return { predictions: Array.from(await model.predict(table)), probabilities: null };
  const [predictions, probabilities] = await Promise.all([model.predict(table), withProbabilities ? model.predictProba(table) : null]);
  return { predictions, probabilities };
}
