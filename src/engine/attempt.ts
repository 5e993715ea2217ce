/** One attempt of one task: inputs resolved, executor called, outputs stored by content. */
import { stat } from "node:fs/promises";
import { join, resolve, sep } from "node:path";
import { sha256File } from "../artifacts/digest.ts";
import type { ResolvedArtifact } from "../artifacts/resolved-artifact.ts";
import type { ArtifactStore, StoredContent } from "../artifacts/types.ts";
import { ConveyorError } from "../errors.ts";
import { checkParamValue } from "../ir/params.ts";
import type { ComponentIR, TaskIR } from "../ir/schema.ts";
import { taskRegistry } from "../registry/task-registry.ts";
import type { Json } from "../json.ts";
import type { ArtifactRecord, LineageEvent, MetadataStore, TaskRecord } from "../store/types.ts";
import type { AttemptAbort } from "./attempt-abort.ts";
import { type CacheKeyParts, cacheKeyParts } from "./cache-key.ts";
import { TaskTimeoutError } from "./errors.ts";
import type { Executor, LogEntry, TaskExecution } from "./executor.ts";
import { type ResolveContext, resolveArtifact, resolveValue } from "./resolve.ts";

export interface PreparedTask {
  params: Record<string, Json>;
  inputs: Record<string, ArtifactRecord | ArtifactRecord[]>;
  keyParts: CacheKeyParts;
  /** The digest of `keyParts`, once taken. */
  cacheKey?: string;
}

/** "sha256:<hex>" of the file's content, or "missing": what a cache key records for a `param.file()` input. */
export async function fileDigest(path: string): Promise<string> {
  try {
    return `sha256:${(await sha256File(path)).hex}`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "missing";
    throw error;
  }
}

/**
 * Resolves a ready row's inputs: what the cache key and the executor both need. File
 * parameters keep their value as given in the key, and reach the task as absolute paths.
 */
export async function prepareTask(
  ctx: ResolveContext,
  root: string,
  row: TaskRecord,
  task: TaskIR,
  component: ComponentIR,
): Promise<PreparedTask> {
  const given: Record<string, Json> = {};
  const params: Record<string, Json> = {};
  const files: Record<string, string> = {};
  const inputs: Record<string, ArtifactRecord | ArtifactRecord[]> = {};
  for (const [name, spec] of Object.entries(component.inputs)) {
    const b = task.inputs[name];
    if (spec.kind === "param") {
      // A value that reaches the task at run time meets the input's own type and bounds, which
      // may be narrower than those of the pipeline parameter or output it came from.
      const value = b === undefined ? spec.spec.default : checkParamValue(spec.spec, resolveValue(ctx, row, b), `input "${name}" of task "${row.name}"`);
      if (value === undefined) continue;
      given[name] = value;
      params[name] = value;
      // A file input's default of "" means no file: a call gives a path, or the component reads something else.
      if (spec.spec.type === "file" && typeof value === "string" && value !== "") {
        params[name] = resolve(root, value);
        files[name] = await fileDigest(params[name]);
      }
    } else if (b !== undefined) {
      inputs[name] = await resolveArtifact(ctx, row, b);
    }
  }
  const digests = Object.fromEntries(
    Object.entries(inputs).map(([k, v]) => [k, Array.isArray(v) ? v.map((a) => a.digest) : v.digest]),
  );
  return { params, inputs, keyParts: cacheKeyParts(component, given, digests, files) };
}

export interface AttemptEnv {
  store: MetadataStore;
  artifacts: ArtifactStore;
  root: string;
  executor: Executor;
  /** Input artifacts already verified in this process (by uri), so each is hashed once. */
  verified: Set<string>;
  onLog: (entry: LogEntry) => void;
  onMetric: (name: string, value: number, step: number | undefined) => void;
  /** Why the attempt waits to start, when its executor says (see TaskHooks.onWaiting). */
  onWaiting: (reason: string) => void;
  /** Told of each model version the task reads from the registry (`ctx.registry.resolve`). */
  onRegistryRead: (uri: string, artifact: ArtifactRecord) => void;
}

export interface AttemptResult {
  outputs: Record<string, Json>;
  /** The output artifacts, stored and recorded; their lineage is committed with the success. */
  artifacts: Record<string, ArtifactRecord>;
}

/** Lineage events for the artifacts a task has (attempt null for a cache hit). */
export function outputLineage(
  taskId: string,
  attemptId: string | null,
  artifacts: Record<string, ArtifactRecord>,
): Omit<LineageEvent, "createdAt">[] {
  return Object.entries(artifacts).map(([name, a]) => ({ taskId, attemptId, artifactId: a.id, kind: "output" as const, name }));
}

/** Lineage events for the artifacts a task execution (or a cache hit, attempt null) used. */
export function inputLineage(taskId: string, attemptId: string | null, prepared: PreparedTask): Omit<LineageEvent, "createdAt">[] {
  return Object.entries(prepared.inputs).flatMap(([name, value]) =>
    (Array.isArray(value) ? value : [value]).map((a) => ({ taskId, attemptId, artifactId: a.id, kind: "input" as const, name })),
  );
}

/** Lineage events for the model versions a task read from the registry, named by their `models:/` URI. */
export function registryReadLineage(taskId: string, attemptId: string, reads: ReadonlyMap<string, ArtifactRecord>): Omit<LineageEvent, "createdAt">[] {
  return [...reads].map(([uri, a]) => ({ taskId, attemptId, artifactId: a.id, kind: "input" as const, name: uri }));
}

