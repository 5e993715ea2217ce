/** examples/prediction-log: log predictions, post labels, read the windows back, as docs/prediction-log.md shows. */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { REPO_ROOT } from "../helpers/project.ts";

test("the prediction log example logs, labels and reads a window", { timeout: 60_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), "conveyor-prediction-log-"));
  try {
    const result = spawnSync(process.execPath, ["--import", "tsx", join(REPO_ROOT, "examples/prediction-log/log-and-read.ts"), dir], {
      cwd: REPO_ROOT,
      encoding: "utf8",
      env: { ...process.env, CONVEYOR_DB: "" },
    });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(
      result.stdout,
      "1000 predictions; columns: request_id, row, time, deployment, model, version, role, prediction, probability.0, probability.1, latency_ms, feature.tenure, feature.plan\n" +
        "100 labelled; accuracy 0.75\n",
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
