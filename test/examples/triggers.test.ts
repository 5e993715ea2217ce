/** examples/triggers: the typed definitions load, and a new file starts a run pinned to the data the trigger saw. */
import assert from "node:assert/strict";
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { loadTriggers } from "../../src/triggers/load.ts";
import { Scheduler } from "../../src/triggers/scheduler.ts";
import { REPO_ROOT, type TestProject, testProject } from "../helpers/project.ts";
import { recordingLog } from "../triggers/scheduler-suite.ts";

const NEW_FILE = join(REPO_ROOT, "examples/triggers/incoming/day-2.csv");
let project: TestProject;
before(async () => {
  project = await testProject();
});
after(async () => {
  await rm(NEW_FILE, { force: true });
  await project.cleanup();
});

test("a new CSV file in examples/triggers/incoming starts the example pipeline on exactly that data", async () => {
  const { triggers } = await loadTriggers(REPO_ROOT, "examples/triggers/triggers.ts");
  assert.deepEqual(
    triggers.map((t) => [t.name, t.kind]),
    [
      ["new-files", "files"],
      ["nightly", "schedule"],
      ["by-hand", "manual"],
    ],
  );
  let now = Date.now();
  const clock = () => new Date(now);
  const scheduler = new Scheduler({ store: project.store, engine: project.engine(), root: REPO_ROOT, triggers, log: recordingLog(), clock });
  await scheduler.load();
  await scheduler.pass(); // what is there now is the baseline
  await writeFile(NEW_FILE, "id,value\n3,0.1\n4,0.2\n5,0.3\n");
  now += 3000; // past the trigger's poll interval
  await scheduler.pass();
  await scheduler.settled();
  const [event] = await project.store.listTriggerEvents({ trigger: "new-files" });
  assert.equal(event?.status, "fired", event?.reason ?? "");
  const run = await project.store.getRun(event?.runId ?? "");
  assert.equal(run?.status, "succeeded", run?.error ?? "");
  const tasks = await project.tasksOf(run?.id ?? "");
  assert.deepEqual(tasks["count-rows"]?.outputs, { rows: 5 });
});
