/** The first champion: trained on the customers before the shift, gated, registered as `models:/churn@champion`. */
import { gateModel, ingestCsv, param, pipeline, registerModel, splitData, trainModel } from "conveyor";

export default pipeline(
  { name: "churn-train", params: { path: param.string({ description: "the labelled customers to train on (CSV)" }) } },
  (p) => {
    const raw = ingestCsv({ path: p.path });
    const split = splitData({ data: raw.outputs.data, target: "churned", testFraction: 0.3, seed: 1 });
    const fit = trainModel({ data: split.outputs.train, target: "churned", kind: "decision-tree", task: "classification" });
    const gate = gateModel({ model: fit.outputs.model, data: split.outputs.test, min: { accuracy: 0.9 } });
    registerModel({ model: fit.outputs.model, data: split.outputs.test, name: "churn", alias: "champion" }).after(gate);
  },
);
