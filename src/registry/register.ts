/** Registering a model version from the artifact a run's task produced. */
import { ConveyorError } from "../errors.ts";
import type { ModelSignature, ModelVersionRecord } from "../store/registry-types.ts";
import type { MetadataStore } from "../store/types.ts";
import { currentActor } from "./actor.ts";
import { artifactMetrics } from "./artifact-metrics.ts";
import { signatureOf, trainingMetricsOf } from "./artifact-facts.ts";

export interface RegisterModelOptions {
  /** The registered model's name; created at version 1 when new. */
  name: string;
  /** Run id or a unique prefix of one. */
  run: string;
  /** The task's name in the run ("main" for a run made with startRun). */
  task: string;
  /** The task's output artifact; default "model". */
  output?: string;
  /** Point this alias (e.g. "champion") at the new version. */
  alias?: string;
  reason?: string;
  description?: string;
  tags?: Record<string, string>;
  /** Default: the artifact's `signature` metadata, when it has one. */
  signature?: ModelSignature;
  /** Who registers it; default $USER. */
  actor?: string;
}

/**
 * The new version records the model's training metrics and the metrics computed on that very
 * artifact (see artifactMetrics); writing it and setting the alias are one transaction, so a
 * failure leaves the registry as it was.
 */
export async function registerModel(store: MetadataStore, options: RegisterModelOptions): Promise<ModelVersionRecord> {
  const run = await store.findRun(options.run);
  if (!run) throw new ConveyorError(`run "${options.run}" was not found in ${store.location}`, "list runs with `conveyor runs list`", "not_found");
  const tasks = await store.listTasks(run.id);
  const task = tasks.find((t) => t.name === options.task);
  if (!task) {
    throw new ConveyorError(`run ${run.id} has no task "${options.task}"`, `its tasks are: ${tasks.map((t) => t.name).join(", ")}`, "not_found");
  }
  const output = options.output ?? "model";
  const outputs = (await store.taskLineage(task.id)).filter((e) => e.kind === "output");
  const event = outputs.find((e) => e.name === output);
  if (!event) {
    const names = outputs.map((e) => e.name);
    throw new ConveyorError(
      `task "${task.name}" of run ${run.id} has no output artifact "${output}"`,
      names.length ? `its output artifacts are: ${names.join(", ")} (choose one with --output)` : `it recorded no output artifacts (its status is ${task.status})`,
      "not_found",
    );
  }
  return store.createModelVersion({
    model: options.name,
    runId: run.id,
    taskId: task.id,
    artifactId: event.artifactId,
    description: options.description ?? null,
    tags: options.tags ?? {},
    signature: options.signature ?? signatureOf(event.artifact.metadata),
    metrics: { ...trainingMetricsOf(event.artifact.metadata), ...(await artifactMetrics(store, run.id, task.name, event.artifactId)) },
    actor: options.actor ?? currentActor(),
    ...(options.alias ? { alias: { name: options.alias, reason: options.reason ?? null } } : {}),
  });
}
