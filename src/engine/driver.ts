/**
 * Drives one run to its end: the durable state machine. Every transition is committed to the
 * store before the engine acts on it, so a process that dies anywhere leaves a run that
 * `resume` continues without re-running what completed.
 */
import { stat } from "node:fs/promises";
import { setImmediate as nextTurn } from "node:timers/promises";
import type { ArtifactStore } from "../artifacts/types.ts";
import { ConveyorError, isConveyorError } from "../errors.ts";
import type { Executor, LogEntry } from "../executors/types.ts";
import { loadIr } from "../ir/load.ts";
import type { Isolation, PipelineIR } from "../ir/schema.ts";
import { TRACKING_PIPELINE } from "../store/tracking-types.ts";
import type {
  ArtifactRecord,
  MetadataStore,
  RunRecord,
  RunUpdate,
  TaskRecord,
  TaskUpdate,
} from "../store/types.ts";
import { inputLineage, outputLineage, type PreparedTask, prepareTask, registryReadLineage, runAttempt } from "./attempt.ts";
import { AttemptAbort } from "./attempt-abort.ts";
import { type StagedEffects, TransitionBatch } from "./batch.ts";
import { cacheKey } from "./cache-key.ts";
import { errorMessage, TaskCancelledError, TaskTimeoutError } from "./errors.ts";
import type { EngineEvent } from "./events.ts";
import { isOk, iterationName, RunInstances } from "./instances.ts";
import { isDeadLocalOwner } from "./lease.ts";
import { TelemetryBuffer } from "./log-buffer.ts";
import { evaluateCondition, type ResolveContext, resolveValue } from "./resolve.ts";
import { retryDelayMs } from "./retry.ts";
import { Wakeup } from "./wakeup.ts";

interface Launch {
  taskId: string;
  /** Index of its attempt among those the batch starts. */
  attemptIndex: number;
  prepared: PreparedTask;
  abort: AttemptAbort;
  /** The task did not look up the cache: its key is recorded when the attempt ends. */
  keyAtEnd: boolean;
}

export interface DriverEnv {
  store: MetadataStore;
  artifacts: ArtifactStore;
  root: string;
  executors: Record<Isolation, Executor>;
  onEvent: (event: EngineEvent) => void;
  owner: string;
  leaseMs: number;
  /** IR this process compiled or loaded already, by digest: no need to read and check it again. */
  knownIr: Map<string, PipelineIR>;
}

export class RunDriver {
  private run!: RunRecord;
  private ir!: PipelineIR;
  private instances!: RunInstances;
  private ctx!: ResolveContext;
  private readonly running = new Map<string, { abort: AttemptAbort; loop: string | undefined; cpu: number }>();
  private readonly wake = new Wakeup();
  /** Attempts made in this drive, per task: a resumed task gets its full retry budget again. */
  private readonly budget = new Map<string, number>();
  private readonly outputArtifactCache = new Map<string, Record<string, ArtifactRecord>>();
  private readonly verified = new Set<string>();
  private readonly telemetry: TelemetryBuffer;
  private cancelling = false;
  private failingFast = false;
  private fatal: unknown;
  /** Transitions of this pass, not yet committed; their rows are already updated in memory. */
  private batch = new TransitionBatch();
  /** Attempts staged in the batch, launched once it commits. */
  private launches: Launch[] = [];
  /** The lease renewal under way, if any. */
  private beating: Promise<void> | undefined;
  /** Whether the run's last transition released its lease. */
  private released = false;
  /** Ended attempts, handed from `complete` to the next scheduling pass. */
  private settled: { update: TaskUpdate; effects: StagedEffects; outputs?: Record<string, ArtifactRecord> }[] = [];
  /** Staging folders of ended attempts being removed. */
  private readonly discards: Promise<void>[] = [];
  /** Attempts ended since staging folders were last looked for. */
  private readonly ended: { taskName: string; number: number }[] = [];

