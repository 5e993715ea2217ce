/**
 * The worker-thread side of the thread executor (a piscina task handler): runs one attempt at a
 * time, its logs, metrics, registry calls and result going over the port that came with it.
 */
import type { MessagePort } from "node:worker_threads";
import type { ComponentIR } from "../ir/schema.ts";
import type { TaskExecution } from "../engine/executor.ts";
import { consoleLine, type HostMessage, type TaskMessage } from "./isolated-protocol.ts";
import { IsolatedTask } from "./isolated-task.ts";
import { loadComponent } from "./load-component.ts";

/** An attempt to run, or a component to load ahead of the attempts that will need it. */
export type ThreadTask = { task: TaskExecution; port: MessagePort } | { preload: { root: string; component: ComponentIR } };

/** Where the running attempt's console lines go; undefined between attempts. */
let consoleTarget: ((stream: "stdout" | "stderr", line: string) => void) | undefined;
const partial = { stdout: "", stderr: "" };

/**
 * A worker's console writes to the process's, interleaved with every other thread's: here each
 * line goes to the running attempt's log instead, as a child process's output does.
 */
for (const stream of ["stdout", "stderr"] as const) {
  const original = process[stream].write.bind(process[stream]);
  process[stream].write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    if (!consoleTarget) return original(chunk, ...(rest as []));
    const lines = (partial[stream] + (typeof chunk === "string" ? chunk : Buffer.from(chunk).toString())).split("\n");
    partial[stream] = lines.pop() ?? "";
    for (const line of lines) consoleTarget(stream, line.endsWith("\r") ? line.slice(0, -1) : line);
    const callback = rest.find((r) => typeof r === "function") as (() => void) | undefined;
    callback?.();
    return true;
  }) as typeof process.stdout.write;
}

export default async function runThreadTask(work: ThreadTask): Promise<void> {
  // Best effort: an attempt that loads the component reports what went wrong.
  if ("preload" in work) return void (await loadComponent(work.preload.root, work.preload.component).catch(() => {}));
  const { task, port } = work;
  const send = (message: TaskMessage) => port.postMessage(message);
  const isolated = new IsolatedTask(send);
  port.on("message", (reply: HostMessage) => isolated.receive(reply));
  consoleTarget = (stream, line) => isolated.log(consoleLine(stream, line));
  try {
    const result = await isolated.run(task);
    for (const stream of ["stdout", "stderr"] as const) {
      if (partial[stream]) consoleTarget(stream, partial[stream]);
      partial[stream] = "";
    }
    // The result goes the logs' way, after them: the engine then has every line when it ends the attempt.
    send(result);
  } finally {
    consoleTarget = undefined;
  }
}
