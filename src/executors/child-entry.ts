/** The child side of the process executor: runs one task attempt, then exits. */
import { type ChildMessage, deserializeError, type ParentMessage, type RegistryCall, serializeError } from "./child-protocol.ts";
import { runComponent } from "./run-component.ts";
import type { RegistryHooks, ResolvedModelVersion } from "./types.ts";

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => process.send?.(message, undefined, {}, () => resolve()));
}

/** Registry calls waiting for the parent's reply, by id. */
const pending = new Map<number, { resolve(v: ResolvedModelVersion | undefined): void; reject(e: Error): void }>();
let lastId = 0;

function call(c: RegistryCall): Promise<ResolvedModelVersion | undefined> {
  const id = ++lastId;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    void send({ type: "registry", id, call: c });
  });
}

const registry: RegistryHooks = {
  resolve: (reference) => call({ op: "resolve", reference }),
  register: async (request) => (await call({ op: "register", request })) as ResolvedModelVersion,
};

async function execute(message: Extract<ParentMessage, { type: "execute" }>): Promise<void> {
  const controller = new AbortController();
  try {
    const outcome = await runComponent(message.task, {
      signal: controller.signal,
      onLog: (entry) => void send({ type: "log", entry: { ...entry, time: entry.time.toISOString() } }),
      onMetric: (name, value, step) => void send({ type: "metric", name, value, step }),
      registry,
    });
    await send({ type: "done", outcome });
  } catch (error) {
    await send({ type: "failed", error: serializeError(error) });
  }
  process.disconnect();
}

process.on("message", (message: ParentMessage) => {
  if (message.type === "execute") void execute(message);
  else {
    const waiting = pending.get(message.id);
    pending.delete(message.id);
    if ("error" in message) waiting?.reject(deserializeError(message.error));
    else waiting?.resolve(message.result);
  }
});