  constructor(private readonly env: DriverEnv) {
    this.telemetry = new TelemetryBuffer(env.store);
  }

  async drive(runId: string, signal?: AbortSignal): Promise<RunRecord> {
    const { store } = this.env;
    // The lease comes first: taking it reads the run too, as it is once no one else drives it.
    const run = await this.takeLease(runId);
    let heartbeat: NodeJS.Timeout | undefined;
    const onAbort = () => this.cancel();
    try {
      if (run.pipelineDigest === TRACKING_PIPELINE.digest) {
        throw new ConveyorError(
          `run ${run.id} was recorded with the tracking API (startRun), not by a pipeline, so there is nothing to run`,
          "only pipeline runs can be resumed; start a new tracked run instead",
          "not_resumable",
        );
      }
      if (run.status === "succeeded") {
        throw new ConveyorError(`run ${run.id} already succeeded`, "start a new run with `conveyor run`", "run_finished");
      }
      this.ir = this.env.knownIr.get(run.pipelineDigest) ?? (await this.storedIr(run));
      heartbeat = setInterval(() => {
        this.beating = this.beat();
      }, Math.min(1000, this.env.leaseMs / 3));
      signal?.addEventListener("abort", onAbort, { once: true });
      await this.recover(run);
      if (signal?.aborted) this.cancel();
      await this.loop();
      // No renewal may follow the last transition, which releases the lease.
      clearInterval(heartbeat);
      await this.beating;
      return await this.finish();
    } finally {
      clearInterval(heartbeat);
      signal?.removeEventListener("abort", onAbort);
      await this.telemetry.close();
      if (!this.released) await store.releaseLease(run.id, this.env.owner);
    }
  }

  private async storedIr(run: RunRecord): Promise<PipelineIR> {
    const pipeline = await this.env.store.getPipeline(run.pipelineDigest);
    if (!pipeline) throw new Error(`pipeline ${run.pipelineDigest} of run ${run.id} is missing from the store`);
    const ir = loadIr(pipeline.ir, `pipeline ${pipeline.name} (${pipeline.digest})`);
    this.env.knownIr.set(run.pipelineDigest, ir);
    return ir;
  }

  /** Takes the run's lease, also from a dead process of this machine; returns the run. */
  private async takeLease(runId: string): Promise<RunRecord> {
    const { store, owner } = this.env;
    const taken = await store.acquireLease(runId, owner, this.leaseUntil());
    if (taken) return taken;
    const held = await store.getRun(runId);
    const holder = held?.leaseOwner;
    const retaken = holder && isDeadLocalOwner(holder) ? await store.acquireLease(runId, owner, this.leaseUntil(), [holder]) : undefined;
    if (retaken) return retaken;
    throw new ConveyorError(
      `run ${runId} is being executed by another process${holder ? ` (${holder})` : ""}`,
      "wait for it to finish, or stop it with `conveyor cancel`",
      "run_busy",
    );
  }

  private leaseUntil(): Date {
    return new Date(Date.now() + this.env.leaseMs);
  }

  /** Renews the lease and notices a cancellation requested by another process. */
  private async beat(): Promise<void> {
    try {
      const { store, owner } = this.env;
      const now = (await store.acquireLease(this.run.id, owner, this.leaseUntil())) ?? (await store.getRun(this.run.id));
      if (now?.cancelRequested) this.cancel();
    } catch (error) {
      this.fatal ??= error;
      this.wake.notify();
    }
  }

