/** A monitor refuses what it cannot watch, naming the monitor, the field or column, and what to do. */
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { isConveyorError } from "../../src/errors.ts";
import { parseMonitor, parseMonitors } from "../../src/monitor/definition.ts";
import { runMonitor } from "../../src/monitor/run-monitor.ts";
import { runMonitors } from "../../src/monitor/run-monitors.ts";
import { type TestProject, testProject } from "../helpers/project.ts";
import { deployIris } from "./iris-fixture.ts";

const refused = (code: string, ...parts: (string | RegExp)[]) => (error: unknown) => {
  assert.ok(isConveyorError(error), String(error));
  assert.equal(error.code, code, error.message);
  for (const part of parts) assert.match(`${error.message}\n${error.hint ?? ""}`, typeof part === "string" ? new RegExp(part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) : part);
  return true;
};

describe("monitor definitions", () => {
  it("name the monitor and the field that is wrong", () => {
    assert.throws(() => parseMonitor({ name: "m", deployment: "d", window: { rows: 100 }, correction: "holm" }, "monitors.json"), refused("invalid_monitor", 'monitors.json: monitor "m"', "correction"));
    assert.throws(() => parseMonitor({ name: "m", window: { rows: 100 } }, "x"), refused("invalid_monitor", "give exactly one of deployment and model"));
    assert.throws(() => parseMonitor({ name: "m", model: "iris", window: { every: "soon" } }, "x"), refused("invalid_monitor", 'window.every: "soon" is not a duration'));
    assert.throws(() => parseMonitor({ name: "m", model: "iris", window: { rows: 100 }, methods: { a: { method: "magic" } } }, "x"), refused("invalid_monitor", "methods.a.method"));
    assert.throws(() => parseMonitor({ name: "m", model: "iris", window: { rows: 100 }, windw: 1 }, "x"), refused("invalid_monitor", "windw"));
    assert.throws(() => parseMonitors([{ name: "m", model: "iris", window: { rows: 100 } }, { name: "m", model: "iris", window: { rows: 100 } }], "x"), refused("invalid_monitor", "defined twice"));
  });

  it("refuse a row window smaller than the minimum a window needs to be judged", () => {
    assert.throws(() => parseMonitor({ name: "tiny", model: "iris", window: { rows: 10 } }, "x"), refused("invalid_monitor", 'monitor "tiny"', "window.rows", "fewer than minWindowSize (30)"));
  });
});

describe("running a monitor on what does not exist or does not fit", () => {
  let project: TestProject;
  before(async () => {
    project = await testProject("sqlite");
    await deployIris(project);
  });
  after(() => project.cleanup());
  const run = (definition: Record<string, unknown>) => runMonitor({ store: project.store, artifacts: project.artifacts, root: project.dir, settleMs: 0, threads: 1 }, parseMonitor({ window: { rows: 50 }, ...definition }, "test"));

  it("an unknown deployment or model", async () => {
    await assert.rejects(run({ name: "lost", deployment: "nowhere" }), refused("not_found", 'monitor "lost": no deployment named "nowhere"', "iris-prod"));
    await assert.rejects(run({ name: "lost-model", model: "models:/tulips@champion" }), refused("not_found", 'monitor "lost-model": model "tulips" was not found'));
    await assert.rejects(run({ name: "lost-alias", model: "iris@challenger" }), refused("not_found", 'monitor "lost-alias": model "iris" has no alias "challenger"'));
  });

  it("a reference whose schema does not match the model's", async () => {
    await writeFile(join(project.dir, "renamed.csv"), "sepal length (cm),sepal width (cm),petal length (cm),petal_width,target\n5.1,3.5,1.4,0.2,0\n");
    await writeFile(join(project.dir, "text.csv"), "sepal length (cm),sepal width (cm),petal length (cm),petal width (cm),target\nlong,3.5,1.4,0.2,0\n");
    await assert.rejects(run({ name: "renamed", deployment: "iris-prod", reference: "renamed.csv" }), refused("schema_mismatch", 'monitor "renamed": the reference data (renamed.csv) has no column "petal width (cm)", where the model reads numbers'));
    await assert.rejects(run({ name: "typed", deployment: "iris-prod", reference: "text.csv" }), refused("schema_mismatch", 'the reference data (text.csv) holds strings in column "sepal length (cm)"'));
  });

  it("run once, a failing monitor throws; run every interval, it is reported and tried again until stopped", async () => {
    const context = { store: project.store, artifacts: project.artifacts, root: project.dir, settleMs: 0, threads: 1 };
    const gone = { name: "gone", deployment: "nowhere", window: { rows: 50 } };
    await assert.rejects(runMonitors(context, [gone]), refused("not_found", 'monitor "gone"'));
    const controller = new AbortController();
    const errors: string[] = [];
    const windows = await runMonitors(context, [gone], {
      everyMs: 1,
      signal: controller.signal,
      onError: (name, error) => {
        errors.push(`${name}: ${(error as Error).message}`);
        if (errors.length === 2) controller.abort();
      },
    });
    assert.deepEqual(windows, []);
    assert.deepEqual(errors, Array(2).fill(`gone: monitor "gone": no deployment named "nowhere" in ${project.store.location}`));
  });

  it("a column the model neither reads nor predicts", async () => {
    await assert.rejects(run({ name: "extra", deployment: "iris-prod", columns: ["petal length (cm)", "colour"] }), refused("invalid_monitor", 'monitor "extra": the model neither reads nor predicts a column "colour"'));
  });

  it("leaves no record of a refused monitor", async () => {
    assert.deepEqual(await project.store.listMonitors(), []);
  });
});

describe("a parsed definition", () => {
  it("parses again to itself, as the CLI hands a file's monitors to runMonitors", () => {
    const parsed = parseMonitor({ name: "m", model: "iris", window: { rows: 100 }, performance: {} }, "x");
    assert.deepEqual(parseMonitor(parsed, "again"), parsed);
    assert.deepEqual(parseMonitor(JSON.parse(JSON.stringify(parsed)), "stored"), parsed);
  });
});
