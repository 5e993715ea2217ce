/**
 * A queued attempt's files on a worker: the driver's paths as they are when the worker shares
 * its machine and project folder; else opened from, and handed over through, the artifact store
 * (here a local store in a folder both project folders share, as a network disk would be).
 */
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, sep } from "node:path";
import { after, before, describe, it } from "node:test";
import { LocalArtifactStore } from "../../../src/artifacts/local.ts";
import type { StoredContent } from "../../../src/artifacts/types.ts";
import type { TaskExecution } from "../../../src/engine/executor.ts";
import { attemptFiles } from "../../../src/executors/queue/attempt-files.ts";
import { conveyorError } from "../../store/expect-conveyor-error.ts";

describe("attempt files on a queue worker", () => {
  let base: string;
  let driver: { host: string; root: string; store: LocalArtifactStore };
  let worker: { host: string; root: string; store: LocalArtifactStore };
  let input: StoredContent;
  let execution: TaskExecution;

  before(async () => {
    base = await mkdtemp(join(tmpdir(), "conveyor-attempt-files-"));
    const shared = join(base, "shared-artifacts");
    driver = { host: "a", root: join(base, "driver"), store: new LocalArtifactStore(join(base, "driver"), shared) };
    worker = { host: "b", root: join(base, "worker"), store: new LocalArtifactStore(join(base, "worker"), shared) };
    const staged = join(await driver.store.stagingDir("r1", "make", 1), "data");
    await writeFile(staged, "x\n1\n2\n");
    input = await driver.store.ingest(staged, { mediaType: "text/csv" });
    const staging = driver.store.stagingPath("r1", "fit", 1);
    execution = {
      runId: "r1",
      taskId: "t1",
      taskName: "fit",
      attempt: 1,
      attemptId: "a1",
      root: driver.root,
      component: { name: "fit", module: "fit.ts", export: "fit", codeDigest: "sha256:0", inputs: {}, outputs: {} } as unknown as TaskExecution["component"],
      params: {},
      inputs: { data: { ...input, path: driver.store.localPath(input.uri), type: "Dataset", mediaType: "text/csv", metadata: {} } },
      outputs: { model: { path: join(staging, "outputs", "model"), mediaType: "application/json" } },
      workDir: join(staging, "work"),
      timeoutMs: undefined,
      memoryMb: undefined,
      options: {} as TaskExecution["options"],
    };
  });
  after(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it("a worker on the driver's machine and in its project folder uses the driver's paths, with no copy", async () => {
    const files = await attemptFiles(execution, driver, { host: driver.host, root: driver.root }, worker.store);
    assert.equal(files.execution, execution);
  });

  it("a worker elsewhere opens inputs from the store, writes in its own staging folder and hands outputs over by digest", async () => {
    const files = await attemptFiles(execution, driver, worker, worker.store);
    const mine = `${worker.root}${sep}.conveyor${sep}`;
    assert.equal(files.execution.root, worker.root);
    assert.ok(files.execution.outputs.model?.path.startsWith(mine));
    assert.ok(files.execution.workDir.startsWith(mine));
    const data = files.execution.inputs.data as { path: string };
    assert.equal(await readFile(data.path, "utf8"), "x\n1\n2\n");
    const output = files.execution.outputs.model?.path as string;
    await mkdir(dirname(output), { recursive: true });
    await writeFile(output, '{"mean":1.5}');
    const outcome = await files.handOver({ params: {}, artifacts: {} });
    const stored = outcome.artifacts.model?.stored;
    assert.ok(stored, "the output was put in the store");
    assert.equal(outcome.artifacts.model?.mediaType, "application/json");
    await driver.store.verify(stored.uri, stored.digest);
    await files.discard();
  });

  it("an output the task did not write is left out, for the driver to name", async () => {
    const files = await attemptFiles({ ...execution, attempt: 2 }, driver, worker, worker.store);
    const outcome = await files.handOver({ params: {}, artifacts: {} });
    assert.deepEqual(outcome.artifacts, {});
  });

  it("an input whose content is not its digest's is refused before the task runs", async () => {
    const wrong = { ...execution.inputs.data, digest: `sha256:${"0".repeat(64)}` } as TaskExecution["inputs"][string];
    await assert.rejects(attemptFiles({ ...execution, inputs: { data: wrong } }, driver, worker, worker.store), conveyorError("corrupt_artifact"));
  });
});
