/**
 * What a command loads: under tsx every module costs a round trip to its loader thread, so the
 * commands that only read the store must not load the engine, the SDK or the IR schema (zod),
 * and `--help` not even the store's drivers; `run` of a pipeline file not zod, as the IR it
 * compiled needs no second check.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";
import { project } from "./harness.ts";
import { STEPS } from "./pipelines.ts";

const BIN = fileURLToPath(new URL("../../bin/conveyor.js", import.meta.url));
const LOG_MODULES = fileURLToPath(new URL("./fixtures/log-modules.mjs", import.meta.url));

/**
 * Runs the CLI and returns the modules it loaded: the repository's as paths relative to it, a
 * package's as `node_modules/<package>/...` wherever its node_modules is (a worktree's may be a
 * symlink to another checkout's).
 */
async function modulesLoaded(cwd: string, ...args: string[]): Promise<string[]> {
  const { CONVEYOR_DB: _db, CONVEYOR_URL: _url, ...env } = process.env;
  const child = spawn(process.execPath, ["--import", LOG_MODULES, BIN, ...args], { cwd, env, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const code = await new Promise((resolve) => child.on("exit", resolve));
  assert.equal(code, 0, stderr);
  const root = new URL("../../", import.meta.url).href;
  return stderr
    .split("\n")
    .filter((line) => line.startsWith("module file:"))
    .map((line) => line.slice("module ".length))
    .map((url) => (url.includes("/node_modules/") ? `node_modules/${url.split("/node_modules/").at(-1)}` : url.replace(root, "")));
}

describe("what a command loads", () => {
  it("`conveyor --help` loads the commands' definitions and nothing they act with", async () => {
    const loaded = await modulesLoaded((await project()).dir, "--help");
    assert.ok(loaded.includes("src/cli/main.ts"), "the hook sees the CLI's modules");
    assert.ok(loaded.includes("src/cli/commands/models.ts"), "--help lists every command");
    const acting = [
      ...["store/open.ts", "store/query/", "engine/", "sdk/", "compiler/", "ml/", "serve/", "inspect/", "tracking/", "registry/resolve.ts", "triggers/"].map((m) => `src/${m}`),
      ...["src/cli/progress.ts", "src/cli/run-view.ts", "src/cli/run-columns.ts", "src/cli/lineage-tree.ts"],
      ...["zod", "fastify", "pino", "@duckdb", "better-sqlite3", "kysely"].map((p) => `node_modules/${p}/`),
    ];
    for (const heavy of acting) assert.deepEqual(loaded.filter((m) => m.startsWith(heavy)), [], `--help loaded ${heavy}`);
  });

  it("`conveyor runs list` opens the store without loading the engine, the SDK or zod", async () => {
    const p = await project();
    await mkdir(join(p.dir, ".conveyor"));
    const loaded = await modulesLoaded(p.dir, "runs", "list");
    assert.ok(loaded.includes("src/store/open.ts"));
    for (const heavy of ["src/engine/engine.ts", "src/engine/driver.ts", "src/sdk/pipeline.ts", "node_modules/zod/"]) {
      assert.deepEqual(loaded.filter((m) => m.startsWith(heavy)), [], `runs list loaded ${heavy}`);
    }
    const commands = loaded.filter((m) => m.startsWith("src/cli/commands/"));
    assert.ok(commands.includes("src/cli/commands/runs.ts"));
    for (const other of ["run", "models", "lineage", "server", "logs"]) {
      assert.equal(commands.includes(`src/cli/commands/${other}.ts`), false, `runs list loaded the ${other} command`);
    }
  });

  it("`conveyor run pipeline.ts` runs the IR it compiled without loading zod to check it again", async () => {
    const p = await project();
    await p.write("steps.ts", STEPS);
    const loaded = await modulesLoaded(p.dir, "run", "steps.ts");
    assert.ok(loaded.includes("src/engine/driver.ts"));
    assert.deepEqual(loaded.filter((m) => m.startsWith("node_modules/zod/")), [], "run loaded zod");
    // The pipeline imports the package, whose data components read files only when a task runs.
    assert.deepEqual(loaded.filter((m) => m.startsWith("node_modules/@duckdb/")), [], "run of tasks that read no file loaded DuckDB");
  });
});
