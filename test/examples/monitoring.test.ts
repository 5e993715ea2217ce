/** examples/monitoring: a champion served, windows judged, the alert after two drifted windows, retraining only on drifted data; the typed monitors file loads in the CLI. */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { REPO_ROOT } from "../helpers/project.ts";

test("the monitoring example detects drift over two windows and retrains on the drifted data", { timeout: 120_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), "conveyor-monitoring-"));
  try {
    const env = { ...process.env, CONVEYOR_DB: "" };
    const result = spawnSync(process.execPath, ["--import", "tsx", join(REPO_ROOT, "examples/monitoring/watch.ts"), dir], { cwd: REPO_ROOT, encoding: "utf8", env });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(
      result.stdout,
      [
        "iris-watch@1: 50 rows, drift share 0.00, streak 0, drift detected false, performance dropped false",
        "iris-watch@2: 50 rows, drift share 1.00, streak 1, drift detected false, performance dropped true",
        "iris-watch@3: 50 rows, drift share 1.00, streak 2, drift detected true, performance dropped true",
        "alert 1: iris-watch@2 drift false, performance true",
        "alert 2: iris-watch@3 drift true, performance true",
        "wrote report.html",
        "retraining run succeeded: train-model succeeded",
        "",
      ].join("\n"),
    );
    assert.ok(existsSync(join(dir, "report.html")));

    const cli = spawnSync(process.execPath, [join(REPO_ROOT, "bin/conveyor.js"), "monitors", "run", join(REPO_ROOT, "examples/monitoring/monitors.ts"), "--settle", "1ms"], {
      cwd: dir,
      encoding: "utf8",
      env,
    });
    assert.equal(cli.status, 0, cli.stderr);
    assert.equal(cli.stdout, "no new complete window for iris-watch\n");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
