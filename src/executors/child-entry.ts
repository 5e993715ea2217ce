/** The child side of the process executor: runs one task attempt, then exits. */
import { isConveyorError } from "../errors.ts";
import type { ChildMessage, ParentMessage } from "./child-protocol.ts";
import { runComponent } from "./run-component.ts";

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => process.send?.(message, undefined, {}, () => resolve()));
}

process.once("message", async (message: ParentMessage) => {
  const controller = new AbortController();
  try {
    const outcome = await runComponent(message.task, {
      signal: controller.signal,
      onLog: (entry) => void send({ type: "log", entry: { ...entry, time: entry.time.toISOString() } }),
      onMetric: (name, value, step) => void send({ type: "metric", name, value, step }),
    });
    await send({ type: "done", outcome });
  } catch (error) {
    const e = error as Error & { hint?: string; code?: string };
    const user = isConveyorError(error);
    await send({
      type: "failed",
      error: { message: e?.message ?? String(error), hint: e?.hint, code: e?.code, stack: user ? undefined : e?.stack, user },
    });
  }
  process.disconnect();
});
