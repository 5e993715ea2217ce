/** `conveyor server` stops on SIGTERM even while a task it drives ignores its abort signal. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, it } from "node:test";
import { api, startServer } from "../ui/harness.ts";
import { project, SDK } from "./harness.ts";

const HELD = `import { existsSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { component, param, pipeline } from ${JSON.stringify(SDK)};

// Polls a file that never comes, never looking at its abort signal.
export const wait = component({
  name: "wait",
  inputs: { gate: param.string() },
  outputs: { ok: param.int() },
  async run({ gate }) {
    while (!existsSync(gate)) await sleep(50);
    return { ok: 1 };
  },
});

export default pipeline({ name: "held", params: { gate: param.string() } }, (p) => {
  wait({ gate: p.gate });
});
`;

describe("conveyor server", () => {
  it("exits on SIGTERM with its run cancelled, though the running task ignores its abort signal", { timeout: 120_000 }, async () => {
    const p = await project();
    await p.write("held.ts", HELD);
    const server = await startServer(p.dir, "t");
    const started = await api(server, "t", "/runs", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ pipeline: "held.ts", params: { gate: join(p.dir, "never") } }),
    });
    while ((await api(server, "t", `/runs/${started.run.id}`)).tasks[0]?.status !== "running") await sleep(100);
    // The harness fails the stop when the process outlives SIGTERM by 20 s (it did, before).
    await server.stop();
    const again = await startServer(p.dir, "t");
    try {
      assert.equal((await api(again, "t", `/runs/${started.run.id}`)).run.status, "cancelled");
    } finally {
      await again.stop();
    }
  });
});
