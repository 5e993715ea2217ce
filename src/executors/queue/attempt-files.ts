/**
 * A queued attempt's files on the worker that runs it. A worker on the driver's machine, in the
 * driver's project folder, reads and writes the driver's paths as they are: no copy. Any other
 * worker shares nothing with its driver but Redis and the stores, so it never trusts a driver
 * path: it opens each input from the artifact store by URI and digest (an S3 store downloads it
 * into this machine's cache, checked as it arrives), has the task write into its own staging
 * folder, and puts the outputs in the artifact store itself; the driver records them by digest.
 */
import { stat } from "node:fs/promises";
import { join, sep } from "node:path";
import type { ResolvedArtifact } from "../../artifacts/resolved-artifact.ts";
import type { ArtifactStore } from "../../artifacts/types.ts";
import type { TaskExecution, TaskOutcome } from "../../engine/executor.ts";

/** Where a process runs: the machine, and the project folder there. */
export interface Place {
  host: string;
  root: string;
}

export interface AttemptFiles {
  /** The attempt as this worker runs it. */
  execution: TaskExecution;
  /** The outcome as the driver records it: on another machine, each output written is in the artifact store. */
  handOver(outcome: TaskOutcome): Promise<TaskOutcome>;
  /** Removes what the attempt left here once its result is sent. */
  discard(): Promise<void>;
}

/**
 * Whether the worker sees the driver's files at the driver's paths: same machine (by hostname,
 * which tells machines and containers apart unless one shares another's) and project folder.
 */
export function sharesFiles(driver: Place, worker: Place): boolean {
  return driver.host === worker.host && driver.root === worker.root;
}

/** The attempt's files on this worker: the driver's own when it shares them, else its own, through `artifacts`. */
export async function attemptFiles(execution: TaskExecution, driver: Place, worker: Place, artifacts: ArtifactStore): Promise<AttemptFiles> {
  if (sharesFiles(driver, worker)) return { execution, handOver: async (outcome) => outcome, discard: async () => {} };
  const inputs: TaskExecution["inputs"] = {};
  for (const [name, value] of Object.entries(execution.inputs)) {
    inputs[name] = Array.isArray(value) ? await Promise.all(value.map((a) => opened(artifacts, a))) : await opened(artifacts, value);
  }
  const { runId, taskName, attempt } = execution;
  const hasOutputs = Object.keys(execution.outputs).length > 0;
  const staging = hasOutputs ? await artifacts.stagingDir(runId, taskName, attempt) : artifacts.stagingPath(runId, taskName, attempt);
  const outputs: TaskExecution["outputs"] = {};
  for (const [name, out] of Object.entries(execution.outputs)) outputs[name] = { ...out, path: join(staging, "outputs", name) };
  return {
    execution: { ...execution, root: worker.root, inputs, outputs, workDir: `${staging}${sep}work` },
    handOver: (outcome) => storeOutputs(artifacts, outputs, outcome),
    discard: () => artifacts.discardStaging(runId, { taskName, number: attempt }),
  };
}

async function opened(artifacts: ArtifactStore, input: ResolvedArtifact): Promise<ResolvedArtifact> {
  return { ...input, path: await artifacts.open(input.uri, input.digest) };
}

/**
 * Puts each output the task wrote in the artifact store. One it did not write is left out: the
 * driver, finding neither content nor file, says which output is missing as for a local task.
 */
async function storeOutputs(artifacts: ArtifactStore, outputs: TaskExecution["outputs"], outcome: TaskOutcome): Promise<TaskOutcome> {
  const stored: TaskOutcome["artifacts"] = { ...outcome.artifacts };
  for (const [name, out] of Object.entries(outputs)) {
    if (!(await stat(out.path).catch(() => undefined))?.isFile()) continue;
    const meta = outcome.artifacts[name] ?? { mediaType: out.mediaType, metadata: {} };
    stored[name] = { ...meta, stored: await artifacts.ingest(out.path, { mediaType: meta.mediaType }) };
  }
  return { ...outcome, artifacts: stored };
}
