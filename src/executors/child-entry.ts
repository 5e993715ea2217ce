/** The child side of the process executor: runs one task attempt, then exits. */
import type { TaskExecution } from "../engine/executor.ts";
import type { HostMessage, TaskMessage } from "./isolated-protocol.ts";
import { IsolatedTask } from "./isolated-task.ts";

/** What the process executor sends its child: first the attempt, then registry replies. */
export type ParentMessage = { type: "execute"; task: TaskExecution } | HostMessage;

function send(message: TaskMessage): Promise<void> {
  return new Promise((resolve) => process.send?.(message, undefined, {}, () => resolve()));
}

const isolated = new IsolatedTask((message) => void send(message));

process.on("message", async (message: ParentMessage) => {
  if (message.type !== "execute") return isolated.receive(message);
  await send(await isolated.run(message.task));
  process.disconnect();
});
