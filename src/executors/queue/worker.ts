/**
 * A queue worker (`conveyor worker`): takes task attempts from BullMQ queues and runs each with
 * this machine's executors, the same attempt code as a local run. The attempt's logs, metrics,
 * registry calls and result go to the inbox of the driver that queued it; the driver records
 * them. BullMQ keeps each job's lock while it runs: a worker killed mid-task stops renewing it,
 * and another worker takes the job.
 */
import { hostname } from "node:os";
import { DelayedError, type Job, Worker } from "bullmq";
import type { Redis } from "ioredis";
import { TaskCancelledError, TaskTimeoutError } from "../../engine/errors.ts";
import type { ArtifactStore } from "../../artifacts/types.ts";
import type { Executor, Executors } from "../../engine/executor.ts";
import { isConveyorError } from "../../errors.ts";
import { serializeError, type TaskResult } from "../isolated-protocol.ts";
import { IsolatedTask } from "../isolated-task.ts";
import { loadComponent } from "../load-component.ts";
import { type AttemptFiles, attemptFiles, type Place } from "./attempt-files.ts";
import { Capacity, describeResources, needOf, type Resources } from "./capacity.ts";
import { ComponentSlots } from "./component-slots.ts";
import { Inbox, inboxId, sendTo } from "./inbox.ts";
import { type DriverMessage, type QueuedTask, queueKeys, type WorkerMessage } from "./job.ts";

export interface QueueWorkerOptions {
  redis: Redis;
  prefix: string;
  /** Queue names this worker takes from; a worker with GPUs takes from their ".gpu" queues too. */
  queues: string[];
  /** Attempts run at once, at most. */
  concurrency: number;
  /** What the worker may hold at once: a task is taken only when it fits. */
  capacity: Resources;
  /** The project root this worker's code is in. */
  root: string;
  /** Where a worker on another machine than a task's driver reads the task's inputs and puts its outputs. */
  artifacts: ArtifactStore;
  executors: Executors;
  /** How long a job stays with a worker that stopped renewing its lock (killed, stalled) before another takes it. */
  lockMs: number;
  /** Told of each job it took and what became of it. */
  onJob?: (event: { task: string; runId: string; outcome: JobOutcome; note?: string }) => void;
}

/** What became of a job a worker took: it started the attempt (and then it is done or failed), dropped it, or left it for another worker. */
export type JobOutcome = "started" | "done" | "failed" | "dropped" | "left";

/** How long a job left for another worker waits before any worker looks at it again. */
const LEAVE_MS = 1000;
/** How long a job waits when its component's every slot is taken. */
const SLOT_WAIT_MS = 200;

export class QueueWorker {
  readonly id = `${hostname()}:${inboxId("worker")}`;
  private readonly place: Place;
  private readonly keys: ReturnType<typeof queueKeys>;
  private readonly inbox: Inbox<DriverMessage>;
  private readonly capacity: Capacity;
  private readonly slots: ComponentSlots;
  private readonly workers: Worker[] = [];

  constructor(private readonly options: QueueWorkerOptions) {
    this.keys = queueKeys(options.prefix);
    this.place = { host: hostname(), root: options.root };
    this.inbox = new Inbox(options.redis, this.keys.inbox(this.id));
    this.capacity = new Capacity(options.capacity);
    this.slots = new ComponentSlots(options.redis, options.lockMs);
  }

  /** The queues it takes from: those named, and their GPU queues when it has GPUs. */
  get queueNames(): string[] {
    const { queues, capacity } = this.options;
    return capacity.gpu > 0 ? [...queues, ...queues.map((q) => `${q}.gpu`)] : queues;
  }

  start(): void {
    this.inbox.start();
    const { redis, prefix, concurrency, lockMs } = this.options;
    for (const name of this.queueNames) {
      const worker = new Worker<QueuedTask>(name, (job, token) => this.process(job, token), {
        connection: redis,
        prefix,
        concurrency,
        lockDuration: lockMs,
        stalledInterval: Math.max(500, lockMs / 2),
        // A job whose worker died more than this often fails; the driver, which sees it gone, queues it again.
        maxStalledCount: 3,
        removeOnComplete: { count: 0 },
        removeOnFail: { count: 0 },
      });
      // A failed lock renewal or a lost connection is reported here; the worker goes on, and so does BullMQ's recovery.
      worker.on("error", () => {});
      this.workers.push(worker);
    }
  }