async function verifiedInput(env: AttemptEnv, a: ArtifactRecord): Promise<ResolvedArtifact> {
  if (!env.verified.has(a.uri)) {
    await env.artifacts.verify(a.uri, a.digest);
    env.verified.add(a.uri);
  }
  return {
    path: env.artifacts.localPath(a.uri),
    uri: a.uri,
    digest: a.digest,
    size: a.size,
    type: a.type,
    mediaType: a.mediaType,
    metadata: a.metadata,
  };
}

type ArtifactDescription = Pick<ArtifactRecord, "mediaType" | "type" | "metadata">;

/** An output the task wrote into this machine's staging folder: stored by its content, then recorded. */
async function recordStaged(env: AttemptEnv, row: TaskRecord, name: string, path: string, describe: ArtifactDescription): Promise<ArtifactRecord> {
  const written = await stat(path).catch(() => undefined);
  if (!written?.isFile()) {
    throw new ConveyorError(
      `task "${row.name}" did not write its output artifact "${name}"`,
      `write the file at the output's path (or call ${name}.writeText / writeJson / writeBytes) before run() returns`,
      "missing_output",
    );
  }
  const stored = await env.artifacts.ingest(path, { mediaType: describe.mediaType });
  const record = await env.store.putArtifact({ ...stored, ...describe });
  await env.artifacts.settle(path, stored.uri);
  return record;
}

/**
 * An output a queue worker on another machine already put in the artifact store: checked
 * against its digest here (as a staged file is hashed), recorded, and then looked for once more,
 * since a `conveyor gc` between the check and the record may have taken content no record needed
 * yet (no staged copy is here to put back, as `settle` does: the attempt fails instead).
 */
async function recordStored(env: AttemptEnv, stored: StoredContent, describe: ArtifactDescription): Promise<ArtifactRecord> {
  await env.artifacts.verify(stored.uri, stored.digest);
  const record = await env.store.putArtifact({ ...stored, ...describe });
  if (!(await env.artifacts.has(stored.uri, stored.size))) {
    throw new ConveyorError(
      `artifact ${stored.uri} left the artifact store (a conveyor gc?) before its record was committed`,
      "run the task again (its retries do): its worker stores the output again",
      "corrupt_artifact",
    );
  }
  env.verified.add(stored.uri);
  return record;
}

export async function runAttempt(
  env: AttemptEnv,
  row: TaskRecord,
  attempt: { id: string; number: number },
  task: TaskIR,
  component: ComponentIR,
  prepared: PreparedTask,
  /** The attempt's own: cancelling aborts it, and so does the task's timeout here. */
  abort: AttemptAbort,
): Promise<AttemptResult> {
  // Staging folders cost a few mkdirs: only tasks that write artifacts get one.
  let writesArtifacts = false;
  for (const name in component.outputs) if (component.outputs[name]?.kind === "artifact") writesArtifacts = true;
  const staging = writesArtifacts
    ? await env.artifacts.stagingDir(row.runId, row.name, attempt.number)
    : env.artifacts.stagingPath(row.runId, row.name, attempt.number);
  const inputs: TaskExecution["inputs"] = {};
  for (const [name, value] of Object.entries(prepared.inputs)) {
    inputs[name] = Array.isArray(value)
      ? await Promise.all(value.map((a) => verifiedInput(env, a)))
      : await verifiedInput(env, value);
  }
  const outputs: TaskExecution["outputs"] = {};
  for (const [name, spec] of Object.entries(component.outputs)) {
    if (spec.kind === "artifact") outputs[name] = { path: join(staging, "outputs", name), mediaType: spec.mediaType };
  }
  const timeoutMs = task.options.timeoutMs;
  const timer = timeoutMs === undefined ? undefined : setTimeout(() => abort.abort(new TaskTimeoutError(timeoutMs)), timeoutMs);
  try {
    if (abort.aborted) throw abort.reason;
    const outcome = await abort.race(env.executor.execute(
      {
        runId: row.runId,
        taskId: row.id,
        taskName: row.name,
        attempt: attempt.number,
        attemptId: attempt.id,
        root: env.root,
        component,
        params: prepared.params,
        inputs,
        outputs,
        workDir: `${staging}${sep}work`,
        timeoutMs,
        memoryMb: task.options.resources.memoryMb,
        options: task.options,
      },
      {
        get signal() {
          return abort.signal;
        },
        onLog: env.onLog,
        onMetric: env.onMetric,
        onWaiting: env.onWaiting,
        // Made when a task uses `ctx.registry`, which few do.
        get registry() {
          return taskRegistry(
            env.store,
            { runId: row.runId, taskId: row.id, taskName: row.name, inputs: Object.values(prepared.inputs).flat(), onRead: env.onRegistryRead },
            (a) => verifiedInput(env, a),
          );
        },
      }),
    );
    const artifacts: AttemptResult["artifacts"] = {};
    for (const [name, out] of Object.entries(outputs)) {
      const meta = outcome.artifacts[name] ?? { mediaType: out.mediaType, metadata: {} };
      const spec = component.outputs[name];
      const describe = { mediaType: meta.mediaType, type: spec?.kind === "artifact" ? spec.type : "Artifact", metadata: meta.metadata };
      artifacts[name] = meta.stored
        ? await recordStored(env, meta.stored, describe)
        : await recordStaged(env, row, name, out.path, describe);
    }
    return { outputs: outcome.params, artifacts };
  } finally {
    clearTimeout(timer);
  }
}
