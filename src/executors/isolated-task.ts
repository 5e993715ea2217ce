/**
 * The far side of an isolated attempt, in a child process, a worker thread or a queue worker:
 * runs the component with hooks that are messages to the engine, and reports how it ended.
 */
import type { Executor, LogEntry, TaskExecution, TaskHooks } from "../engine/executor.ts";
import type { ResolvedModelVersion } from "../registry/registry-hooks.ts";
import { deserializeError, type HostMessage, type RegistryCall, serializeError, type TaskMessage, type TaskResult } from "./isolated-protocol.ts";
import { runComponent } from "./run-component.ts";

export class IsolatedTask {
  /** Registry calls waiting for the engine's reply, by id. */
  private readonly pending = new Map<number, { resolve(v: ResolvedModelVersion | undefined): void; reject(e: Error): void }>();
  private lastId = 0;

  constructor(private readonly send: (message: TaskMessage) => void) {}

  /** The engine's answer to one of this task's registry calls. */
  receive(reply: HostMessage): void {
    const waiting = this.pending.get(reply.id);
    this.pending.delete(reply.id);
    if ("error" in reply) waiting?.reject(deserializeError(reply.error));
    else waiting?.resolve(reply.result);
  }

  /** Sends a line of the task's log. */
  log(entry: LogEntry): void {
    this.send({ type: "log", entry: { ...entry, time: entry.time.toISOString() } });
  }

  /**
   * Runs the attempt to its end, success or failure, which is the message reporting it. A child
   * process or a thread runs the component itself, never aborted: the engine stops it by ending
   * the process or thread. A queue worker hands it to one of its own executors, and aborts
   * `signal` on a timeout or a cancellation.
   */
  async run(task: TaskExecution, execute: Executor["execute"] = runComponent, signal: AbortSignal = new AbortController().signal): Promise<TaskResult> {
    const hooks: TaskHooks = {
      signal,
      onLog: (entry) => this.log(entry),
      onMetric: (name, value, step) => this.send({ type: "metric", name, value, step }),
      registry: {
        resolve: (reference) => this.call({ op: "resolve", reference }),
        register: async (request) => (await this.call({ op: "register", request })) as ResolvedModelVersion,
      },
    };
    try {
      return { type: "done", outcome: await execute(task, hooks) };
    } catch (error) {
      return { type: "failed", error: serializeError(error) };
    }
  }

  private call(call: RegistryCall): Promise<ResolvedModelVersion | undefined> {
    const id = ++this.lastId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send({ type: "registry", id, call });
    });
  }
}