  /**
   * Puts a run left by a dead process (or ended unsuccessfully) back into a runnable state.
   * Its changes commit with the first scheduling pass: one transaction starts the run and
   * its first tasks.
   */
  private async recover(run: RunRecord): Promise<void> {
    const { store } = this.env;
    // A pending run has never been driven: it has no attempts to close.
    const left = run.status === "pending" ? [] : await store.listRunningAttempts(run.id);
    for (const attempt of left) {
      await store.finishAttempt(attempt.id, "interrupted", "the process driving the run stopped during this attempt");
    }
    const ended = run.status === "failed" || run.status === "cancelled";
    const reset = new Set(ended ? ["running", "failed", "cancelled", "skipped"] : ["running"]);
    const fields = { status: "pending", error: null, endedAt: null, notBefore: null } as const;
    const stored = await store.listTasks(run.id);
    const running = { status: "running", startedAt: run.startedAt ?? new Date(), endedAt: null, error: null, cancelRequested: false } as const;
    this.run = { ...run, ...running };
    this.instances = new RunInstances(this.ir, stored);
    this.ctx = this.resolveContext();
    for (const row of stored) if (reset.has(row.status)) this.stage({ taskId: row.id, ...fields });
    this.batch.run = running;
  }

  cancel(): void {
    if (this.cancelling) return;
    this.cancelling = true;
    for (const { abort } of this.running.values()) abort.abort(new TaskCancelledError());
    this.wake.notify();
  }

  private async loop(): Promise<void> {
    for (;;) {
      if (this.fatal) throw this.fatal;
      if (await this.step()) continue;
      if (this.settled.length > 0) continue;
      if (this.running.size > 0) {
        await this.wake.wait();
        continue;
      }
      const delay = this.nextRetryDelay();
      if (delay === undefined) break;
      await this.wake.wait(delay);
    }
    const stuck = this.instances.all().filter((r) => r.status === "pending" || r.status === "running");
    if (stuck.length > 0) throw new Error(`scheduler stalled with tasks ${stuck.map((r) => r.name).join(", ")} unfinished`);
  }

  private nextRetryDelay(): number | undefined {
    const times = this.instances
      .all()
      .filter((r) => r.status === "pending" && r.notBefore)
      .map((r) => (r.notBefore as Date).getTime() - Date.now());
    return times.length ? Math.max(0, Math.min(...times)) : undefined;
  }

  /** Made once the run's tasks are known: every scheduling pass uses the same. */
  private resolveContext(): ResolveContext {
    return {
      instances: this.instances,
      params: this.run.params,
      runStatus: () => {
        if (this.cancelling) return "cancelled";
        const failed = this.instances.all().some((r) => r.status === "failed" && !this.instances.isExitHandler(r));
        return failed ? "failed" : "succeeded";
      },
      outputArtifacts: (row) => this.outputArtifacts(row),
    };
  }

  private async outputArtifacts(row: TaskRecord): Promise<Record<string, ArtifactRecord>> {
    const cached = this.outputArtifactCache.get(row.id);
    if (cached) return cached;
    const out: Record<string, ArtifactRecord> = {};
    for (const event of await this.env.store.taskLineage(row.id)) {
      if (event.kind === "output") out[event.name] = event.artifact;
    }
    if (isOk(row)) this.outputArtifactCache.set(row.id, out);
    return out;
  }

  /** Cores a task holds against the run's concurrency: its `resources.cpu`, at least 1, at most all. */
  private cpuOf(row: TaskRecord): number {
    const cpu = this.ir.tasks[row.node]?.options.resources.cpu ?? 1;
    return Math.min(this.run.options.concurrency, Math.max(1, Math.ceil(cpu)));
  }

  private cpuInUse(): number {
    let used = 0;
    for (const r of this.running.values()) used += r.cpu;
    return used;
  }

  private slotsFree(row: TaskRecord): boolean {
    if (this.cpuInUse() + this.cpuOf(row) > this.run.options.concurrency) return false;
    const loop = this.ir.tasks[row.node]?.loop;
    let inLoop = 0;
    if (loop !== undefined) for (const r of this.running.values()) if (r.loop === loop) inLoop += 1;
    const limit = loop === undefined ? undefined : this.ir.loops[loop]?.parallelism;
    return limit === undefined || inLoop < limit;
  }

