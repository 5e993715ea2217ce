/**
 * Drives one run to its end: the durable state machine. Every transition is committed to the
 * store before the engine acts on it, so a process that dies anywhere leaves a run that
 * `resume` continues without re-running what completed.
 */
import { setImmediate as nextTurn } from "node:timers/promises";
import type { ArtifactStore } from "../artifacts/types.ts";
import { ConveyorError, isConveyorError } from "../errors.ts";
import { loadIr } from "../ir/load.ts";
import type { PipelineIR } from "../ir/schema.ts";
import { TRACKING_PIPELINE } from "../store/tracking-types.ts";
import type { MetadataStore, RunRecord, TaskRecord } from "../store/types.ts";
import { settleAttempt } from "./attempt-outcome.ts";
import type { EngineEvent } from "./events.ts";
import type { Executors, LogEntry } from "./executor.ts";
import { LeaseKeeper } from "./lease-keeper.ts";
import { runEnd } from "./run-end.ts";
import { TelemetryBuffer } from "./log-buffer.ts";
import { type Launch, Scheduler } from "./scheduling-pass.ts";
import { Wakeup } from "./wakeup.ts";

export interface DriverEnv {
  store: MetadataStore;
  artifacts: ArtifactStore;
  root: string;
  executors: Executors;
  onEvent: (event: EngineEvent) => void;
  owner: string;
  leaseMs: number;
  /** IR this process compiled or loaded already, by digest: no need to read and check it again. */
  knownIr: Map<string, PipelineIR>;
}

export class RunDriver {
  private scheduler!: Scheduler;
  private runId = "";
  private readonly lease: LeaseKeeper;
  private readonly wake = new Wakeup();
  private readonly verified = new Set<string>();
  private readonly telemetry: TelemetryBuffer;
  private fatal: unknown;
  /** A cancellation asked for before the run was read back, applied once it is. */
  private cancelAsked = false;
  /** Whether the run's last transition released its lease. */
  private released = false;
  /** The lease was lost, or could not be renewed: this drive writes nothing more. */
  private leaseGone = false;
  /** Staging folders of ended attempts being removed. */
  private readonly discards: Promise<void>[] = [];
  /** Attempts ended since staging folders were last looked for. */
  private readonly ended: { taskName: string; number: number }[] = [];

  constructor(private readonly env: DriverEnv) {
    this.lease = new LeaseKeeper(env.store, env.owner, env.leaseMs);
    // Logs and metrics are not fenced by the store: after a stall, they wait for the lease to be confirmed.
    this.telemetry = new TelemetryBuffer(env.store, () => this.lease.confirm(this.runId));
  }

