/**
 * One step of a run whose order a workflow engine outside decides (Argo Workflows, Kubeflow
 * Pipelines): `conveyor exec-task` in each container. The outside engine starts a step once the
 * steps it depends on ended, times retries and kills steps past their deadline; each step here
 * is the engine's own scheduling pass made to start only that step's task, and the engine's own
 * attempt code. Steps of one run may run at once on many machines: each holds the run's lease
 * only while it reads and commits, not while its task runs.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { ArtifactStore } from "../artifacts/types.ts";
import { ConveyorError } from "../errors.ts";
import { loadIr } from "../ir/load.ts";
import type { PipelineIR } from "../ir/schema.ts";
import type { ArtifactRecord, AttemptRecord, Lease, MetadataStore, RunRecord, TaskRecord } from "../store/types.ts";
import { settleAttempt } from "./attempt-outcome.ts";
import { TaskCancelledError } from "./errors.ts";
import type { Executors, LogEntry } from "./executor.ts";
import { isTerminal } from "./instances.ts";
import { newOwnerId, takeLease } from "./lease.ts";
import { TelemetryBuffer } from "./log-buffer.ts";
import { runEnd } from "./run-end.ts";
import { type Launch, Scheduler } from "./scheduling-pass.ts";

export interface StepEnv {
  store: MetadataStore;
  artifacts: ArtifactStore;
  root: string;
  executors: Executors;
  /** How long a step's lease lasts: one left by a killed step frees the run after this (default 30 s). */
  leaseMs?: number;
  /** How long a step waits for the steps running beside it to let go of the run's lease (default 2 minutes). */
  leaseWaitMs?: number;
  /** Each log line of the task, also as it is written to the store. */
  onLog?: (entry: LogEntry) => void;
}

/** Where a step left its task. */
export interface StepResult {
  row: TaskRecord;
  /** The task's output artifacts, once it succeeded or was a cache hit. */
  artifacts: Record<string, ArtifactRecord>;
  /** For a forEach: how many iterations it expanded to. */
  iterations?: number;
}

const NOT_RUN = "skipped: the workflow did not run it (its condition was false there, or the workflow stopped first)";

/** Holds the run's lease for `body`, waiting while other steps of the run hold it. */
async function withLease<T>(env: Omit<StepEnv, "executors">, runId: string, body: (run: RunRecord, lease: Lease) => Promise<T>): Promise<T> {
  const owner = newOwnerId();
  const leaseMs = env.leaseMs ?? 30_000;
  const giveUp = Date.now() + (env.leaseWaitMs ?? 120_000);
  for (;;) {
    const run = await takeLease(env.store, runId, owner, new Date(Date.now() + leaseMs));
    if (run) {
      const lease = { owner, epoch: run.leaseEpoch };
      try {
        return await body(run, lease);
      } finally {
        await env.store.releaseLease(runId, lease);
      }
    }
    const now = await env.store.getRun(runId);
    if (!now) throw new ConveyorError(`run ${runId} does not exist in this store`, "check CONVEYOR_DB: every step of a run must use the store its start step used", "not_found");
    if (Date.now() > giveUp) {
      throw new ConveyorError(
        `run ${runId} stayed held by ${now.leaseOwner ?? "another process"}`,
        "another process drives it (`conveyor run` or `resume`): a run is driven either by Conveyor or by a workflow engine, not both",
        "run_busy",
      );
    }
    await sleep(20 + Math.random() * 80);
  }
}

async function storedIr(store: MetadataStore, run: RunRecord): Promise<PipelineIR> {
  const pipeline = await store.getPipeline(run.pipelineDigest);
  if (!pipeline) throw new Error(`pipeline ${run.pipelineDigest} of run ${run.id} is missing from the store`);
  return loadIr(pipeline.ir, `pipeline ${pipeline.name} (${pipeline.digest})`);
}

