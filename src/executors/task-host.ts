/** The engine's side of an isolated attempt: what it does with each message the task sends. */
import type { TaskHooks } from "../engine/executor.ts";
import type { RegistryHooks } from "../registry/registry-hooks.ts";
import { type HostMessage, type RegistryCall, serializeError, type TaskMessage, type TaskResult } from "./isolated-protocol.ts";

/**
 * Hands a task's log line or metric to its hooks, or answers its registry call through `reply`
 * (which must drop the reply when the task has ended meanwhile: killed on timeout, say).
 */
export function hostMessage(hooks: TaskHooks, message: Exclude<TaskMessage, TaskResult>, reply: (m: HostMessage) => void): void {
  if (message.type === "log") hooks.onLog({ ...message.entry, time: new Date(message.entry.time) });
  else if (message.type === "metric") hooks.onMetric(message.name, message.value, message.step);
  else void answer(hooks.registry, message.id, message.call).then(reply);
}

async function answer(registry: RegistryHooks, id: number, call: RegistryCall): Promise<HostMessage> {
  try {
    const result = call.op === "resolve" ? await registry.resolve(call.reference) : await registry.register(call.request);
    return { type: "registry-reply", id, result };
  } catch (error) {
    return { type: "registry-reply", id, error: serializeError(error) };
  }
}
