import { ConveyorError, isConveyorError } from "../../errors.ts";
import { modelUri } from "../../registry/uri.ts";
import { component, Dataset, describe, Metrics, Model, optional, param } from "../../sdk/index.ts";
import type { ModelRegistration, RegisteredModelVersion, TaskContext } from "../../sdk/index.ts";
import { readDataset } from "../dataset-file.ts";
import type { ChampionComparison } from "../evaluate/champion-check.ts";

/**
 * Registers a model as the next version of a registered model, with its signature, training
 * metrics and (given `data`) its scores on held-out rows, optionally pointing an alias at it.
 * With `onlyIfBetter`, it first scores the alias's current holder on the same data and
 * registers only a model that beats it by at least `minDelta` in `metric`; the first version
 * under an alias needs nothing to beat. Not cached: what it does depends on the registry.
 */
export const registerModel = component({
  name: "register-model",
  version: "1",
  isolation: "thread",
  description: "Register a model version under a name, with an optional alias, optionally only when it beats the alias's holder",
  cache: false,
  inputs: {
    model: Model,
    data: optional(describe(Dataset, "labelled held-out rows: what the champion comparison scores both models on")),
    name: param.string({ description: "the registered model's name; created at version 1 when new" }),
    alias: param.string({ default: "", description: 'point this alias at the new version, e.g. "champion"; empty: none' }),
    onlyIfBetter: param.boolean({ default: false, description: "register only when the model beats the alias's current holder on data" }),
    metric: param.string({ default: "", description: 'the score compared, by evaluateModel\'s names (e.g. "rocAuc", "rmse"); empty: accuracy or r2' }),
    minDelta: param.number({ default: 0, min: 0, description: "how much better than the holder the model must be; 0: at least as good" }),
    reason: param.string({ default: "", description: "why, for the alias's audit trail; empty: the comparison's outcome" }),
    description: param.string({ default: "", description: "the version's description" }),
    tags: param.json<Record<string, string>>({ default: {}, description: "the version's tags" }),
  },
  outputs: {
    registered: param.boolean(),
    /** 0 when nothing was registered. */
    version: param.int(),
    /** models:/name/version, or "" when nothing was registered. */
    uri: param.string(),
    report: describe(Metrics, "the model's and the holder's scores, the comparison and the decision"),
  },
  run: async ({ model, data, name, alias, onlyIfBetter, metric, minDelta, reason, description, tags, report }, ctx) => {
    const { describeFailure } = await import("../evaluate/gate-checks.ts");
    const { metricDirection } = await import("../evaluate/metric-direction.ts");
    const { modelSignature } = await import("../model-signature.ts");
    const { checkAgainstChampion, defaultComparison } = await import("../evaluate/champion-check.ts");
    const { evaluateTrained } = await import("../evaluate/evaluate-trained.ts");
    const { readModel } = await import("../model-artifact.ts");
    if (onlyIfBetter && !alias) {
      throw new ConveyorError("onlyIfBetter compares the model with the holder of an alias, and no alias was given", 'give alias, e.g. "champion"', "invalid_param");
    }
    if (onlyIfBetter && !data) {
      throw new ConveyorError("onlyIfBetter needs data to score both models on", "pass data: labelled rows neither model was trained on", "invalid_param");
    }
    const candidate = await readModel(model);
    const compared = metric || defaultComparison(candidate);
    metricDirection(compared);
    const table = data && (await readDataset(data));
    const scores = table ? (await evaluateTrained(candidate, table)).scores : {};
    const holder = onlyIfBetter ? await ctx.registry.resolve(modelUri({ name, alias })) : undefined;
    // The holder itself is not compared: registering it again is refused as a duplicate, or, when an
    // earlier attempt of this task registered it (a retry, a resume), gives that version back.
    const comparison =
      holder && table && holder.digest !== model.digest
        ? await checkAgainstChampion(candidate, scores, await readModel(holder.model), table, compared, minDelta)
        : undefined;
    const refusal = comparison && !comparison.check.passed ? `${describeFailure(comparison.check)} (${holder?.uri})` : undefined;
    const outcome: Outcome = refusal
      ? { why: refusal }
      : await register(ctx, {
          model,
          name,
          description,
          tags,
          metrics: scores,
          // From the model file itself, so a model from any component (or imported) has one.
          signature: modelSignature(candidate),
          ...(alias ? { alias, reason: reason || aliasReason(alias, onlyIfBetter, holder, comparison) } : {}),
        });
    const registered = outcome.version !== undefined;
    const version = outcome.version?.version ?? 0;
    const uri = outcome.version?.uri ?? "";

    await report.writeJson({
      name,
      alias: alias || null,
      registered,
      version,
      uri,
      decision: outcome.why,
      metric: compared,
      minDelta,
      candidate: { digest: model.digest, scores },
      champion: holder ? { uri: holder.uri, digest: holder.digest, scores: comparison?.championScores ?? null } : null,
      check: comparison?.check ?? null,
    });
    if (registered) ctx.log.info(outcome.why);
    else ctx.log.warn(`not registered: ${outcome.why}`);
    return { registered, version, uri };
  },
});

/** The version registered (none when refused), and why, for the log and the report. */
interface Outcome {
  version?: RegisteredModelVersion;
  why: string;
}

/** An artifact the model already has is reported, not failed on, so a run without the cache still succeeds. */
async function register(ctx: TaskContext, request: ModelRegistration): Promise<Outcome> {
  try {
    const version = await ctx.registry.register(request);
    return { version, why: `registered ${version.uri}${request.alias ? ` as ${request.name}@${request.alias}` : ""}` };
  } catch (error) {
    if (isConveyorError(error) && error.code === "duplicate_version") return { why: error.message };
    throw error;
  }
}

/** For the alias's audit trail, when no reason is given: what the comparison found. */
function aliasReason(alias: string, gated: boolean, holder: RegisteredModelVersion | undefined, comparison: ChampionComparison | undefined): string | undefined {
  if (!gated) return undefined;
  if (!holder) return `no version held ${alias} before`;
  if (!comparison) return undefined;
  const { metric, value, champion } = comparison.check;
  return `${metric} ${Number(value.toPrecision(4))} against ${Number(champion!.toPrecision(4))} of ${holder.uri}`;
}