  private async process(job: Job<QueuedTask>, token: string | undefined): Promise<void> {
    const { execution, driver } = job.data;
    const jobId = job.id as string;
    const report = (outcome: JobOutcome, note?: string) =>
      this.options.onJob?.({ task: execution.taskName, runId: execution.runId, outcome, note });
    const { redis } = this.options;
    const need = needOf(execution.options);
    if (!this.capacity.fits(need)) {
      return this.leave(job, token, `needs ${describeResources(need)}; worker ${this.id} has ${describeResources(this.capacity.total)}`, report);
    }
    try {
      await loadComponent(this.options.root, execution.component);
    } catch (error) {
      // Never the wrong code: the task waits for a worker whose code is the run's.
      if (isConveyorError(error) && (error.code === "component_changed" || error.code === "component_not_found")) {
        return this.leave(job, token, `worker ${this.id} has other code: ${error.message}`, report);
      }
      throw error;
    }
    const controller = new AbortController();
    // In order, on one connection: the driver has every log line before the result.
    const isolated = new IsolatedTask((message) => void this.send(driver, jobId, message));
    // Listened to before the worker says it took the job: a cancellation sent while it waits for a slot is not missed.
    this.inbox.on(jobId, ({ message }) => {
      if (message.type === "cancel") controller.abort(message.timeoutMs === undefined ? new TaskCancelledError() : new TaskTimeoutError(message.timeoutMs));
      else isolated.receive(message);
    });
    try {
      // Said as the driver's life and the cancellation are looked at, in one command: a driver
      // that cancels after this look learns where to send it.
      const started: WorkerMessage = { type: "started" };
      const [alive, cancelled] = await sendTo(redis, driver, this.inbox.key, jobId, started, [this.keys.alive(driver), this.keys.cancelled(jobId)]);
      // The driver that queued it is gone (another drives the run now, with attempts of its own), or it was cancelled.
      if (!alive || cancelled) return report("dropped", alive ? "cancelled" : "its driver is gone");
      const { maxParallel } = execution.options;
      const component = execution.component;
      const freeSlot =
        maxParallel === undefined ? undefined : await this.slots.take(this.keys.running(`${component.module}#${component.export}`), maxParallel, jobId);
      if (maxParallel !== undefined && !freeSlot) {
        await job.moveToDelayed(Date.now() + SLOT_WAIT_MS, token);
        throw new DelayedError();
      }
      const release = await this.capacity.take(need);
      try {
        report("started");
        const result = await this.run(jobId, job.data, isolated, controller);
        report(result.type, result.type === "failed" ? result.error.message : undefined);
      } finally {
        release();
        await freeSlot?.();
      }
    } finally {
      this.inbox.off(jobId);
    }
  }

  /** Puts the job back for another worker, and tells the driver why, which its task's note shows. */
  private async leave(job: Job<QueuedTask>, token: string | undefined, reason: string, report: (o: "left" | "dropped", note: string) => void): Promise<void> {
    const { driver } = job.data;
    const [alive] = await sendTo(this.options.redis, driver, this.inbox.key, job.id as string, { type: "waiting", reason } satisfies WorkerMessage, [this.keys.alive(driver)]);
    // No one waits for it any more: a matching worker would drop it too.
    if (!alive) return report("dropped", "its driver is gone");
    report("left", reason);
    await job.moveToDelayed(Date.now() + LEAVE_MS, token);
    throw new DelayedError();
  }

  private send(driver: string, jobId: string, message: WorkerMessage): Promise<void> {
    return sendTo(this.options.redis, driver, this.inbox.key, jobId, message).then(
      () => {},
      () => {},
    );
  }

  /** Runs the attempt with this machine's executor of its isolation; ended early by its timeout or the driver's cancellation (`controller`). */
  private async run(jobId: string, queued: QueuedTask, isolated: IsolatedTask, controller: AbortController): Promise<TaskResult> {
    const { execution, driver } = queued;
    const { timeoutMs } = execution;
    const timer = timeoutMs === undefined ? undefined : setTimeout(() => controller.abort(new TaskTimeoutError(timeoutMs)), timeoutMs);
    try {
      const result = await this.attempt(isolated, queued, controller.signal);
      await this.send(driver, jobId, result);
      return result;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * The attempt on this machine's files, its outputs handed over: how it ended, a failure to
   * reach the artifact store included (the driver hears of it as the task's error, never waits).
   */
  private async attempt(isolated: IsolatedTask, { execution, host }: QueuedTask, signal: AbortSignal): Promise<TaskResult> {
    const executor = untilAborted(this.options.executors[execution.options.isolation]);
    let files: AttemptFiles | undefined;
    try {
      files = await attemptFiles(execution, { host, root: execution.root }, this.place, this.options.artifacts);
      const result = await isolated.run(files.execution, executor, signal);
      return result.type === "done" ? { type: "done", outcome: await files.handOver(result.outcome) } : result;
    } catch (error) {
      return { type: "failed", error: serializeError(error) };
    } finally {
      // The outputs are in the artifact store, or the attempt failed: nothing here is needed.
      await files?.discard().catch(() => {});
    }
  }

  /** Stops taking jobs, waits for the running ones, and leaves. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    await this.inbox.close();
    await Promise.all(Object.values(this.options.executors).map((e) => e.close()));
  }
}

/** The executor's run, ended at the abort even when the task ignores its signal (an inline one cannot be killed). */
function untilAborted(executor: Executor): Executor["execute"] {
  return (task, hooks) =>
    new Promise((resolve, reject) => {
      const onAbort = () => reject(hooks.signal.reason);
      if (hooks.signal.aborted) return onAbort();
      hooks.signal.addEventListener("abort", onAbort, { once: true });
      executor.execute(task, hooks).then(resolve, reject).finally(() => hooks.signal.removeEventListener("abort", onAbort));
    });
}
