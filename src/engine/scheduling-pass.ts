/**
 * The scheduling pass: finds the tasks a run can end or start now (skips, failed conditions,
 * cache hits, loop expansions, new attempts) and commits them in one transition before any
 * attempt is launched.
 */
import type { ArtifactStore } from "../artifacts/types.ts";
import { isConveyorError } from "../errors.ts";
import type { PipelineIR } from "../ir/schema.ts";
import type { ArtifactRecord, AttemptRecord, Lease, MetadataStore, RunRecord, RunUpdate, TaskRecord, TaskUpdate } from "../store/types.ts";
import { inputLineage, outputLineage, type PreparedTask, prepareTask } from "./attempt.ts";
import { AttemptAbort } from "./attempt-abort.ts";
import type { Settled } from "./attempt-outcome.ts";
import { type StagedEffects, TransitionBatch } from "./batch.ts";
import { cacheKey } from "./cache-key.ts";
import { errorMessage, TaskCancelledError } from "./errors.ts";
import type { EngineEvent } from "./events.ts";
import { isOk, iterationName, RunInstances } from "./instances.ts";
import { evaluateCondition, type ResolveContext, resolveValue } from "./resolve.ts";

/** An attempt staged in a pass, launched once the pass commits. */
export interface Launch {
  taskId: string;
  /** Index of its attempt among those the batch starts. */
  attemptIndex: number;
  prepared: PreparedTask;
  abort: AttemptAbort;
  /** The task did not look up the cache: its key is recorded when the attempt ends. */
  keyAtEnd: boolean;
}

export interface SchedulerEnv {
  store: MetadataStore;
  /** The run's lease, which every transition is fenced by. */
  lease: Lease;
  artifacts: ArtifactStore;
  root: string;
  onEvent: (event: EngineEvent) => void;
  /** Runs an attempt a commit started. */
  launch: (launch: Launch, attempt: AttemptRecord) => void;
  /** Called after each commit of a pass, once its attempts are launched. */
  committed: () => void;
  /**
   * Which ready rows a pass may start (or expand, for a loop); by default every one. A workflow
   * engine outside (Argo, KFP) runs one step of a run per process and orders them itself, times
   * its own retries too: then a pass starts only that step's row, whatever its backoff, and
   * still skips the rows whose conditions or upstream tasks rule them out.
   */
  starts?: (row: TaskRecord) => boolean;
}

export class Scheduler {
  readonly instances: RunInstances;
  readonly running = new Map<string, { abort: AttemptAbort; loop: string | undefined; cpu: number }>();
  /** Attempts made in this drive, per task: a resumed task gets its full retry budget again. */
  readonly budget = new Map<string, number>();
  /** Ended attempts, handed from the driver to the next scheduling pass. */
  readonly settled: Settled[] = [];
  cancelling = false;
  failingFast = false;
  private readonly ctx: ResolveContext;
  private readonly outputArtifactCache = new Map<string, Record<string, ArtifactRecord>>();
  /** Transitions of this pass, not yet committed; their rows are already updated in memory. */
  private batch = new TransitionBatch();
  /** Attempts staged in the batch, launched once it commits. */
  private launches: Launch[] = [];

  constructor(
    private readonly env: SchedulerEnv,
    public run: RunRecord,
    readonly ir: PipelineIR,
    stored: TaskRecord[],
  ) {
    this.instances = new RunInstances(ir, stored);
    this.ctx = this.resolveContext();
  }

  /** Stages the run's own change, committed with the next pass. */
  stageRun(update: RunUpdate): void {
    this.batch.run = update;
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

  /** How long until a task waiting for a retry may start; undefined when none waits. */
  nextRetryDelay(): number | undefined {
    const times = this.instances
      .all()
      .filter((r) => r.status === "pending" && r.notBefore)
      .map((r) => (r.notBefore as Date).getTime() - Date.now());
    return times.length ? Math.max(0, Math.min(...times)) : undefined;
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
  async step(): Promise<boolean> {
    const ctx = this.ctx;
    const now = new Date();
    let changed = false;
    this.stageSettled();
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
      if (row.notBefore && row.notBefore > now && !this.env.starts) continue;
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
      if (this.env.starts && !this.env.starts(row)) continue;
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

  /** Commits the ends of the attempts in `settled`, starting nothing: for a step that ran its attempt outside a pass. */
  async settle(): Promise<void> {
    this.stageSettled();
    await this.commit();
  }

  private stageSettled(): void {
    for (const { update, effects, outputs } of this.settled.splice(0)) {
      if (outputs) this.outputArtifactCache.set(update.taskId, outputs);
      this.stage(update, effects);
    }
  }

  /** Updates a row in memory now and queues its transition for the pass's commit. */
  stage(update: TaskUpdate, effects?: StagedEffects): number | undefined {
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
    const { attempts } = await this.env.store.transition(this.run.id, [...batch.updates.values()], batch.run, batch.effects(), this.env.lease);
    if (batch.run) this.env.onEvent({ type: "run", run: this.run });
    for (const id of batch.updates.keys()) {
      const row = this.instances.byId.get(id);
      if (row) this.env.onEvent({ type: "task", task: row });
    }
    for (const launch of launches) {
      const attempt = attempts[launch.attemptIndex];
      if (!attempt) throw new Error(`the store started no attempt for task ${launch.taskId}`);
      this.env.launch(launch, attempt);
    }
    this.env.committed();
    const keysToTake = launches.filter((l) => l.keyAtEnd).map((l) => l.prepared);
    // Taken while the tasks run, unless one ends first and takes its own.
    if (keysToTake.length > 0) {
      setImmediate(() => {
        for (const p of keysToTake) this.keyFields(p);
      });
    }
  }

  /** Commits transitions outside a scheduling pass (loop expansion, the run's end) at once. */
  async apply(updates: TaskUpdate[], run?: RunUpdate): Promise<void> {
    await this.env.store.transition(this.run.id, updates, run, undefined, this.env.lease);
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
    for (const added of await this.env.store.addTasks(this.run.id, fresh, this.env.lease)) this.instances.set(added);
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
    // A task's time runs from its first attempt in this drive: a resumed task's leaves out the
    // time the run sat idle, a retried one's includes its backoff.
    const startedAt = this.budget.has(row.id) ? (row.startedAt ?? now) : now;
    // A task that looks nothing up records its key when the attempt ends: digesting the key
    // (tens of µs on a CPU that just woke) is then off the path to its start.
    const attemptIndex = this.stage(
      { taskId: row.id, status: "running", attempts: number, ...(lookup ? this.keyFields(prepared) : {}), startedAt, error: null, notBefore: null },
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
  keyFields(prepared: PreparedTask): { cacheKey: string; cacheKeyParts: never } {
    prepared.cacheKey ??= cacheKey(prepared.keyParts);
    return { cacheKey: prepared.cacheKey, cacheKeyParts: prepared.keyParts as never };
  }

  /** The outputs of a cache hit, when the artifact store still holds every one with its size. */
  private async usableOutputs(hit: TaskRecord): Promise<Record<string, ArtifactRecord> | undefined> {
    const outputs = await this.outputArtifacts(hit);
    for (const a of Object.values(outputs)) {
      if (!(await this.env.artifacts.has(a.uri, a.size))) return undefined;
    }
    return outputs;
  }

  /** Aborts every running attempt. */
  abortAll(): void {
    for (const { abort } of this.running.values()) abort.abort(new TaskCancelledError());
  }
}
