/** `resume it with: …` is offered only when resuming can end the run differently. */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { type Project, project, SDK } from "./harness.ts";

const PIPELINES = `import { component, pipeline } from ${JSON.stringify(SDK)};
export const broken = component({
  name: "broken",
  retry: { attempts: 2, backoff: "10ms" },
  async run() {
    throw new Error("row 3 has no label");
  },
});
export const slow = component({
  name: "slow",
  timeout: "300ms",
  async run(_inputs, ctx) {
    await new Promise((resolve) => {
      const timer = setTimeout(resolve, 10_000);
      ctx.signal.addEventListener("abort", () => {
        clearTimeout(timer);
        resolve(undefined);
      });
    });
    throw new Error("stopped");
  },
});
export const deterministic = pipeline({ name: "deterministic" }, () => {
  broken({});
});
export default pipeline({ name: "timed-out" }, () => {
  slow({});
});
`;

describe("the resume hint after a failed run", { concurrency: true }, () => {
  let p: Project;
  before(async () => {
    p = await project();
    await p.write("pipelines.ts", PIPELINES);
    await p.write("deterministic.ts", `export { deterministic as default } from "./pipelines.ts";\n`);
  });

  it("is not offered when a task failed on its own error on every attempt it had", async () => {
    const failed = await p.cli("run", "deterministic.ts");
    assert.equal(failed.code, 1, failed.stderr);
    assert.match(failed.stdout, /row 3 has no label/);
    assert.doesNotMatch(failed.stdout, /resume it with/, "resuming would fail the same way");
  });

  it("is offered when a task was stopped by its time limit, which another try may not hit", async () => {
    const failed = await p.cli("run", "pipelines.ts");
    assert.equal(failed.code, 1, failed.stderr);
    const runId = /^run (\w+) /.exec(failed.stdout)?.[1];
    assert.match(failed.stdout, /timed out after 0.3s/);
    assert.match(failed.stdout, new RegExp(`resume it with: conveyor resume ${runId}`));
  });
});
