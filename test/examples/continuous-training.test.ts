/**
 * examples/continuous-training: the loop end to end, both ways. A challenger whose live accuracy
 * holds is promoted (the champion alias moves to it), and `conveyor lineage` of the new
 * production model shows data → run → model version → deployment → monitoring report → trigger →
 * retraining run; one whose labels say it is wrong is rolled back by the server, with the figures.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { continuousTraining } from "../../examples/continuous-training/loop.ts";
import { createServer } from "../../src/api/server.ts";
import { REPO_ROOT, type TestProject, testProject } from "../helpers/project.ts";

/** `conveyor lineage <ref>` in the project's folder: its output, or a failure with what it printed. */
function lineage(dir: string, reference: string): Promise<string> {
  const child = spawn(process.execPath, [join(REPO_ROOT, "bin/conveyor.js"), "lineage", reference], { cwd: dir, env: { ...process.env, NO_COLOR: "1" } });
  let out = "";
  let err = "";
  child.stdout.on("data", (chunk) => (out += chunk));
  child.stderr.on("data", (chunk) => (err += chunk));
  return new Promise((done, fail) => child.on("close", (code) => (code === 0 ? done(out) : fail(new Error(`exit ${code}: ${err}`)))));
}

describe("examples/continuous-training", () => {
  let project: TestProject;
  before(async () => {
    project = await testProject();
  });
  after(() => project.cleanup());

  it("promotes a challenger whose live accuracy holds, and the new champion's lineage shows the whole loop", async () => {
    const { store, artifacts, dir } = project;
    const result = await continuousTraining({ store, artifacts, engine: project.engine(), root: dir, labels: "hold" });
    assert.equal(result.outcome, "promoted");
    assert.match(result.alert, /^drift:churn-drift@2$/);
    const champion = await store.getModelVersion("churn", result.challenger);
    assert.deepEqual(champion?.aliases, ["champion"]);
    const deployment = await store.getDeployment("churn-api");
    assert.deepEqual([deployment?.stable, deployment?.candidate], ["models:/churn@champion", null]);

    const text = await lineage(dir, "models:/churn@champion");
    // From the new production model up: its retraining run, started by the alert of window 2,
    // of the monitor watching churn-api, which served the first champion, trained on its data.
    const order = [
      `models:/churn/${result.challenger} (champion)  from run ${result.retrainRun}  deployed in churn-api (production: canary, promote)`,
      `produced by train-model  run ${result.retrainRun} (churn-retrain)`,
      "started by drift:churn-drift@2  (trigger retrain-on-drift)",
      "alert of monitoring report churn-drift window 2",
      "watching deployment churn-api (production)",
      `served models:/churn/${result.champion}  from run`,
      "produced by train-model  run",
      "in data  Dataset",
      "produced by ingest-csv",
    ];
    let at = 0;
    for (const line of order) {
      const found = text.indexOf(line, at);
      assert.ok(found >= 0, `"${line}" after position ${at} in:\n${text}`);
      at = found + line.length;
    }

    // The API answers the same graph, its new nodes and edges in the documented shape.
    const api = await createServer({ store, artifacts, engine: project.engine(), root: dir, log: { level: "silent" } });
    try {
      const response = await api.inject({ method: "GET", url: `/api/v1/models/churn/versions/${result.challenger}/lineage` });
      assert.equal(response.statusCode, 200, response.body);
      const graph = response.json() as { nodes: { id: string; kind: string; source?: string; runId?: string }[]; edges: { from: string; to: string; kind: string }[] };
      const trigger = graph.nodes.find((n) => n.kind === "trigger");
      assert.equal(trigger?.source, "drift:churn-drift@2");
      const edge = (kind: string, from: string | undefined, to: string | undefined) => graph.edges.some((e) => e.kind === kind && e.from === from && e.to === to);
      assert.ok(edge("monitored", "deployments:/churn-api", "monitors:/churn-drift/2"));
      assert.ok(edge("alerted", "monitors:/churn-drift/2", trigger?.id));
      const started = graph.edges.filter((e) => e.kind === "triggered" && e.from === trigger?.id).map((e) => graph.nodes.find((n) => n.id === e.to));
      assert.ok(started.length > 0 && started.every((task) => task?.kind === "task" && task.runId === result.retrainRun));
      assert.ok(edge("deployed", `models:/churn/${result.champion}`, "deployments:/churn-api"), "the version the monitor watched, served by the deployment");
    } finally {
      await api.close();
    }
  });

  it("rolls back a challenger whose live accuracy falls, recorded with the figures", async () => {
    const other = await testProject();
    try {
      const { store, artifacts, dir } = other;
      const result = await continuousTraining({ store, artifacts, engine: other.engine(), root: dir, labels: "fail" });
      assert.equal(result.outcome, "rolled back");
      assert.match(result.rollback?.reason ?? "", /^automatic rollback: accuracy 0\.\d+ < 0\.9$/);
      assert.ok((result.rollback?.figures.labelled ?? 0) >= 20);
      assert.deepEqual((await store.getModelVersion("churn", result.champion))?.aliases, ["champion"], "the champion stays");
      assert.equal((await store.getDeployment("churn-api"))?.candidate, null);
    } finally {
      await other.cleanup();
    }
  });
});
