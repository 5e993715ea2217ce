/** Bad input to the fleet's commands: one clear line naming what and where, exit 2, nothing recorded. */
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { assertUserError, type Result, SDK } from "../../cli/harness.ts";
import { REPO_ROOT } from "../../helpers/project.ts";

const DOWN = "redis://127.0.0.1:6390";

describe("bad input to the queue commands", { concurrency: true }, () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "conveyor-queue-cli-"));
    await writeFile(join(dir, "package.json"), `${JSON.stringify({ type: "module" })}\n`);
    await writeFile(
      join(dir, "pipeline.ts"),
      `import { component, pipeline } from ${JSON.stringify(SDK)};
export const hello = component({ name: "hello", inputs: {}, outputs: {}, run: async () => {} });
export default pipeline({ name: "hello" }, () => { hello({}); });
`,
    );
  });
  after(() => rm(dir, { recursive: true, force: true }));

  function cli(env: NodeJS.ProcessEnv, ...args: string[]): Promise<Result> {
    const { CONVEYOR_DB: _db, CONVEYOR_ROOT: _root, FORCE_COLOR: _force, ...rest } = process.env;
    const child = spawn(process.execPath, [join(REPO_ROOT, "bin/conveyor.js"), ...args], { cwd: dir, env: { ...rest, NO_COLOR: "1", ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d;
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d;
    });
    return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
  }

  it("run --executor queue with Redis down names Redis and its URL, and records no run", async () => {
    const result = await cli({ CONVEYOR_REDIS: DOWN }, "run", "pipeline.ts", "--executor", "queue");
    assertUserError(result, `Redis at ${DOWN} (CONVEYOR_REDIS) is unreachable: connect ECONNREFUSED 127.0.0.1:6390`);
    const listed = await cli({}, "runs", "list", "--json");
    assert.equal(listed.code, 0, listed.stderr);
    assert.doesNotMatch(listed.stdout, /hello/, "no run was recorded");
  });

  it("worker with Redis down names Redis and its URL", async () => {
    assertUserError(await cli({ CONVEYOR_REDIS: DOWN }, "worker"), `Redis at ${DOWN} (CONVEYOR_REDIS) is unreachable`);
  });

  it("worker whose artifact store does not answer names the store and its endpoint, before taking any task", async () => {
    const s3 = { AWS_ENDPOINT_URL: "http://127.0.0.1:6391", AWS_REGION: "us-east-1", AWS_ACCESS_KEY_ID: "k", AWS_SECRET_ACCESS_KEY: "s" };
    const result = await cli({ CONVEYOR_ARTIFACTS: "s3://fleet/team", ...s3 }, "worker");
    assertUserError(result, "cannot reach the artifact store s3://fleet at http://127.0.0.1:6391 (ECONNREFUSED)");
    assert.doesNotMatch(result.stdout, /^worker /m, "it never started taking tasks");
  });

  it("a CONVEYOR_REDIS that is not a Redis URL", async () => {
    assertUserError(await cli({ CONVEYOR_REDIS: "http://127.0.0.1:6379" }, "worker"), 'CONVEYOR_REDIS is not a Redis URL: "http://127.0.0.1:6379"');
  });

  it("an unknown --executor, and a worker's bad capacity", async () => {
    assertUserError(await cli({}, "run", "pipeline.ts", "--executor", "cluster"), '--executor must be "local" or "queue", got "cluster"');
    assertUserError(await cli({}, "worker", "--concurrency", "0"), "--concurrency must be a whole number of at least 1, got 0");
    assertUserError(await cli({}, "worker", "--gpu", "-1"), "--gpu must be a whole number of at least 0, got -1");
  });
});
