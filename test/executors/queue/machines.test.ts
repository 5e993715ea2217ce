/**
 * Workers on other machines: a driver and a worker in different project folders share nothing
 * but Redis, the PostgreSQL store and an S3 artifact store (s3rver on loopback), so the worker
 * reads its inputs from the artifact store and hands its outputs over through it.
 */
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, sep } from "node:path";
import { after, before, describe, it } from "node:test";
import { openArtifactStore } from "../../../src/artifacts/open.ts";
import type { CollectableArtifactStore } from "../../../src/artifacts/types.ts";
import { compile } from "../../../src/compiler/compile.ts";
import type { Engine } from "../../../src/engine/engine.ts";
import { openQueueEngine } from "../../../src/executors/queue/queue-engine.ts";
import type { TaskRecord } from "../../../src/store/types.ts";
import { REPO_ROOT, type TestProject, testProject } from "../../helpers/project.ts";
import { type S3TestServer, startS3Server } from "../../helpers/s3-server.ts";
import { Fleet, REDIS_URL } from "./fleet.ts";
import { meanModel, rowsOn } from "./fixtures/artifact-pipeline.ts";

const FIXTURE = "test/executors/queue/fixtures/artifact-pipeline.ts";
const ARTIFACTS = "s3://fleet/team";

describe("queue workers on other machines, through the S3 artifact store", () => {
  const roots: string[] = [];
  let s3: S3TestServer;
  let project: TestProject;
  let fleet: Fleet;
  let driverRoot: string;
  let workerRoot: string;
  let artifacts: CollectableArtifactStore;
  let engine: Engine;

  /**
   * A project folder as on another machine: the pipeline's module copied in, importing the
   * library from this repository as an installed package would be.
   */
  async function machine(): Promise<string> {
    const root = await realpath(await mkdtemp(join(tmpdir(), "conveyor-machine-")));
    roots.push(root);
    const source = (await readFile(join(REPO_ROOT, FIXTURE), "utf8")).replace('"../../../../src/index.ts"', JSON.stringify(join(REPO_ROOT, "src/index.ts")));
    await mkdir(join(root, "test/executors/queue/fixtures"), { recursive: true });
    await writeFile(join(root, "package.json"), '{ "type": "module" }\n');
    await writeFile(join(root, FIXTURE), source);
    return root;
  }

  const byName = (tasks: TaskRecord[]) => Object.fromEntries(tasks.map((t) => [t.name, t]));

  before(async () => {
    s3 = await startS3Server(["fleet"]);
    project = await testProject("postgres");
    fleet = await Fleet.open();
    driverRoot = await machine();
    workerRoot = await machine();
    artifacts = await openArtifactStore({ root: driverRoot, location: ARTIFACTS, env: s3.env });
    engine = await openQueueEngine({ store: project.store, artifacts, root: driverRoot }, { redisUrl: REDIS_URL, queuePrefix: fleet.prefix });
    await fleet.startWorker([], { CONVEYOR_ROOT: workerRoot, CONVEYOR_ARTIFACTS: ARTIFACTS, ...s3.env });
  });
  after(async () => {
    await engine?.close();
    await fleet?.close();
    await project?.cleanup();
    await s3?.stop();
    for (const root of roots) await rm(root, { recursive: true, force: true });
  });

  it("passes Dataset and Model artifacts between tasks, with lineage, never reading the driver's files", async () => {
    const created = await engine.createRun(await compile(meanModel, { root: REPO_ROOT }), { n: 4 });
    const run = await engine.execute(created.id);
    assert.equal(run.status, "succeeded", run.error ?? "");
    const tasks = byName(await project.store.listTasks(run.id));
    assert.deepEqual(tasks["fleet-score-mean"]?.outputs, { mean: 2.5, rows: 4 });

    const lineage = async (task: string) => project.store.taskLineage(tasks[task]?.id as string);
    const rows = (await lineage("fleet-make-rows")).find((e) => e.kind === "output")?.artifact;
    const fit = await lineage("fleet-fit-mean");
    const model = fit.find((e) => e.kind === "output")?.artifact;
    assert.ok(rows && model, "both outputs are recorded");
    assert.equal(rows.type, "Dataset");
    assert.equal(model.type, "Model");
    assert.ok(rows.uri.startsWith(`${ARTIFACTS}/`) && model.uri.startsWith(`${ARTIFACTS}/`), "the outputs are in the S3 store");
    assert.deepEqual(fit.filter((e) => e.kind === "input").map((e) => [e.name, e.artifact.id]), [["data", rows.id]]);
    const scored = (await lineage("fleet-score-mean")).filter((e) => e.kind === "input").map((e) => [e.name, e.artifact.id]);
    assert.deepEqual(scored.sort(), [["data", rows.id], ["model", model.id]].sort());

    // A third machine reads the model by its record alone.
    const reader = await openArtifactStore({ root: await machine(), location: ARTIFACTS, env: s3.env });
    assert.deepEqual(JSON.parse(await readFile(await reader.open(model.uri, model.digest), "utf8")), { mean: 2.5 });

    // Every path the tasks read or wrote was in the worker's project folder, none in the driver's.
    const attempts = (await Promise.all(Object.values(tasks).map((t) => project.store.listAttempts(t.id)))).flat();
    const paths = (await project.store.readLogs(attempts.map((a) => a.id))).flatMap((l) => /^path (?:input|output) (.+)$/.exec(l.message)?.[1] ?? []);
    assert.equal(paths.length, 5, "each task logged the paths it used");
    for (const path of paths) assert.ok(path.startsWith(`${workerRoot}${sep}.conveyor${sep}`), `${path} is the worker's`);
  });

  it("a worker whose artifact store stopped answering fails the task with an error naming the store", async () => {
    const lost = await startS3Server(["fleet"]);
    await fleet.startWorker(["--queue", "fleet-lost"], { CONVEYOR_ROOT: await machine(), CONVEYOR_ARTIFACTS: ARTIFACTS, ...lost.env });
    await lost.stop();
    const created = await engine.createRun(await compile(rowsOn("fleet-lost"), { root: REPO_ROOT }), { n: 3 });
    const run = await engine.execute(created.id);
    assert.equal(run.status, "failed");
    const task = byName(await project.store.listTasks(run.id))["fleet-make-rows"];
    assert.equal(task?.status, "failed");
    assert.match(task?.error ?? "", new RegExp(`^cannot reach the artifact store s3://fleet at ${lost.endpoint.replaceAll(".", "\\.")} \\(ECONNREFUSED\\)`));
  });
});
