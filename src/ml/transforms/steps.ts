import { ConveyorError } from "../../errors.ts";
import type { Table } from "../table.ts";
import { ColumnScaler } from "./column-scaler.ts";
import { ColumnSelector } from "./column-selector.ts";
import { Imputer } from "./imputer.ts";
import { OneHotEncoder } from "./one-hot-encoder.ts";
import { OrdinalEncoder } from "./ordinal-encoder.ts";
import { corruptStep, readRecord } from "./step-json.ts";
import type { FittedStep, StepSpec } from "./table-step.ts";

const kinds = ["select", "impute", "scale", "one-hot", "ordinal"] as const;

/** Fits one step on the table as the steps before it left it. */
export function fitStep(table: Table, spec: StepSpec): FittedStep {
  switch (spec.kind) {
    case "select":
      return ColumnSelector.fit(table, spec.columns);
    case "impute":
      return Imputer.fit(table, spec.strategy, spec.columns, spec.fillValue);
    case "scale":
      return ColumnScaler.fit(table, spec.method, spec.columns);
    case "one-hot":
      return OneHotEncoder.fit(table, spec.columns, spec.handleUnknown);
    case "ordinal":
      return OrdinalEncoder.fit(table, spec.columns, spec.unknownValue);
    default:
      throw new ConveyorError(
        `unknown preprocessing step ${JSON.stringify((spec as { kind: unknown }).kind)}`,
        `use one of ${kinds.map((k) => `"${k}"`).join(", ")}`,
        "invalid_param",
      );
  }
}

/** Loads a step saved by FittedStep.toJSON. */
export function stepFromJSON(json: unknown): FittedStep {
  const { kind } = readRecord(json, "a step");
  switch (kind) {
    case "select":
      return ColumnSelector.fromJSON(json);
    case "impute":
      return Imputer.fromJSON(json);
    case "scale":
      return ColumnScaler.fromJSON(json);
    case "one-hot":
      return OneHotEncoder.fromJSON(json);
    case "ordinal":
      return OrdinalEncoder.fromJSON(json);
    default:
      throw corruptStep(`unknown step kind ${JSON.stringify(kind)}`);
  }
}
