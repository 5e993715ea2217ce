/**
 * checkDrift and checkPerformance in a pipeline: a run that begins by checking drift trains only
 * under when(driftDetected); a registered model's quality on new labels is held to its metrics.
 */
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { checkDrift, checkPerformance, ingestCsv, param, pipeline, trainModel, when } from "../../src/index.ts";
import { readCsvFile } from "../../src/ml/dataset-file.ts";
import { type TestProject, testProject } from "../helpers/project.ts";
import { deployIris, IRIS } from "./iris-fixture.ts";

/** iris.csv with each feature moved by `shift` and each label moved by `labelOffset` (mod 3). */
async function irisVariant(file: string, shift: number, labelOffset = 0): Promise<string> {
  const lines = (await readFile(IRIS, "utf8")).trim().split("\n");
  const rows = lines.slice(1).map((line) => {
    const values = line.split(",").map(Number);
    return [...values.slice(0, 4).map((v) => v + shift), (values[4]! + labelOffset) % 3].join(",");
  });
  await writeFile(file, `${[lines[0], ...rows].join("\n")}\n`);
  return file;
}

const retrainIfDrifted = pipeline({ name: "retrain-if-drifted", params: { current: param.string() } }, (p) => {
  const reference = ingestCsv({ path: IRIS });
  const fresh = ingestCsv({ path: p.current });
  const drift = checkDrift({ reference: reference.outputs.data, current: fresh.outputs.data, correction: "benjaminiHochberg" });
  when(drift.outputs.driftDetected, () => {
    trainModel({ data: fresh.outputs.data, target: "target", kind: "logistic-regression", task: "classification" });
  });
});

const watchChampion = pipeline({ name: "watch-champion", params: { labelled: param.string() } }, (p) => {
  const data = ingestCsv({ path: p.labelled });
  checkPerformance({ data: data.outputs.data, registered: "models:/iris@champion", maxDrop: 0.1 });
});

describe("checkDrift and checkPerformance", () => {
  let project: TestProject;
  before(async () => {
    project = await testProject("sqlite");
    await deployIris(project);
  });
  after(() => project.cleanup());

  it("retrains only when the new data drifted", async () => {
    const same = await project.run(retrainIfDrifted, { current: IRIS });
    assert.equal(same.run.status, "succeeded", same.run.error ?? "");
    assert.deepEqual([same.tasks["check-drift"]?.outputs?.driftDetected, same.tasks["train-model"]?.status], [false, "skipped"]);

    const moved = await project.run(retrainIfDrifted, { current: await irisVariant(join(project.dir, "moved.csv"), 2) });
    assert.equal(moved.run.status, "succeeded", moved.run.error ?? "");
    assert.deepEqual([moved.tasks["check-drift"]?.outputs?.driftDetected, moved.tasks["train-model"]?.status], [true, "succeeded"]);
    // Every feature moved; the target did not.
    assert.equal(moved.tasks["check-drift"]?.outputs?.driftShare, 0.8);
    const uses = await project.store.listArtifactUses(moved.run.id);
    const html = uses.find((u) => u.taskName === "check-drift" && u.name === "html")!.artifact;
    assert.match(await readFile(await project.artifacts.open(html.uri, html.digest), "utf8"), /^<!doctype html>.*<svg /s);
  });

  it("holds a registered model's live quality to the metrics the registry recorded", async () => {
    const holds = await project.run(watchChampion, { labelled: IRIS });
    assert.equal(holds.tasks["check-performance"]?.outputs?.performanceDropped, false);
    const wrong = await project.run(watchChampion, { labelled: await irisVariant(join(project.dir, "relabelled.csv"), 0, 1) });
    assert.equal(wrong.tasks["check-performance"]?.outputs?.performanceDropped, true);
    const uses = await project.store.listArtifactUses(wrong.run.id);
    const report = uses.find((u) => u.taskName === "check-performance" && u.name === "report")!.artifact;
    const body = JSON.parse(await readFile(await project.artifacts.open(report.uri, report.digest), "utf8"));
    assert.equal(body.model, "models:/iris/1");
    const accuracy = body.metrics.find((m: { name: string }) => m.name === "accuracy");
    assert.equal(accuracy.baselineName, "accuracy");
    assert.ok(accuracy.drop > 0.9, JSON.stringify(accuracy));
    assert.equal((await readCsvFile(join(project.dir, "relabelled.csv"))).rowCount, 150);
  });
});