  /**
   * One scheduling pass. Returns true when it ended a task or expanded a loop itself, which
   * may make ready a task it passed already. Attempts that ended before it are applied first,
   * so every task they make ready is found in this pass: a chain needs no second one.
   */
  private async step(): Promise<boolean> {
    const ctx = this.ctx;
    const now = new Date();
    let changed = false;
    for (const { update, effects, outputs } of this.settled.splice(0)) {
      if (outputs) this.outputArtifactCache.set(update.taskId, outputs);
      this.stage(update, effects);
    }
    for (const row of this.instances.pendingRows()) {
      // With every slot taken, what is left to find (a skip, a loop to expand) can wait for
      // the next task to end; going through thousands of pending tasks each pass cannot.
      if (!this.cancelling && !this.failingFast && this.cpuInUse() >= this.run.options.concurrency) break;
      if (this.running.has(row.id)) continue;
      const exitHandler = this.instances.isExitHandler(row);
      if (!exitHandler && (this.cancelling || this.failingFast)) {
        const status = this.cancelling ? "cancelled" : "skipped";
        this.stage({ taskId: row.id, status, error: this.cancelling ? "run cancelled" : "skipped: another task failed (failFast)", endedAt: now });
        changed = true;
        continue;
      }
      const readiness = this.instances.readiness(row);
      if (readiness.state === "waiting") continue;
      if (readiness.state === "blocked") {
        this.stage({ taskId: row.id, status: "skipped", error: `skipped: ${readiness.reason}`, endedAt: now });
        changed = true;
        continue;
      }
      if (row.notBefore && row.notBefore > now) continue;
      const isLoop = this.instances.isLoop(row);
      const conditions = (isLoop ? this.ir.loops[row.node]?.when : this.ir.tasks[row.node]?.when) ?? [];
      let holds: boolean;
      try {
        holds = conditions.every((c) => evaluateCondition(ctx, row, c));
      } catch (error) {
        if (!isConveyorError(error)) throw error;
        this.stage({ taskId: row.id, status: "failed", error: error.message, endedAt: now });
        changed = true;
        continue;
      }
      if (!holds) {
        this.stage({ taskId: row.id, status: "skipped", error: "skipped: condition was false", endedAt: now });
        changed = true;
        continue;
      }
      if (isLoop) {
        await this.commit();
        await this.expand(row, ctx);
        changed = true;
        continue;
      }
      if (!this.slotsFree(row)) continue;
      // Only an ended task can make others ready: a pass that just started tasks needs no successor.
      if (await this.start(row, ctx)) changed = true;
    }
    await this.commit();
    return changed;
  }

  /** Updates a row in memory now and queues its transition for the pass's commit. */
  private stage(update: TaskUpdate, effects?: StagedEffects): number | undefined {
    const row = this.instances.byId.get(update.taskId);
    if (row) {
      const { taskId: _id, ...fields } = update;
      this.instances.set({ ...row, ...fields } as TaskRecord);
    }
    return this.batch.add(update, effects);
  }

  /** Commits the pass's transitions in one transaction, then reports them and launches attempts. */
  private async commit(): Promise<void> {
    if (this.batch.empty) return;
    const batch = this.batch;
    const launches = this.launches;
    this.batch = new TransitionBatch();
    this.launches = [];
    const { attempts } = await this.env.store.transition(this.run.id, [...batch.updates.values()], batch.run, batch.effects());
    if (batch.run) this.env.onEvent({ type: "run", run: this.run });
    for (const id of batch.updates.keys()) {
      const row = this.instances.byId.get(id);
      if (row) this.env.onEvent({ type: "task", task: row });
    }
    for (const launch of launches) {
      const attempt = attempts[launch.attemptIndex];
      if (!attempt) throw new Error(`the store started no attempt for task ${launch.taskId}`);
      void this.complete(launch, attempt);
    }
    // Staging folders of the attempts this commit ended, once the tasks it started have started.
    if (this.ended.length > 0) this.discards.push(nextTurn().then(() => this.discardEnded()));
    const keysToTake = launches.filter((l) => l.keyAtEnd).map((l) => l.prepared);
    // Taken while the tasks run, unless one ends first and takes its own.
    if (keysToTake.length > 0) {
      setImmediate(() => {
        for (const p of keysToTake) this.keyFields(p);
      });
    }
  }

