/** Trains an iris classifier and registers it as the champion, with its scores on the data (the monitor's baseline). */
import { ingestCsv, param, pipeline, registerModel, trainModel } from "../../src/index.ts";

export default pipeline({ name: "iris-champion", params: { path: param.string({ default: "data/iris.csv" }) } }, (p) => {
  const raw = ingestCsv({ path: p.path });
  const fit = trainModel({ data: raw.outputs.data, target: "target", kind: "logistic-regression", task: "classification" });
  registerModel({ model: fit.outputs.model, data: raw.outputs.data, name: "iris", alias: "champion" });
});
