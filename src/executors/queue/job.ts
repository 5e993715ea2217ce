/**
 * What a queued task attempt is: the job's data, the queue it goes on, and the Redis keys the
 * driver and the workers share about it. The queue carries work; the store holds the truth.
 */
import type { TaskExecution } from "../../engine/executor.ts";
import type { TaskOptionsIR } from "../../ir/schema.ts";
import type { HostMessage, TaskMessage } from "../isolated-protocol.ts";

/** A job's data: the attempt, and the inbox of the driver waiting for it. */
export interface QueuedTask {
  execution: TaskExecution;
  /** The driver's inbox stream: the worker sends the attempt's logs, metrics and result there. */
  driver: string;
  /** The driver's machine: a worker there, in the driver's project folder, uses the attempt's paths as they are. */
  host: string;
}

/** What a worker sends a driver about a job, beside the isolated-task messages. */
export type WorkerMessage = TaskMessage | { type: "started" } | { type: "waiting"; reason: string };
/** What a driver sends the worker running a job. */
export type DriverMessage = HostMessage | { type: "cancel"; timeoutMs?: number };

export const DEFAULT_QUEUE = "default";

/** The queue a task goes on: its `queue` option, suffixed ".gpu" when it needs GPUs, so only GPU workers see it. */
export function queueOf(options: Pick<TaskOptionsIR, "queue" | "resources">): string {
  const name = options.queue ?? DEFAULT_QUEUE;
  return (options.resources.gpu ?? 0) > 0 ? `${name}.gpu` : name;
}

/** BullMQ takes a lower number first, 1 the highest; every job gets one, so priorities compare across tasks. */
export function bullPriority(options: Pick<TaskOptionsIR, "priority">): number {
  return 1001 - (options.priority ?? 0);
}

/** The job of an attempt: one per attempt, so adding it again (after Redis lost it) cannot run it twice at once. */
export function jobIdOf(execution: Pick<TaskExecution, "attemptId">): string {
  return execution.attemptId;
}

/** Redis keys under the fleet's prefix. */
export function queueKeys(prefix: string) {
  return {
    /** A driver's or a worker's inbox stream. */
    inbox: (id: string) => `${prefix}:inbox:${id}`,
    /** Set while the driver of that inbox is alive: a worker drops the jobs of a driver that is gone. */
    alive: (inbox: string) => `${inbox}:alive`,
    /** Set when an attempt was cancelled: a worker that takes its job later drops it. */
    cancelled: (jobId: string) => `${prefix}:cancelled:${jobId}`,
    /** The attempts of a component running now on any worker (a sorted set scored by expiry). */
    running: (component: string) => `${prefix}:running:${component}`,
  };
}