  /** Commits transitions outside a scheduling pass (loop expansion, the run's end) at once. */
  private async apply(updates: TaskUpdate[], run?: RunUpdate): Promise<void> {
    await this.env.store.transition(this.run.id, updates, run);
    for (const u of updates) {
      const row = this.instances.byId.get(u.taskId);
      if (!row) continue;
      const { taskId: _id, ...fields } = u;
      const next = { ...row, ...fields } as TaskRecord;
      this.instances.set(next);
      this.env.onEvent({ type: "task", task: next });
    }
    if (run) {
      const { leaseOwner, ...fields } = run;
      this.run = { ...this.run, ...fields, ...(leaseOwner === null ? { leaseOwner, leaseExpiresAt: null } : {}) };
      this.env.onEvent({ type: "run", run: this.run });
    }
  }

  /** Resolves a loop's items and creates one row per item for each body task. */
  private async expand(row: TaskRecord, ctx: ResolveContext): Promise<void> {
    const loop = this.ir.loops[row.node];
    const now = new Date();
    let items: unknown;
    try {
      items = loop ? resolveValue(ctx, row, loop.items) : undefined;
    } catch (error) {
      if (!isConveyorError(error)) throw error;
      items = undefined;
    }
    if (!Array.isArray(items)) {
      await this.apply([
        { taskId: row.id, status: "failed", error: `forEach "${row.name}" needs a list of items, got ${JSON.stringify(items) ?? "nothing"}`, endedAt: now },
      ]);
      return;
    }
    const body = Object.entries(this.ir.tasks).filter(([, t]) => t.loop === row.node);
    const fresh = items.flatMap((_, i) =>
      body
        .map(([node]) => ({ name: iterationName(node, i), node, iteration: i }))
        .filter((t) => !this.instances.byName.has(t.name)),
    );
    for (const added of await this.env.store.addTasks(this.run.id, fresh)) this.instances.set(added);
    await this.apply([{ taskId: row.id, status: "succeeded", outputs: { items }, startedAt: now, endedAt: now }]);
  }

  /**
   * Stages a ready task: failed inputs, a cache hit, or a new attempt launched after the
   * commit. True when the task ended here (failed or cached).
   */
  private async start(row: TaskRecord, ctx: ResolveContext): Promise<boolean> {
    const task = this.ir.tasks[row.node];
    const component = task && this.ir.components[task.component];
    if (!task || !component) throw new Error(`task ${row.name} is not in the pipeline IR`);
    const now = new Date();
    let prepared: PreparedTask;
    try {
      prepared = await prepareTask(ctx, this.env.root, row, task, component);
    } catch (error) {
      if (!isConveyorError(error)) throw error;
      this.stage({ taskId: row.id, status: "failed", error: errorMessage(error), endedAt: now });
      return true;
    }
    const lookup = task.options.cache && !this.run.options.noCache;
    if (lookup) {
      const keyFields = this.keyFields(prepared);
      const hit = await this.env.store.findCacheHit(keyFields.cacheKey, this.run.id);
      const outputs = hit ? await this.usableOutputs(hit) : undefined;
      if (hit && outputs) {
        this.outputArtifactCache.set(row.id, outputs);
        // A cache hit keeps the lineage whole: the task used its inputs and has the outputs.
        this.stage(
          // The execution that computed the outputs, unless its run was deleted: then the hit that reused them.
          { taskId: row.id, status: "cached", ...keyFields, cachedFromTaskId: hit.cachedFromTaskId ?? hit.id, outputs: hit.outputs, startedAt: now, endedAt: now },
          { lineage: [...inputLineage(row.id, null, prepared), ...outputLineage(row.id, null, outputs)] },
        );
        return true;
      }
    }
    const number = row.attempts + 1;
    // A task that looks nothing up records its key when the attempt ends: digesting the key
    // (tens of µs on a CPU that just woke) is then off the path to its start.
    const attemptIndex = this.stage(
      { taskId: row.id, status: "running", attempts: number, ...(lookup ? this.keyFields(prepared) : {}), startedAt: row.startedAt ?? now, error: null, notBefore: null },
      { startAttempt: { taskId: row.id, number } },
    ) as number;
    const abort = new AttemptAbort();
    if (this.cancelling) abort.abort(new TaskCancelledError());
    this.running.set(row.id, { abort, loop: task.loop, cpu: this.cpuOf(row) });
    this.budget.set(row.id, (this.budget.get(row.id) ?? 0) + 1);
    this.launches.push({ taskId: row.id, attemptIndex, prepared, abort, keyAtEnd: !lookup });
    return false;
  }

