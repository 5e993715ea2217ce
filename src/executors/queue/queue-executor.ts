/**
 * The driver's side of distributed execution: each attempt the engine starts becomes a BullMQ
 * job on the queue its options pick, and the attempt ends when a worker's result reaches this
 * driver's inbox. The engine's decisions stay in the store as with any executor; the queue only
 * carries work, so what Redis loses (a flush, a restart) is put back from here.
 */
import { hostname } from "node:os";
import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { ClusterConfig } from "../../cluster-config.ts";
import { TaskTimeoutError } from "../../engine/errors.ts";
import type { Executor, TaskExecution, TaskHooks, TaskOutcome } from "../../engine/executor.ts";
import { deserializeError } from "../isolated-protocol.ts";
import { hostMessage } from "../task-host.ts";
import { Inbox, type InboxMessage, inboxId, sendTo } from "./inbox.ts";
import { bullPriority, type DriverMessage, jobIdOf, type QueuedTask, queueKeys, queueOf, type WorkerMessage } from "./job.ts";
import { connectRedis } from "./redis.ts";

/** How often the driver says it is alive and looks for jobs Redis lost. */
const WATCH_MS = 1000;
/** How long an attempt cancelled before any worker said it took it waits for one to say so. */
const CANCEL_WATCH_MS = 60_000;
/** A driver not heard of for this long is gone: workers drop its jobs. */
const ALIVE_MS = 10_000;

interface Flight {
  queue: string;
  data: QueuedTask;
  hooks: TaskHooks;
  resolve(outcome: TaskOutcome): void;
  reject(error: unknown): void;
  /** The inbox of the worker running it, once one has said something. */
  worker?: string;
  /** Watches in a row that found no job for it. */
  missing: number;
}

export class QueueExecutor implements Executor {
  private readonly keys: ReturnType<typeof queueKeys>;
  private readonly inbox: Inbox<WorkerMessage>;
  private readonly queues = new Map<string, Queue>();
  private readonly flights = new Map<string, Flight>();
  private readonly host = hostname();
  /** Jobs to add, by queue, added together once the scheduling pass that started them has launched them all. */
  private toAdd = new Map<string, QueuedTask[]>();
  private readonly watch: NodeJS.Timeout;
  private watching: Promise<void> = Promise.resolve();
  /** The executor serves every isolation of an engine, which closes each: the first close does it. */
  private closing: Promise<void> | undefined;

