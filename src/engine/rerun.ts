/**
 * What `conveyor rerun` needs from an earlier run: its stored IR and params, after checking
 * that every file its tasks read through `param.file()` still has the content it had then,
 * since a rerun over different data would not reproduce anything.
 */
import { resolve } from "node:path";
import { ConveyorError } from "../errors.ts";
import { loadIr } from "../ir/load.ts";
import type { PipelineIR } from "../ir/schema.ts";
import type { Json } from "../json.ts";
import type { MetadataStore, RunRecord } from "../store/types.ts";
import { runDataInputs } from "../tracking/inputs.ts";
import { fileDigest } from "./attempt.ts";

export interface RerunPlan {
  ir: PipelineIR;
  params: Record<string, Json>;
}

export async function planRerun(store: MetadataStore, root: string, run: RunRecord): Promise<RerunPlan> {
  const pipeline = await store.getPipeline(run.pipelineDigest);
  const stored = pipeline?.ir as { tracking?: unknown } | undefined;
  if (!pipeline || stored?.tracking === true) {
    throw new ConveyorError(
      `run ${run.id} has no pipeline to run again (it was ${pipeline ? "logged with the tracking API" : "made by a pipeline missing from the store"})`,
      "only runs started from a pipeline (conveyor run, the API) can be rerun",
      "not_rerunnable",
    );
  }
  for (const { path, digest: then } of await runDataInputs(store, run.id)) {
    if (path === undefined) continue;
    const now = await fileDigest(resolve(root, path));
    if (now !== then) {
      throw new ConveyorError(
        `input file "${path}" ${now === "missing" ? "is missing" : "has changed"} since run ${run.id} (${then === "missing" ? "it was missing then" : `it was ${then.slice(0, 19)}…`})`,
        "restore the file's content as it was, or start a new run with `conveyor run`",
        "input_changed",
      );
    }
  }
  return { ir: await loadIr(pipeline.ir, `pipeline ${pipeline.name} (${pipeline.digest})`), params: run.params };
}
