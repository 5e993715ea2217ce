/**
 * A model's signature: the columns it reads (name and type) and what it predicts, for the
 * registry and for serving to check requests against. trainModel records it in the Model
 * artifact's metadata (as `signature`), and registration copies it into the version.
 *
 *   inputs:  { columns: [{ name: "tenure", type: "number" }, { name: "contract", type: "string" }] }
 *   outputs: { task: "classification", prediction: { name: "churned", type: "string" },
 *              probabilities: { type: "number", classes: ["no", "yes"] } }   (one per class, in this order)
 *            { task: "regression", prediction: { name: "price", type: "number" } }
 */
import type { ModelSignature } from "../sdk/handles.ts";
import type { Json } from "../json.ts";
import type { TrainedModel } from "./trained-model.ts";

export function modelSignature(model: TrainedModel): ModelSignature {
  const inputs = { columns: model.inputSchema.columns.map((c) => ({ name: c.name, type: c.type })) };
  if (model.task === "regression") {
    return { inputs, outputs: { task: "regression", prediction: { name: model.target, type: "number" } } };
  }
  const classes: Json[] = [...model.classes];
  const labelType = classes.every((c) => typeof c === "number") ? "number" : "string";
  return {
    inputs,
    outputs: {
      task: "classification",
      prediction: { name: model.target, type: labelType },
      probabilities: { type: "number", classes },
    },
  };
}
