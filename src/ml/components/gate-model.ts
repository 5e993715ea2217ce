import { ConveyorError } from "../../errors.ts";
import { Artifact, component, Dataset, describe, Model, optional, param } from "../../sdk/index.ts";
import { readDataset } from "../dataset-file.ts";
import type { GateCheck } from "../evaluate/gate-checks.ts";

/**
 * The quality gate before a model goes anywhere: evaluates it on the given data and checks
 * minimum and maximum scores (e.g. min { accuracy: 0.9 }, max { logLoss: 0.4 }) and, when a
 * champion model is given, that it beats the champion on the same data by at least
 * `minImprovement` in `compareBy`. A failed gate fails the task (halting what depends on it)
 * with every failed check, unless `warnOnly`.
 */
export const gateModel = component({
  name: "gate-model",
  version: "3",
  isolation: "thread",
  description: "Check a model's scores against thresholds and against a champion model",
  inputs: {
    model: Model,
    data: Dataset,
    min: param.json<Record<string, number>>({
      default: {},
      description: 'lowest acceptable scores, e.g. { "accuracy": 0.9 } (values may be references: { accuracy: p.minAccuracy })',
    }),
    max: param.json<Record<string, number>>({ default: {}, description: 'highest acceptable errors, e.g. { "rmse": 50 }' }),
    champion: optional(describe(Model, "the model in production, to beat on the same data")),
    compareBy: param.string({ default: "", description: "the metric compared with the champion; empty: accuracy or r2" }),
    minImprovement: param.number({ default: 0, description: "how much better than the champion the model must be" }),
    warnOnly: param.boolean({ default: false, description: "report a failed gate as passed = false instead of failing" }),
  },
  outputs: {
    report: describe(Artifact("application/json"), "every check with its threshold and observed value"),
    passed: param.boolean(),
  },
  run: async ({ model, data, min, max, champion, compareBy, minImprovement, warnOnly, report }, ctx) => {
    const { describeFailure, thresholdChecks } = await import("../evaluate/gate-checks.ts");
    const { evaluateTrained } = await import("../evaluate/evaluate-trained.ts");
    const { checkAgainstChampion, defaultComparison } = await import("../evaluate/champion-check.ts");
    const { readModel } = await import("../model-artifact.ts");
    if (Object.keys(min).length + Object.keys(max).length === 0 && !champion) {
      throw new ConveyorError("the gate has nothing to check", "give min or max scores, or a champion model", "invalid_param");
    }
    const table = await readDataset(data);
    const candidate = await readModel(model);
    const scores = (await evaluateTrained(candidate, table)).scores;
    const checks: GateCheck[] = thresholdChecks(scores, { min, max });
    if (champion) {
      const metric = compareBy || defaultComparison(candidate);
      checks.push((await checkAgainstChampion(candidate, scores, await readModel(champion), table, metric, minImprovement)).check);
    }
    const passed = checks.every((c) => c.passed);
    await report.writeJson({ passed, checks, scores });
    const failures = checks.filter((c) => !c.passed).map(describeFailure);
    if (!passed && !warnOnly) {
      throw new ConveyorError(`model gate failed: ${failures.join("; ")}`, "improve the model or its data, or change the gate", "gate_failed");
    }
    if (passed) ctx.log.info(`model gate passed ${checks.length} checks`);
    else ctx.log.warn(`model gate failed: ${failures.join("; ")}`);
    return { passed };
  },
});

