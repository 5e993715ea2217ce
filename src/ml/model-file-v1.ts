/**
 * The first saved form of a trained classifier, written by the retired
 * train-logistic-regression component; loadModel (model-file.ts) still reads it, as an
 * upgraded version 2, so that models saved then keep working.
 * Format "conveyor.model", version 1:
 *
 *   {
 *     "format": "conveyor.model", "version": 1, "kind": "logistic-regression",
 *     "target": "target",            // the column the model predicts (labels 0 and 1)
 *     "features": ["mean radius", …], // input columns, in the order the model reads them
 *     "scaler": { … },                // StandardScaler.toJSON(): applied to the features first
 *     "model": { … },                 // LogisticRegression.toJSON(): scores the scaled features
 *     "trainedRows": 455
 *   }
 *
 * A reader refuses any other format, version or kind rather than guessing.
 */
import { ConveyorError } from "../errors.ts";
import { featureMatrix } from "./feature-matrix.ts";
import { readEnvelope, readNumber } from "./json-format.ts";
import { LogisticRegression, type LogisticRegressionJSON } from "./models/logistic-regression.ts";
import type { Table } from "./table.ts";
import { StandardScaler, type StandardScalerJSON } from "./transforms/standard-scaler.ts";

const envelope = { format: "conveyor.model", version: 1 } as const;
const kind = "logistic-regression";

export interface ModelFileV1JSON {
  readonly format: typeof envelope.format;
  readonly version: typeof envelope.version;
  readonly kind: typeof kind;
  readonly target: string;
  readonly features: string[];
  readonly scaler: StandardScalerJSON;
  readonly model: LogisticRegressionJSON;
  readonly trainedRows: number;
}

/** Feature scaling and logistic regression, with the column names that tie them to a table. */
export class ClassifierModel {
  constructor(
    readonly target: string,
    readonly features: readonly string[],
    readonly scaler: StandardScaler,
    readonly model: LogisticRegression,
    readonly trainedRows: number,
  ) {}

  static fromJSON(json: unknown): ClassifierModel {
    const record = readEnvelope(json, envelope);
    if (record.kind !== kind) throw corrupt(`kind ${JSON.stringify(record.kind)} is not "${kind}"`);
    const { target, features } = record;
    if (typeof target !== "string") throw corrupt(`"target" must be a column name`);
    if (!Array.isArray(features) || !features.every((f) => typeof f === "string")) {
      throw corrupt(`"features" must be a list of column names`);
    }
    const scaler = StandardScaler.fromJSON(record.scaler);
    const model = LogisticRegression.fromJSON(record.model);
    if (scaler.mean.length !== features.length || model.featureCount !== features.length) {
      throw corrupt(`"features" names ${features.length} columns, the scaler and model disagree`);
    }
    return new ClassifierModel(target, features, scaler, model, readNumber(record, "trainedRows"));
  }

  /** P(target = 1) for each row of the table, which must hold every feature column. */
  predictProba(table: Table): Float64Array {
    const missing = this.features.filter((name) => !table.columns.some((c) => c.name === name));
    if (missing.length > 0) {
      throw new ConveyorError(
        `the data lacks ${missing.length} of the model's feature columns: ${missing.map((m) => `"${m}"`).join(", ")}`,
        "score data with the same columns the model was trained on",
        "unknown_column",
      );
    }
    return this.model.predictProba(this.scaler.transform(featureMatrix(table, this.features)));
  }

  /** Class 1 where P(target = 1) > 0.5, as LogisticRegression.predict decides. */
  predict(table: Table): Uint8Array {
    return Uint8Array.from(this.predictProba(table), (p) => (p > 0.5 ? 1 : 0));
  }

  toJSON(): ModelFileV1JSON {
    return {
      ...envelope,
      kind,
      target: this.target,
      features: [...this.features],
      scaler: this.scaler.toJSON(),
      model: this.model.toJSON(),
      trainedRows: this.trainedRows,
    };
  }
}

function corrupt(problem: string): ConveyorError {
  return new ConveyorError(`cannot load model: ${problem}`, "re-train the model", "corrupt_artifact");
}