  /** Connects to the fleet's Redis; refuses at once when it does not answer. */
  static async open(config: Pick<ClusterConfig, "redisUrl" | "queuePrefix">): Promise<QueueExecutor> {
    return new QueueExecutor(await connectRedis(config), config.queuePrefix, true);
  }

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    /** Whether `close` ends the connection too. */
    private readonly ownsConnection = false,
  ) {
    this.keys = queueKeys(prefix);
    this.inbox = new Inbox(redis, this.keys.inbox(inboxId("driver")));
    this.inbox.start();
    void this.beat();
    this.watch = setInterval(() => {
      this.watching = this.watching.then(() => this.lookAfterJobs());
    }, WATCH_MS);
  }

  execute(task: TaskExecution, hooks: TaskHooks): Promise<TaskOutcome> {
    return new Promise<TaskOutcome>((resolve, reject) => {
      const jobId = jobIdOf(task);
      const flight: Flight = { queue: queueOf(task.options), data: { execution: task, driver: this.inbox.key, host: this.host }, hooks, resolve, reject, missing: 0 };
      this.flights.set(jobId, flight);
      this.inbox.on(jobId, (m) => this.receive(flight, m));
      hooks.signal.addEventListener("abort", () => this.abandon(jobId, flight, hooks.signal.reason), { once: true });
      if (hooks.signal.aborted) return this.abandon(jobId, flight, hooks.signal.reason);
      this.enqueue(flight);
    });
  }

  private enqueue(flight: Flight): void {
    const batch = this.toAdd.get(flight.queue);
    if (batch) return void batch.push(flight.data);
    this.toAdd.set(flight.queue, [flight.data]);
    if (this.toAdd.size === 1) setImmediate(() => this.addQueued());
  }

  private addQueued(): void {
    const toAdd = this.toAdd;
    this.toAdd = new Map();
    for (const [name, tasks] of toAdd) {
      const jobs = tasks.map((data) => ({
        name: data.execution.taskName,
        data,
        opts: { jobId: jobIdOf(data.execution), priority: bullPriority(data.execution.options), removeOnComplete: true, removeOnFail: true },
      }));
      this.queue(name)
        .addBulk(jobs)
        .catch((error: unknown) => {
          // Redis down for now: the watch adds them again once it is back.
          for (const data of tasks) this.flights.get(jobIdOf(data.execution))?.hooks.onWaiting?.(`could not queue the task: ${(error as Error).message}`);
        });
    }
  }

  private queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.redis, prefix: this.prefix });
      queue.on("error", () => {});
      this.queues.set(name, queue);
    }
    return queue;
  }

  private receive(flight: Flight, { jobId, from, message }: InboxMessage<WorkerMessage>): void {
    flight.worker = from;
    if (message.type === "done" || message.type === "failed") {
      this.forget(jobId);
      if (message.type === "done") flight.resolve(message.outcome);
      else flight.reject(deserializeError(message.error));
    } else if (message.type === "started") {
      // Nothing to do: the worker is known now, to send a cancellation to.
    } else if (message.type === "waiting") {
      flight.hooks.onWaiting?.(message.reason);
    } else {
      hostMessage(flight.hooks, message, (reply) => void this.send(from, jobId, reply));
    }
  }

  private send(to: string, jobId: string, message: DriverMessage): Promise<void> {
    return sendTo(this.redis, to, this.inbox.key, jobId, message).then(
      () => {},
      () => {},
    );
  }

  private forget(jobId: string): void {
    this.flights.delete(jobId);
    this.inbox.off(jobId);
  }

  /**
   * A timeout or a cancellation: the attempt ends here at once. The worker running it is told
   * to kill it, and a worker that takes its job later finds it cancelled.
   */
  private abandon(jobId: string, flight: Flight, reason: unknown): void {
    if (this.flights.get(jobId) !== flight) return;
    this.forget(jobId);
    flight.reject(reason);
    void this.redis.set(this.keys.cancelled(jobId), "1", "PX", 3_600_000).catch(() => {});
    void this.queue(flight.queue).remove(jobId).catch(() => {});
    // The task is killed on its worker, and reported there as what ended it.
    const cancel: DriverMessage = reason instanceof TaskTimeoutError ? { type: "cancel", timeoutMs: reason.timeoutMs } : { type: "cancel" };
    if (flight.worker) return void this.send(flight.worker, jobId, cancel);
    // A worker may have taken the job before the cancellation and not said so yet: it is told
    // when it does (it says it started as it looks at the cancellation a second time).
    this.inbox.on(jobId, ({ from }) => {
      this.inbox.off(jobId);
      void this.send(from, jobId, cancel);
    });
    setTimeout(() => this.inbox.off(jobId), CANCEL_WATCH_MS).unref();
  }

  private async beat(): Promise<void> {
    await this.redis.set(this.keys.alive(this.inbox.key), "1", "PX", ALIVE_MS).catch(() => {});
  }

  /**
   * Says this driver is alive, and adds again the jobs Redis lost (flushed, or restarted
   * without its data): a job missing twice in a row, with no result received meanwhile. A job
   * a worker ended without reaching this inbox is lost too, and runs again.
   */
  private async lookAfterJobs(): Promise<void> {
    await this.beat();
    const flights = [...this.flights];
    if (flights.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const [jobId, flight] of flights) pipeline.exists(`${this.prefix}:${flight.queue}:${jobId}`);
    const found = await pipeline.exec().catch(() => null);
    if (!found) return;
    flights.forEach(([jobId, flight], i) => {
      if (found[i]?.[1] === 1 || this.flights.get(jobId) !== flight) {
        flight.missing = 0;
        return;
      }
      flight.missing += 1;
      if (flight.missing >= 2) {
        flight.missing = 0;
        flight.worker = undefined;
        this.enqueue(flight);
      }
    });
  }

  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    clearInterval(this.watch);
    await this.watching;
    for (const [jobId, flight] of this.flights) this.abandon(jobId, flight, new Error("the engine closed"));
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    await this.redis.del(this.keys.alive(this.inbox.key)).catch(() => {});
    await this.inbox.close();
    if (this.ownsConnection) await this.redis.quit().catch(() => {});
  }
}
