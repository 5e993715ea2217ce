/**
 * Runs each task attempt in a child Node process: a memory limit (V8 heap), a hard kill on
 * timeout or cancellation, and the task's console output captured as its log.
 */
import { type ChildProcess, fork } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { ConveyorError } from "../errors.ts";
import { siblingModule } from "../sibling-module.ts";
import { TYPESCRIPT_EXEC_ARGV } from "../typescript-loader.ts";
import type { Executor, TaskExecution, TaskHooks, TaskOutcome } from "../engine/executor.ts";
import type { ParentMessage } from "./child-entry.ts";
import { consoleLine, deserializeError, type TaskMessage } from "./isolated-protocol.ts";
import { hostMessage } from "./task-host.ts";

const ENTRY = fileURLToPath(siblingModule(import.meta.url, "./child-entry"));

function exitError(task: TaskExecution, code: number | null, signal: NodeJS.Signals | null, stderrTail: string): Error {
  if (/heap out of memory|Allocation failed/i.test(stderrTail)) {
    return new ConveyorError(
      `task "${task.taskName}" ran out of memory (limit ${task.memoryMb ?? "default"} MiB)`,
      "raise resources.memoryMb, or process the data in smaller pieces",
      "out_of_memory",
    );
  }
  const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
  return new Error(`task "${task.taskName}": its process ${how} before finishing${stderrTail ? `\n${stderrTail}` : ""}`);
}

export class ProcessExecutor implements Executor {
  private readonly children = new Set<ChildProcess>();

  execute(task: TaskExecution, hooks: TaskHooks): Promise<TaskOutcome> {
    const execArgv = [...TYPESCRIPT_EXEC_ARGV];
    if (task.memoryMb !== undefined) execArgv.push(`--max-old-space-size=${Math.max(16, Math.floor(task.memoryMb))}`);
    const child = fork(ENTRY, [], { cwd: task.root, execArgv, stdio: ["ignore", "pipe", "pipe", "ipc"], serialization: "advanced" });
    this.children.add(child);
    let stderrTail = "";
    for (const stream of ["stdout", "stderr"] as const) {
      const lines = createInterface({ input: child[stream] as NodeJS.ReadableStream });
      lines.on("line", (line) => {
        if (stream === "stderr") stderrTail = `${stderrTail}\n${line}`.slice(-2000);
        hooks.onLog(consoleLine(stream, line));
      });
    }
    return new Promise<TaskOutcome>((resolve, reject) => {
      let settled: { ok: TaskOutcome } | { error: Error } | undefined;
      const kill = () => child.kill("SIGKILL");
      if (hooks.signal.aborted) kill();
      hooks.signal.addEventListener("abort", kill, { once: true });
      child.on("message", (m: TaskMessage) => {
        if (m.type === "done") settled = { ok: m.outcome };
        else if (m.type === "failed") settled = { error: deserializeError(m.error) };
        // The child may have been killed meanwhile (timeout, cancellation): then no one waits for a reply.
        else hostMessage(hooks, m, (reply) => child.connected && child.send(reply, () => undefined));
      });
      child.on("error", (error) => {
        settled ??= { error };
      });
      // "close", not "exit": only then has all of stderr been read (an OOM message arrives last).
      child.on("close", (code, signal) => {
        this.children.delete(child);
        hooks.signal.removeEventListener("abort", kill);
        if (hooks.signal.aborted) return reject(hooks.signal.reason);
        if (settled && "ok" in settled) return resolve(settled.ok);
        reject(settled?.error ?? exitError(task, code, signal, stderrTail.trim()));
      });
      child.send({ type: "execute", task } satisfies ParentMessage);
    });
  }

  async close(): Promise<void> {
    for (const child of this.children) child.kill("SIGKILL");
  }
}
