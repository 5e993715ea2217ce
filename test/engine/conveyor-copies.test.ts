/**
 * A pipeline that imports another copy of Conveyor than the one compiling and running it (npm
 * link, nested node_modules, `npx conveyor` in the repository: dist/ loading a pipeline that
 * tsconfig's paths give src/) compiles and runs: the SDK's identity checks hold across copies.
 */
import assert from "node:assert/strict";
import { cp, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, it } from "node:test";
import { compile } from "../../src/compiler/compile.ts";
import { isPipeline } from "../../src/sdk/pipeline.ts";
import { REPO_ROOT, type TestProject, testProject } from "../helpers/project.ts";

/** Every kind of reference crosses: parameters, artifacts, lists from a forEach, conditions, `.after()`. */
const PIPELINE = `
import { ConveyorError, component, Dataset, forEach, ingestCsv, listOf, param, pipeline, when } from "./copy/src/index.ts";

export const countBytes = component({
  name: "count-bytes",
  inputs: { data: Dataset, times: param.int() },
  outputs: { copy: Dataset, bytes: param.int() },
  run: async ({ data, times, copy }) => {
    const bytes = await data.bytes();
    await copy.writeBytes(bytes);
    return { bytes: bytes.length * times };
  },
});

export const gather = component({
  name: "gather",
  inputs: { copies: listOf(Dataset), bytes: param.list(param.int()) },
  outputs: { ratio: param.number() },
  run: ({ copies, bytes }) => ({ ratio: bytes[1] / copies[1].size }),
});

export const refuse = component({
  name: "refuse",
  run: () => {
    throw new ConveyorError("refused on purpose", "set refuse=false", "refused");
  },
});

export default pipeline(
  { name: "copies", params: { path: param.string(), refuse: param.boolean({ default: false }) } },
  (p) => {
    const raw = ingestCsv({ path: p.path });
    const counted = forEach([1, 2], (times) => {
      const c = countBytes({ data: raw.outputs.data, times });
      return { copy: c.outputs.copy, bytes: c.outputs.bytes };
    });
    const gathered = gather({ copies: counted.copy, bytes: counted.bytes });
    when(p.refuse.eq(true), () => {
      refuse({}).after(gathered);
    });
  },
);
`;

describe("a pipeline built with another copy of Conveyor", () => {
  let dir: string;
  let project: TestProject;
  let pipelineExport: unknown;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "conveyor-copies-"));
    await cp(join(REPO_ROOT, "src"), join(dir, "copy", "src"), { recursive: true });
    await cp(join(REPO_ROOT, "package.json"), join(dir, "copy", "package.json"));
    await symlink(join(REPO_ROOT, "node_modules"), join(dir, "copy", "node_modules"));
    await writeFile(join(dir, "package.json"), '{ "type": "module" }\n');
    await writeFile(join(dir, "pipeline.ts"), PIPELINE);
    project = await testProject();
    pipelineExport = ((await import(pathToFileURL(join(dir, "pipeline.ts")).href)) as { default: unknown }).default;
  });
  after(async () => {
    await project.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  async function runWith(params: Record<string, unknown>) {
    assert.ok(isPipeline(pipelineExport));
    const ir = await compile(pipelineExport, { root: dir });
    const engine = project.engine({ root: dir });
    const created = await engine.createRun(ir, params, { concurrency: 2 });
    const ended = await engine.execute(created.id);
    return { ir, run: ended, tasks: await project.tasksOf(ended.id) };
  }

  it("compiles, naming the other copy's components by path, and runs to the end", async () => {
    const { ir, run, tasks } = await runWith({ path: join(REPO_ROOT, "data", "iris.csv") });
    assert.equal(ir.components["ingest-csv"]?.module, "copy/src/ml/components/ingest-csv.ts");
    assert.equal(run.status, "succeeded", JSON.stringify(Object.values(tasks).map((t) => [t.name, t.status, t.error])));
    assert.equal(tasks.gather?.outputs?.ratio, 2, "the second iteration's count, twice its copy's size");
    assert.equal(tasks.refuse?.status, "skipped");
  });

  it("reports the other copy's ConveyorError as the user's error, without a stack", async () => {
    const { run, tasks } = await runWith({ path: join(REPO_ROOT, "data", "iris.csv"), refuse: true });
    assert.equal(run.status, "failed");
    assert.equal(tasks.refuse?.error, "refused on purpose (set refuse=false)");
    const [attempt] = await project.store.listAttempts(tasks.refuse?.id ?? "");
    const logs = await project.store.readLogs([attempt?.id ?? ""]);
    assert.deepEqual(
      logs.filter((line) => line.level === "error").map((line) => line.message),
      ["refused on purpose (set refuse=false)"],
    );
  });
});
