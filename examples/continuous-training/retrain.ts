/**
 * The retraining pipeline a drift alert starts: train a challenger on the new customers, then
 * gate it against the champion on the same held-out rows (it must beat it), and register it
 * without moving the champion alias: the deployment's canary decides whether it gets there.
 */
import { component, gateModel, ingestCsv, Model, param, pipeline, registerModel, splitData, trainModel } from "conveyor";

/** The registry's champion as a Model artifact of this run, for the gate to score on the same rows. Not cached: the champion moves. */
export const champion = component({
  name: "champion",
  cache: false,
  inputs: { name: param.string() },
  outputs: { model: Model },
  run: async ({ name, model }, ctx) => {
    const holder = await ctx.registry.resolve(`models:/${name}@champion`);
    if (!holder) throw new Error(`models:/${name}@champion does not exist: train a first champion (train.ts)`);
    await model.writeBytes(await holder.model.bytes());
    model.metadata = { ...holder.model.metadata, registered: holder.uri };
  },
});

export default pipeline(
  {
    name: "churn-retrain",
    params: {
      path: param.string({ description: "the new labelled customers (CSV)" }),
      alertWindow: param.string({ default: "", description: "the monitor window whose alert started the run (the trigger passes it)" }),
    },
  },
  (p) => {
    const raw = ingestCsv({ path: p.path });
    const split = splitData({ data: raw.outputs.data, target: "churned", testFraction: 0.3, seed: 1 });
    const fit = trainModel({ data: split.outputs.train, target: "churned", kind: "decision-tree", task: "classification" });
    const current = champion({ name: "churn" });
    const gate = gateModel({ model: fit.outputs.model, data: split.outputs.test, champion: current.outputs.model, min: { accuracy: 0.9 }, minImprovement: 0.05 });
    registerModel({ model: fit.outputs.model, data: split.outputs.test, name: "churn", description: p.alertWindow }).after(gate);
  },
);