function findRow(rows: TaskRecord[], ir: PipelineIR, name: string): TaskRecord {
  const row = rows.find((r) => r.name === name);
  if (row) return row;
  const node = /^(.*)\[\d+\]$/.exec(name)?.[1];
  const loop = node === undefined ? undefined : ir.tasks[node]?.loop;
  if (loop !== undefined) {
    throw new ConveyorError(`forEach "${loop}" has no iteration "${name}" (yet)`, `run the forEach's own step first (exec-task --task ${loop}), and give an iteration it made`, "not_found");
  }
  const known = [...Object.keys(ir.tasks), ...Object.keys(ir.loops)].sort().join(", ");
  throw new ConveyorError(`the run's pipeline has no task "${name}"`, `its tasks and forEach loops are: ${known}`, "not_found");
}

function scheduler(env: Omit<StepEnv, "executors">, run: RunRecord, lease: Lease, ir: PipelineIR, rows: TaskRecord[], starts: (row: TaskRecord) => boolean, launched?: (launch: Launch, attempt: AttemptRecord) => void): Scheduler {
  return new Scheduler(
    {
      store: env.store,
      lease,
      artifacts: env.artifacts,
      root: env.root,
      onEvent: () => {},
      launch: (launch, attempt) => launched?.(launch, attempt),
      committed: () => {},
      starts,
    },
    run,
    ir,
    rows,
  );
}

/** Passes until nothing more changes: skips that follow from the rows that ended, conditions that are false. */
async function settleSkips(s: Scheduler, until: () => boolean = () => false): Promise<void> {
  while (!until() && (await s.step()));
}

/**
 * Closes the rows the workflow left: a pending row was never started (its condition was false
 * in the workflow, or the workflow stopped), a running one lost its process. `which` picks them.
 */
async function closeLeft(store: MetadataStore, s: Scheduler, which: (row: TaskRecord) => boolean): Promise<void> {
  const now = new Date();
  const running = await store.listRunningAttempts(s.run.id);
  for (const row of s.instances.all().filter((r) => !isTerminal(r) && which(r))) {
    if (row.status === "pending") s.stage({ taskId: row.id, status: "skipped", error: NOT_RUN, endedAt: now });
    else {
      s.stage({ taskId: row.id, status: "cancelled", error: "the workflow stopped it", endedAt: now });
      for (const a of running.filter((a) => a.taskId === row.id)) s.stage({ taskId: row.id }, { finishAttempt: { id: a.id, status: "interrupted", error: "the workflow stopped it" } });
    }
  }
  await s.settle();
}

async function outputArtifacts(store: MetadataStore, row: TaskRecord): Promise<Record<string, ArtifactRecord>> {
  const out: Record<string, ArtifactRecord> = {};
  if (row.status !== "succeeded" && row.status !== "cached") return out;
  for (const event of await store.taskLineage(row.id)) if (event.kind === "output") out[event.name] = event.artifact;
  return out;
}

/**
 * Runs step `name` of run `runId`: a task (`name[i]` inside a forEach) or a forEach, which it
 * expands. Resolves with the task as the step left it: succeeded or cached, failed, pending
 * for another attempt (the workflow engine retries the step), or skipped.
 */
