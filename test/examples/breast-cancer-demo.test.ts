/**
 * `npm run demo` end to end, as a user runs it: the CLI, in the repository, writing to its
 * .conveyor store (git-ignored). The demo itself checks that the second run was cached.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { test } from "node:test";
import { REPO_ROOT } from "../helpers/project.ts";

function npmRunDemo(): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "--silent", "demo"], { cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: "1" } });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

test("npm run demo runs the pipeline, then reruns it wholly from the cache", { timeout: 60_000 }, async () => {
  const { code, output } = await npmRunDemo();
  assert.equal(code, 0, output);
  assert.match(output, /=== first run: every task executes ===[\s\S]*gate-model +✔ succeeded/);
  assert.match(output, /=== second run: every task should be a cache hit ===[\s\S]*gate-model +↺ cached/);
  assert.match(output, /held-out metrics \(114 rows\):\n {2}accuracy {3}0\.9\d{3}/);
  assert.match(output, /all 6 tasks of the second run were reused from the cache/);
});