  /** The cache key fields of a prepared task, digested once. */
  private keyFields(prepared: PreparedTask): { cacheKey: string; cacheKeyParts: never } {
    prepared.cacheKey ??= cacheKey(prepared.keyParts);
    return { cacheKey: prepared.cacheKey, cacheKeyParts: prepared.keyParts as never };
  }

  /** The outputs of a cache hit, when every artifact is still on disk with its size. */
  private async usableOutputs(hit: TaskRecord): Promise<Record<string, ArtifactRecord> | undefined> {
    const outputs = await this.outputArtifacts(hit);
    for (const a of Object.values(outputs)) {
      const s = await stat(this.env.artifacts.localPath(a.uri)).catch(() => undefined);
      if (!s || s.size !== a.size) return undefined;
    }
    return outputs;
  }

  private async complete({ taskId, prepared, abort, keyAtEnd }: Launch, attempt: { id: string; number: number }): Promise<void> {
    const row = this.instances.byId.get(taskId) as TaskRecord;
    const task = this.ir.tasks[row.node];
    const component = task && this.ir.components[task.component];
    try {
      if (!task || !component) throw new Error(`task ${row.name} is not in the pipeline IR`);
      let seq = 0;
      const executor = this.env.executors[task.options.isolation];
      const reads = new Map<string, ArtifactRecord>();
      const env = {
        store: this.env.store,
        artifacts: this.env.artifacts,
        root: this.env.root,
        executor,
        verified: this.verified,
        onLog: (entry: LogEntry) => {
          seq += 1;
          this.telemetry.log({ attemptId: attempt.id, seq, ...entry });
          this.env.onEvent({ type: "log", task: this.instances.byId.get(taskId) ?? row, attempt: attempt.number, entry });
        },
        onMetric: (name: string, value: number, step: number | undefined) =>
          this.telemetry.metric({ runId: row.runId, taskId, name, value, step: step ?? null, time: new Date() }),
        onRegistryRead: (uri: string, artifact: ArtifactRecord) => reads.set(uri, artifact),
      };
      try {
        const result = await runAttempt(env, row, attempt, task, component, prepared, abort);
        await this.telemetry.flush();
        this.settled.push({
          update: { taskId, status: "succeeded", outputs: result.outputs, endedAt: new Date(), ...(keyAtEnd ? this.keyFields(prepared) : {}) },
          effects: {
            finishAttempt: { id: attempt.id, status: "succeeded", error: null },
            lineage: [
              ...inputLineage(taskId, attempt.id, prepared),
              ...registryReadLineage(taskId, attempt.id, reads),
              ...outputLineage(taskId, attempt.id, result.artifacts),
            ],
          },
          outputs: result.artifacts,
        });
      } catch (error) {
        await this.failed(row, attempt, prepared, reads, error, abort, env.onLog, keyAtEnd ? this.keyFields(prepared) : {});
      }
    } catch (error) {
      this.fatal ??= error;
    } finally {
      this.running.delete(taskId);
      this.wake.notify();
      this.ended.push({ taskName: row.name, number: attempt.number });
    }
  }

