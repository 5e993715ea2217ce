/**
 * Runs task attempts on a pool of worker threads (piscina): CPU-bound work computes beside the
 * engine instead of on its one JavaScript thread, so several tasks compute at once and the
 * engine's own work (its lease, other tasks' starts and ends) goes on meanwhile. A timeout or a
 * cancellation terminates the attempt's thread; the pool starts another.
 */
import { availableParallelism } from "node:os";
import { MessageChannel } from "node:worker_threads";
import type { Piscina } from "piscina";
import { siblingModule } from "../sibling-module.ts";
import { TYPESCRIPT_EXEC_ARGV } from "../typescript-loader.ts";
import type { Executor, TaskExecution, TaskHooks, TaskOutcome } from "../engine/executor.ts";
import { deserializeError, type TaskMessage, type TaskResult } from "./isolated-protocol.ts";
import { hostMessage } from "./task-host.ts";
import type { ThreadTask } from "./thread-entry.ts";

const ENTRY = siblingModule(import.meta.url, "./thread-entry").href;
/**
 * A thread takes a while to start (it loads tsx and compiles the component's modules): idle
 * threads are kept this long for the next task. They never keep the process alive.
 */
const IDLE_MS = 60_000;

/** Imported with the first pool: a run without thread tasks, and the CLI's start, need not load it. */
async function newPool(threads: number): Promise<Piscina<ThreadTask, void>> {
  const { Piscina } = await import("piscina");
  return new Piscina({
    filename: ENTRY,
    minThreads: 0,
    maxThreads: threads,
    idleTimeout: IDLE_MS,
    // Between tasks a thread waits in its event loop, not in Atomics.wait: timers and I/O a
    // component left behind still run, and nothing blocks the port of a finished task.
    atomics: "disabled",
    execArgv: [...TYPESCRIPT_EXEC_ARGV],
  });
}

/**
 * Component modules each pool has been asked to load on all its threads, by root and module. A
 * thread's first task of a component loads the component's modules (and, the first time, most
 * of Conveyor's), which takes longer than many tasks compute: when a component first runs,
 * the pool's other threads load it too, while that attempt runs.
 */
const preloaded = new WeakMap<Piscina, Set<string>>();

function preload(pool: Piscina<ThreadTask, void>, task: TaskExecution): void {
  const seen = preloaded.get(pool) ?? new Set<string>();
  preloaded.set(pool, seen);
  const key = `${task.root}\0${task.component.module}`;
  if (seen.has(key)) return;
  seen.add(key);
  for (let i = 1; i < pool.maxThreads; i++) void pool.run({ preload: { root: task.root, component: task.component } }).catch(() => {});
}

/** The pool the process's engines share by default: one thread per core, started as tasks need them. */
let shared: Promise<Piscina<ThreadTask, void>> | undefined;

export interface ThreadExecutorOptions {
  /** A pool of this many threads of the executor's own; default: the process's pool, one thread per core. */
  threads?: number;
}

export class ThreadExecutor implements Executor {
  private own: Promise<Piscina<ThreadTask, void>> | undefined;
  /** Aborted by close(): ends the attempts still running. */
  private readonly closing = new AbortController();

  constructor(private readonly options: ThreadExecutorOptions = {}) {}

  private pool(): Promise<Piscina<ThreadTask, void>> {
    if (this.options.threads === undefined) {
      shared ??= newPool(availableParallelism());
      return shared;
    }
    this.own ??= newPool(this.options.threads);
    return this.own;
  }

  async execute(task: TaskExecution, hooks: TaskHooks): Promise<TaskOutcome> {
    const { port1, port2 } = new MessageChannel();
    const ended = new Promise<TaskResult>((resolve) => {
      port1.on("message", (m: TaskMessage) => {
        if (m.type === "done" || m.type === "failed") resolve(m);
        else hostMessage(hooks, m, (reply) => port1.postMessage(reply));
      });
    });
    try {
      const signal = AbortSignal.any([hooks.signal, this.closing.signal]);
      const pool = await this.pool();
      // Resolves once the handler returned, which was after it sent the result on the port.
      const running = pool.run({ task, port: port2 }, { transferList: [port2], signal });
      preload(pool, task);
      await running.catch((error: unknown) => {
        if (hooks.signal.aborted) throw hooks.signal.reason;
        throw threadError(task, error);
      });
      const result = await ended;
      if (result.type === "failed") throw deserializeError(result.error);
      return result.outcome;
    } finally {
      port1.close();
    }
  }

  async close(): Promise<void> {
    this.closing.abort(new Error("the engine closed"));
    await (await this.own)?.destroy();
  }
}

/** The attempt's thread stopped before the attempt ended: it exited, or an error escaped the task. */
function threadError(task: TaskExecution, error: unknown): Error {
  const cause = error instanceof Error ? error : new Error(String(error));
  const wrapped = new Error(`task "${task.taskName}": its worker thread stopped before finishing: ${cause.message}`, { cause });
  if (cause.stack) wrapped.stack = `${wrapped.message}\n${cause.stack.split("\n").slice(1).join("\n")}`;
  return wrapped;
}