  async drive(runId: string, signal?: AbortSignal): Promise<RunRecord> {
    // The lease comes first: taking it reads the run too, as it is once no one else drives it.
    this.runId = runId;
    const run = await this.lease.take(runId);
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
      const ir = this.env.knownIr.get(run.pipelineDigest) ?? (await this.storedIr(run));
      this.lease.keep(
        run.id,
        (now) => {
          if (now.cancelRequested) this.cancel();
        },
        (error) => this.stop(error, true),
      );
      signal?.addEventListener("abort", onAbort, { once: true });
      await this.recover(run, ir);
      if (signal?.aborted) this.cancel();
      await this.loop();
      // No renewal may follow the last transition, which releases the lease.
      await this.lease.stop();
      return await this.finish();
    } catch (error) {
      this.stop(error, isConveyorError(error) && error.code === "lease_lost");
      throw error;
    } finally {
      await this.lease.stop();
      signal?.removeEventListener("abort", onAbort);
      await this.telemetry.close();
      if (!this.released && !this.leaseGone) await this.lease.release(run.id);
    }
  }

  /**
   * Stops driving at once: running attempts are aborted and their ends never recorded. When
   * the lease is gone, another process may drive the run already: nothing more is written.
   */
  private stop(error: unknown, leaseGone: boolean): void {
    this.fatal ??= error;
    if (leaseGone) {
      this.leaseGone = true;
      this.telemetry.discard();
    }
    this.scheduler?.abortAll();
    this.wake.notify();
  }

  private async storedIr(run: RunRecord): Promise<PipelineIR> {
    const pipeline = await this.env.store.getPipeline(run.pipelineDigest);
    if (!pipeline) throw new Error(`pipeline ${run.pipelineDigest} of run ${run.id} is missing from the store`);
    const ir = await loadIr(pipeline.ir, `pipeline ${pipeline.name} (${pipeline.digest})`);
    this.env.knownIr.set(run.pipelineDigest, ir);
    return ir;
  }

  /**
   * Puts a run left by a dead process (or ended unsuccessfully) back into a runnable state.
   * Its changes commit with the first scheduling pass: one transaction starts the run and
   * its first tasks.
   */
  private async recover(run: RunRecord, ir: PipelineIR): Promise<void> {
    const { store } = this.env;
    // A pending run has never been driven: it has no attempts to close.
    const left = run.status === "pending" ? [] : await store.listRunningAttempts(run.id);
    const ended = run.status === "failed" || run.status === "cancelled";
    const reset = new Set(ended ? ["running", "failed", "cancelled", "skipped"] : ["running"]);
    const fields = { status: "pending", error: null, startedAt: null, endedAt: null, notBefore: null } as const;
    const stored = await store.listTasks(run.id);
    const running = { status: "running", startedAt: run.startedAt ?? new Date(), endedAt: null, error: null, cancelRequested: false } as const;
    this.scheduler = new Scheduler(
      {
        store,
        lease: this.lease.lease,
        artifacts: this.env.artifacts,
        root: this.env.root,
        onEvent: this.env.onEvent,
        launch: (launch, attempt) => void this.complete(launch, attempt),
        // Staging folders of the attempts a commit ended, once the tasks it started have started.
        committed: () => {
          if (this.ended.length > 0) this.discards.push(nextTurn().then(() => this.discardEnded()));
        },
      },
      { ...run, ...running },
      ir,
      stored,
    );
    for (const row of stored) if (reset.has(row.status)) this.scheduler.stage({ taskId: row.id, ...fields });
    // Ended under the lease too: a process taken over while it ran them ends none of them.
    const interrupted = "the process driving the run stopped, or lost its lease, during this attempt";
    for (const a of left) this.scheduler.stage({ taskId: a.taskId }, { finishAttempt: { id: a.id, status: "interrupted", error: interrupted } });
    this.scheduler.stageRun(running);
    if (this.cancelAsked) this.cancel();
  }

  cancel(): void {
    this.cancelAsked = true;
    const scheduler = this.scheduler;
    if (!scheduler || scheduler.cancelling) return;
    scheduler.cancelling = true;
    scheduler.abortAll();
    this.wake.notify();
  }

  private async loop(): Promise<void> {
    const scheduler = this.scheduler;
    for (;;) {
      if (this.fatal) throw this.fatal;
      if (await scheduler.step()) continue;
      if (scheduler.settled.length > 0) continue;
      if (scheduler.running.size > 0) {
        await this.wake.wait();
        continue;
      }
      const delay = scheduler.nextRetryDelay();
      if (delay === undefined) break;
      await this.wake.wait(delay);
    }
    const stuck = scheduler.instances.all().filter((r) => r.status === "pending" || r.status === "running");
    if (stuck.length > 0) throw new Error(`scheduler stalled with tasks ${stuck.map((r) => r.name).join(", ")} unfinished`);
  }

  private async complete({ taskId, prepared, abort, keyAtEnd }: Launch, attempt: { id: string; number: number }): Promise<void> {
    const scheduler = this.scheduler;
    const row = scheduler.instances.byId.get(taskId) as TaskRecord;
    const task = scheduler.ir.tasks[row.node];
    const component = task && scheduler.ir.components[task.component];
    try {
      if (!task || !component) throw new Error(`task ${row.name} is not in the pipeline IR`);
      let seq = 0;
      const executor = this.env.executors[task.options.isolation];
      const onLog = (entry: LogEntry) => {
        seq += 1;
        this.telemetry.log({ attemptId: attempt.id, seq, ...entry });
        this.env.onEvent({ type: "log", task: scheduler.instances.byId.get(taskId) ?? row, attempt: attempt.number, entry });
      };
      const env = {
        store: this.env.store,
        artifacts: this.env.artifacts,
        root: this.env.root,
        executor,
        verified: this.verified,
        onLog,
        onMetric: (name: string, value: number, step: number | undefined) =>
          this.telemetry.metric({ runId: row.runId, taskId, name, value, step: step ?? null, time: new Date() }),
        // The task's note, committed with the next pass; the attempt's end clears it.
        onWaiting: (reason: string) => {
          if (!scheduler.running.has(taskId)) return;
          scheduler.stage({ taskId, error: `waiting: ${reason}` });
          this.wake.notify();
        },
      };
      const end = await settleAttempt(
        env,
        row,
        attempt,
        task,
        component,
        { prepared, abort },
        () => (keyAtEnd ? scheduler.keyFields(prepared) : {}),
        () => ({ made: scheduler.budget.get(row.id) ?? 1, stopping: scheduler.cancelling || scheduler.failingFast }),
      );
      await this.telemetry.flush();
      scheduler.settled.push(end.settled);
      if (end.failed && scheduler.run.options.failFast && !scheduler.instances.isExitHandler(row)) {
        scheduler.failingFast = true;
        scheduler.abortAll();
      }
    } catch (error) {
      this.fatal ??= error;
    } finally {
      scheduler.running.delete(taskId);
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
    await this.env.artifacts.discardStaging(this.scheduler.run.id, attempt).catch(() => {});
  }

  private async finish(): Promise<RunRecord> {
    const scheduler = this.scheduler;
    const { status, error } = runEnd(scheduler.instances.all(), scheduler.cancelling);
    await Promise.all(this.discards.splice(0));
    await this.discardStaging();
    await scheduler.apply([], { status, error, endedAt: new Date(), leaseOwner: null });
    this.released = true;
    return scheduler.run;
  }
}