  /**
   * Removes the staging folders of the attempts ended since the last call. It runs after the
   * commit that records their end has started the tasks it made ready, off the path to their
   * start; the run's end waits for it, and removes whatever is left of the run's staging.
   */
  private async discardEnded(): Promise<void> {
    await Promise.all(this.ended.splice(0).map((a) => this.discardStaging(a)));
  }

  /**
   * An ended attempt's staging folder (or, at the end, the run's) holds nothing anyone needs:
   * outputs were ingested, and logs are in the store. A folder left behind is only disk space,
   * so failing to remove it fails nothing.
   */
  private async discardStaging(attempt?: { taskName: string; number: number }): Promise<void> {
    await this.env.artifacts.discardStaging(this.run.id, attempt).catch(() => {});
  }

  private async failed(
    row: TaskRecord,
    attempt: { id: string; number: number },
    prepared: PreparedTask,
    reads: ReadonlyMap<string, ArtifactRecord>,
    error: unknown,
    abort: AttemptAbort,
    onLog: (entry: LogEntry) => void,
    /** Fields every update ending the attempt carries (its cache key, when recorded at the end). */
    endFields: Partial<TaskUpdate>,
  ): Promise<void> {
    const task = this.ir.tasks[row.node];
    const { aborted, reason } = abort;
    const cancelled = aborted && reason instanceof TaskCancelledError;
    const cause = aborted && reason instanceof TaskTimeoutError ? reason : error;
    const message = cancelled ? "cancelled" : errorMessage(cause);
    const bug = !cancelled && !isConveyorError(cause) && !(cause instanceof TaskTimeoutError);
    onLog({ time: new Date(), level: "error", stream: "log", message: bug && cause instanceof Error ? (cause.stack ?? message) : message });
    await this.telemetry.flush();
    const effects: StagedEffects = {
      finishAttempt: { id: attempt.id, status: cancelled ? "cancelled" : "failed", error: message },
      lineage: [...inputLineage(row.id, attempt.id, prepared), ...registryReadLineage(row.id, attempt.id, reads)],
    };
    const now = new Date();
    if (cancelled) {
      this.settled.push({ update: { taskId: row.id, status: "cancelled", error: message, endedAt: now, ...endFields }, effects });
      return;
    }
    const made = this.budget.get(row.id) ?? 1;
    const retry = task?.options.retry;
    if (retry && made < retry.attempts && !this.cancelling && !this.failingFast) {
      const delay = retryDelayMs(retry, made);
      onLog({ time: now, level: "warn", stream: "log", message: `attempt ${attempt.number} failed: ${message}; retrying in ${(delay / 1000).toFixed(1)}s` });
      this.settled.push({ update: { taskId: row.id, status: "pending", error: message, notBefore: new Date(now.getTime() + delay), ...endFields }, effects });
      return;
    }
    this.settled.push({ update: { taskId: row.id, status: "failed", error: message, endedAt: now, ...endFields }, effects });
    if (this.run.options.failFast && !this.instances.isExitHandler(row)) {
      this.failingFast = true;
      for (const { abort: a } of this.running.values()) a.abort(new TaskCancelledError());
    }
  }

  private async finish(): Promise<RunRecord> {
    const rows = this.instances.all();
    const failed = rows.filter((r) => r.status === "failed");
    const status = this.cancelling ? "cancelled" : failed.length > 0 ? "failed" : "succeeded";
    const first = failed[0];
    const error = first
      ? `task "${first.name}" failed: ${first.error}${failed.length > 1 ? ` (and ${failed.length - 1} more)` : ""}`
      : this.cancelling
        ? "cancelled"
        : null;
    await Promise.all(this.discards.splice(0));
    await this.discardStaging();
    await this.apply([], { status, error, endedAt: new Date(), leaseOwner: null });
    this.released = true;
    return this.run;
  }
}
