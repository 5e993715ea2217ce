import { ConveyorError } from "../../errors.ts";
import { Artifact, component, Dataset, describe, Model, optional, param } from "../../sdk/index.ts";
import { readDataset } from "../dataset-file.ts";

/**
 * A model's quality on newly labelled data against what it scored when it was registered: the
 * model and its recorded metrics from the registry (`registered: "models:/churn@champion"`), or
 * a model input and the `baseline` given. A metric that fell by more than `maxDrop` (rose, for a
 * loss) sets `performanceDropped`, so a pipeline can retrain when the live quality slips.
 */
export const checkPerformance = component({
  name: "check-performance",
  version: "1",
  isolation: "thread",
  description: "Check a model's quality on new labelled data against its registered metrics",
  inputs: {
    data: describe(Dataset, "labelled data the model has not seen: its input columns and the target"),
    model: optional(describe(Model, "the model to check; or give `registered`")),
    registered: param.string({ default: "", description: 'a registered model, e.g. "models:/churn@champion": the model and its metrics come from the registry' }),
    baseline: param.json<Record<string, number>>({ default: {}, description: 'the metrics to compare with when no registered model is given, e.g. { "accuracy": 0.93 }' }),
    maxDrop: param.number({ default: 0.05, min: 0, description: "how far a metric may fall below its baseline before it counts as dropped" }),
    minLabels: param.int({ default: 30, min: 1, description: "fewer labelled rows: not judged, no drop" }),
  },
  outputs: {
    report: describe(Artifact("application/json"), "each metric, its baseline and its drop"),
    performanceDropped: param.boolean(),
    scores: param.json<Record<string, number>>(),
  },
  run: async ({ data, model, registered, baseline, maxDrop, minLabels, report }, ctx) => {
    const { readModel } = await import("../model-artifact.ts");
    const { measurePerformance } = await import("../monitoring/live-performance.ts");
    const { getColumn } = await import("../table.ts");
    const version = registered ? await ctx.registry.resolve(registered) : undefined;
    if (registered && !version) throw new ConveyorError(`no registered model ${registered}`, "give a models:/name/version or models:/name@alias that exists", "not_found");
    if (!version && !model) throw new ConveyorError("checkPerformance has no model to check", "give the model input, or a registered model reference", "invalid_param");
    const trained = await readModel(version ? version.model : model!);
    const table = await readDataset(data);
    const labels = getColumn(table, trained.target);
    const predictions = await trained.predict(table);
    const classes = trained.task === "classification" ? [...trained.classes] : undefined;
    const probabilities = trained.task === "classification" ? await trained.predictProba(table) : undefined;
    const performance = measurePerformance(
      {
        task: trained.task,
        ...(classes && { classes }),
        labels,
        predictions: predictions instanceof Float64Array ? { name: "prediction", type: "number", values: predictions } : { name: "prediction", type: "string", values: predictions.map(String) },
        ...(classes && probabilities && { probabilities: classes.map((_, c) => Float64Array.from({ length: probabilities.rows }, (_, i) => probabilities.data[i * probabilities.cols + c]!)) }),
      },
      { baseline: version ? version.metrics : baseline, maxDrop, minLabels },
    );
    await report.writeJson({ ...(version && { model: version.uri }), ...performance });
    const scores = Object.fromEntries(performance.metrics.map((m) => [m.name, m.value]));
    for (const [name, value] of Object.entries(scores)) ctx.metric(name, value);
    const dropped = performance.metrics.filter((m) => m.dropped).map((m) => `${m.name} ${m.value.toFixed(4)} (was ${m.baseline?.toFixed(4)})`);
    ctx.log.info(performance.status === "notJudged" ? `not judged: ${performance.reason}` : dropped.length > 0 ? `performance dropped: ${dropped.join(", ")}` : "performance holds");
    return { performanceDropped: performance.dropped, scores };
  },
});