export async function runStep(env: StepEnv, runId: string, name: string, signal?: AbortSignal): Promise<StepResult> {
  let launched: { launch: Launch; attempt: AttemptRecord } | undefined;
  const first = await withLease(env, runId, async (run, lease) => {
    const ir = await storedIr(env.store, run);
    const rows = await env.store.listTasks(runId);
    const target = findRow(rows, ir, name);
    const s = scheduler(env, run, lease, ir, rows, (r) => r.id === target.id, (launch, attempt) => {
      launched = { launch, attempt };
    });
    if (run.status === "pending") s.stageRun({ status: "running", startedAt: new Date() });
    if (target.status === "running") {
      // Its last attempt's process is gone: the workflow engine started the step again.
      for (const a of (await env.store.listRunningAttempts(runId)).filter((a) => a.taskId === target.id)) {
        s.stage({ taskId: target.id, status: "pending" }, { finishAttempt: { id: a.id, status: "interrupted", error: "its process stopped; the workflow started the step again" } });
      }
    }
    if (s.instances.isExitHandler(target)) {
      // The exit handler runs once the workflow's other steps ended: what is left of them, they did not run.
      await settleSkips(s);
      await closeLeft(env.store, s, (r) => !s.instances.isExitHandler(r));
    }
    await settleSkips(s, () => launched !== undefined || isTerminal(s.instances.byId.get(target.id) as TaskRecord));
    await s.settle();
    const now = s.instances.byId.get(target.id) as TaskRecord;
    if (!launched && now.status === "pending") {
      const readiness = s.instances.readiness(now);
      const why = readiness.state === "blocked" ? readiness.reason : "a task it depends on has not ended";
      throw new ConveyorError(`task "${name}" of run ${runId} cannot start: ${why}`, "the workflow must run a step only after the steps it depends on ended", "not_ready");
    }
    return { row: now, ir, keyFields: (p: Launch["prepared"]) => s.keyFields(p) };
  });
  if (!launched) {
    const row = first.row;
    const items = first.ir.loops[row.node] && Array.isArray(row.outputs?.items) ? row.outputs.items.length : undefined;
    return { row, artifacts: await outputArtifacts(env.store, row), ...(items === undefined ? {} : { iterations: items }) };
  }
  const { launch, attempt } = launched;
  const row = first.row;
  const task = first.ir.tasks[row.node];
  const component = task && first.ir.components[task.component];
  if (!task || !component) throw new Error(`task ${row.name} is not in the pipeline IR`);
  const onAbort = () => launch.abort.abort(new TaskCancelledError());
  signal?.addEventListener("abort", onAbort, { once: true });
  // Logs and metrics are the step's own: no lease fences them, as no other process runs this attempt.
  const telemetry = new TelemetryBuffer(env.store, async () => {});
  let seq = 0;
  const end = await settleAttempt(
    {
      store: env.store,
      artifacts: env.artifacts,
      root: env.root,
      executor: env.executors[task.options.isolation],
      verified: new Set(),
      onLog: (entry) => {
        seq += 1;
        telemetry.log({ attemptId: attempt.id, seq, ...entry });
        env.onLog?.(entry);
      },
      onMetric: (metric, value, step) => telemetry.metric({ runId, taskId: row.id, name: metric, value, step: step ?? null, time: new Date() }),
      // A step runs on this machine's executors, which start at once: none waits for a worker.
      onWaiting: () => {},
    },
    row,
    attempt,
    task,
    component,
    launch,
    () => (launch.keyAtEnd ? first.keyFields(launch.prepared) : {}),
    // Every attempt of the task counts, whichever process made it: the last one the workflow retries fails the task.
    () => ({ made: attempt.number, stopping: false }),
  ).finally(() => signal?.removeEventListener("abort", onAbort));
  await telemetry.close();
  const ended = await withLease(env, runId, async (run, lease) => {
    const rows = await env.store.listTasks(runId);
    const s = scheduler(env, run, lease, first.ir, rows, () => false);
    s.settled.push(end.settled);
    await s.settle();
    return s.instances.byId.get(row.id) as TaskRecord;
  });
  // The staging folder held the outputs until they were stored: nothing in it is needed now.
  await env.artifacts.discardStaging(runId, { taskName: row.name, number: attempt.number }).catch(() => {});
  return { row: ended, artifacts: await outputArtifacts(env.store, ended) };
}

/**
 * Ends a run the workflow finished: what it never started is recorded as skipped, and the run
 * as succeeded, failed or cancelled by its tasks, as the engine ends a run it drove.
 */
export async function finishRun(env: Omit<StepEnv, "executors">, runId: string): Promise<RunRecord> {
  return withLease(env, runId, async (run, lease) => {
    if (run.status === "succeeded" || run.status === "failed" || run.status === "cancelled") return run;
    const ir = await storedIr(env.store, run);
    const s = scheduler(env, run, lease, ir, await env.store.listTasks(runId), () => false);
    await settleSkips(s);
    await closeLeft(env.store, s, () => true);
    // A step the workflow stopped (SIGTERM) ended cancelled: the run was stopped, not failed.
    const rows = s.instances.all();
    const { status, error } = runEnd(rows, run.cancelRequested || rows.some((r) => r.status === "cancelled"));
    await s.apply([], { status, error, endedAt: new Date(), ...(run.startedAt ? {} : { startedAt: new Date() }), leaseOwner: null });
    await env.artifacts.discardStaging(runId).catch(() => {});
    return s.run;
  });
}
