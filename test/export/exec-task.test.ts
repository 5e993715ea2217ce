/**
 * `conveyor exec-task` for real: a pipeline exported to Argo, then every step of the workflow
 * run by the real command in the order and with the arguments Argo gives it (argo-walk.ts),
 * several at once where Argo would; the run, its outputs and lineage checked in the store.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { parse } from "yaml";
import { sha256File } from "../../src/artifacts/digest.ts";
import { openStore } from "../../src/store/open.ts";
import type { MetadataStore, RunRecord, TaskRecord } from "../../src/store/types.ts";
import { assertOk, assertUserError, type Project, project, SDK } from "../cli/harness.ts";
import { walkArgo } from "./argo-walk.ts";
import { walkKfp } from "./kfp-walk.ts";

const FLAKY = `import { component, param, pipeline } from ${JSON.stringify(SDK)};
import { existsSync, writeFileSync } from "node:fs";
export const flaky = component({
  name: "flaky",
  inputs: { marker: param.string() },
  outputs: { value: param.int() },
  retry: { attempts: 2, backoff: "1s" },
  async run({ marker }) {
    if (!existsSync(marker)) {
      writeFileSync(marker, "failed once");
      throw new Error("the first attempt fails");
    }
    return { value: 7 };
  },
});
export default pipeline({ name: "flaky" }, () => {
  flaky({ marker: "first-attempt.txt" });
});
`;

async function exported(p: Project, file: string): Promise<Record<string, any>> {
  const result = await p.cli("compile", file, "--target", "argo", "-o", "wf.yaml");
  assertOk(result);
  return parse(await readFile(join(p.dir, "wf.yaml"), "utf8"));
}

async function withStore<T>(p: Project, body: (store: MetadataStore) => Promise<T>): Promise<T> {
  const store = await openStore({ root: p.dir });
  try {
    return await body(store);
  } finally {
    await store.close();
  }
}

async function onlyRun(store: MetadataStore): Promise<{ run: RunRecord; tasks: Map<string, TaskRecord> }> {
  const [run, ...others] = (await store.listRuns({})).filter((r) => r.trigger === "workflow");
  assert.ok(run && others.length === 0);
  return { run, tasks: new Map((await store.listTasks(run.id)).map((t) => [t.name, t])) };
}

describe("conveyor exec-task, run step by step as Argo runs an export", () => {
  let p: Project;
  before(async () => {
    p = await project();
    const source = await readFile(join(import.meta.dirname, "../../examples/export/pipeline.ts"), "utf8");
    await p.write("pipeline.ts", source.replace('from "conveyor"', `from ${JSON.stringify(SDK)}`));
    await p.write("flaky.ts", FLAKY);
  });

  it("runs the whole workflow: fan-out, fan-in, a condition, the exit handler; outputs and lineage in the store", async () => {
    const walk = await walkArgo(await exported(p, "pipeline.ts"), p, { folds: "3" });
    for (const step of walk.steps) assertOk(step.result);
    assert.equal(walk.phase, "Succeeded");
    // The forEach's step lists the iterations; the fan-out ran the body once for each.
    assert.equal(walk.outputs.get("/folds")?.iterations, `["0","1","2"]`);
    assert.equal(walk.steps.filter((s) => s.args.includes("fit")).length, 3);
    assert.equal(walk.outputs.get("/pick")?.accuracy, "0.8200000000000001");
    await withStore(p, async (store) => {
      const { run, tasks } = await onlyRun(store);
      assert.equal(run.status, "succeeded");
      assert.deepEqual(run.params, { folds: 3, label: "v1", minAccuracy: 0.5 });
      assert.deepEqual(
        [...tasks.values()].map((t) => `${t.name}:${t.status}`).sort(),
        ["fit[0]:succeeded", "fit[1]:succeeded", "fit[2]:succeeded", "folds:succeeded", "notify:succeeded", "pick:succeeded", "prepare:succeeded", "publish:succeeded"],
      );
      assert.deepEqual(tasks.get("publish")?.outputs, { receipt: "published v1" });
      // The fan-in used every iteration's model, and wrote the artifact Argo keeps.
      const lineage = await store.taskLineage((tasks.get("pick") as TaskRecord).id);
      const models = lineage.filter((e) => e.kind === "input" && e.name === "models").map((e) => e.artifact.digest);
      assert.equal(models.length, 3);
      const best = lineage.find((e) => e.kind === "output" && e.name === "best")?.artifact;
      assert.ok(best);
      const kept = await sha256File(join(walk.artifactDirs.get("/pick") as string, "best"));
      assert.equal(`sha256:${kept.hex}`, best.digest);
      // The exit handler saw the run succeed.
      const notify = tasks.get("notify") as TaskRecord;
      const logs = await store.readLogs((await store.listAttempts(notify.id)).map((a) => a.id));
      assert.ok(logs.some((l) => l.message === "run ended: succeeded"), JSON.stringify(logs));
    });
  });

  it("runs the KFP export the same way, to the same run", async () => {
    const q = await project();
    const source = await readFile(join(import.meta.dirname, "../../examples/export/pipeline.ts"), "utf8");
    await q.write("pipeline.ts", source.replace('from "conveyor"', `from ${JSON.stringify(SDK)}`));
    const compiled = await q.cli("compile", "pipeline.ts", "--target", "kfp", "-o", "pipeline.yaml");
    assertOk(compiled);
    const walk = await walkKfp(parse(await readFile(join(q.dir, "pipeline.yaml"), "utf8")), q, { folds: 2 });
    for (const step of walk.steps) assertOk(step.result);
    assert.equal(walk.state, "Succeeded");
    // Each output went to the file KFP named for it.
    const fit = walk.steps.find((s) => s.args.includes("fit"));
    assert.ok(fit?.args.some((a) => /^model=.*\/artifacts\/model$/.test(a)));
    await withStore(q, async (store) => {
      const { run, tasks } = await onlyRun(store);
      assert.equal(run.status, "succeeded");
      assert.deepEqual(
        [...tasks.values()].map((t) => `${t.name}:${t.status}`).sort(),
        ["fit[0]:succeeded", "fit[1]:succeeded", "folds:succeeded", "notify:succeeded", "pick:succeeded", "prepare:succeeded", "publish:succeeded"],
      );
    });
  });

  it("a condition false in the workflow is a skip in the run; its retries are the task's attempts", async () => {
    const q = await project();
    const source = await readFile(join(import.meta.dirname, "../../examples/export/pipeline.ts"), "utf8");
    await q.write("pipeline.ts", source.replace('from "conveyor"', `from ${JSON.stringify(SDK)}`));
    const walk = await walkArgo(await exported(q, "pipeline.ts"), q, { folds: "1", minAccuracy: "0.99" });
    assert.equal(walk.phase, "Succeeded");
    assert.ok(!walk.steps.some((s) => s.args.includes("publish")), "Argo's when kept publish from starting");
    await withStore(q, async (store) => {
      const { run, tasks } = await onlyRun(store);
      assert.equal(run.status, "succeeded");
      assert.equal(tasks.get("publish")?.status, "skipped");
      assert.equal(tasks.get("publish")?.error, "skipped: condition was false");
    });
  });

  it("a failed attempt exits 1 and Argo's retry makes the next attempt of the same task", async () => {
    const walk = await walkArgo(await exported(p, "flaky.ts"), p);
    const flakySteps = walk.steps.filter((s) => s.args.includes("flaky"));
    assert.deepEqual(flakySteps.map((s) => s.result.code), [1, 0]);
    assert.match(flakySteps[0]?.result.stderr ?? "", /attempt 1 failed, the workflow retries it: the first attempt fails/);
    assert.equal(walk.phase, "Succeeded");
    await withStore(p, async (store) => {
      const run = (await store.listRuns({})).find((r) => r.pipelineName === "flaky");
      assert.ok(run);
      assert.equal(run.status, "succeeded");
      const [task] = await store.listTasks(run.id);
      assert.equal(task?.status, "succeeded");
      assert.equal(task?.attempts, 2);
      assert.deepEqual((await store.listAttempts(task.id)).map((a) => a.status), ["failed", "succeeded"]);
    });
  });

  it("refuses, naming why: code that compiles to another pipeline, a step before its upstream, a task the pipeline lacks", async () => {
    assertUserError(await p.cli("exec-task", "--start", "pipeline.ts", "--digest", `sha256:${"0".repeat(64)}`), /compiles to pipeline sha256:[0-9a-f]+ here, not sha256:0+/, "rebuild the image");
    assertUserError(await p.cli("exec-task", "--start", "pipeline.ts", "--param", "trees=3"), 'pipeline "train_fanout" has no parameter "trees"', "folds, label, minAccuracy");
    const started = await p.cli("exec-task", "--start", "pipeline.ts");
    assertOk(started);
    const run = started.stdout.trim();
    assertUserError(await p.cli("exec-task", "--run", run, "--task", "pick"), `task "pick" of run ${run} cannot start: a task it depends on has not ended`);
    assertUserError(await p.cli("exec-task", "--run", run, "--task", "fit", "--iteration", "0"), `forEach "folds" has no iteration "fit[0]" (yet)`);
    assertUserError(await p.cli("exec-task", "--run", run, "--task", "nope"), `the run's pipeline has no task "nope"`, "folds, notify, pick");
    assertUserError(await p.cli("exec-task", "--run", run), "exactly one of --start <file>, --task <name> or --finish");
    assertUserError(await p.cli("exec-task", "--run", run, "--task", "prepare", "--output", "model=out/model"), `--output names "model", which this step does not output`, "its outputs are: data, folds");
    await withStore(p, async (store) => assert.equal((await store.listTasks(run)).find((t) => t.name === "prepare")?.attempts, 0, "nothing ran"));
    assertUserError(await p.cli("exec-task", "--run", "0000000000000", "--task", "pick"), `run "0000000000000" was not found`);
  });
});

const SLOW = `import { component, pipeline } from ${JSON.stringify(SDK)};
import { writeFileSync } from "node:fs";
export const slow = component({
  name: "slow",
  async run(_, ctx) {
    writeFileSync("slow-started.txt", "");
    while (!ctx.signal.aborted) await new Promise((resolve) => setTimeout(resolve, 50));
    throw new Error("stopped");
  },
});
export default pipeline({ name: "slow" }, () => {
  slow({});
});
`;

describe("conveyor exec-task stopped by the workflow", () => {
  it("SIGTERM cancels the attempt and records it; the run then ends cancelled", async () => {
    const p = await project();
    await p.write("slow.ts", SLOW);
    const started = await p.cli("exec-task", "--start", "slow.ts");
    assertOk(started);
    const run = started.stdout.trim();
    const step = p.start("exec-task", "--run", run, "--task", "slow");
    while (!existsSync(join(p.dir, "slow-started.txt")) && step.child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 50));
    step.child.kill("SIGTERM");
    const stopped = await step.done;
    assert.equal(stopped.code, 1, stopped.stderr);
    assert.match(stopped.stderr, /slow: cancelled: cancelled/);
    assertOk(await p.cli("exec-task", "--run", run, "--finish"));
    await withStore(p, async (store) => {
      const record = await store.getRun(run);
      assert.equal(record?.status, "cancelled");
      const [task] = await store.listTasks(run);
      assert.equal(task?.status, "cancelled");
      assert.deepEqual((await store.listAttempts((task as TaskRecord).id)).map((a) => a.status), ["cancelled"]);
    });
  });

  it("`conveyor cancel` stops the workflow at its next step, which fails naming the cancellation", async () => {
    const p = await project();
    await p.write("slow.ts", SLOW);
    const started = await p.cli("exec-task", "--start", "slow.ts");
    assertOk(started);
    const run = started.stdout.trim();
    assertOk(await p.cli("cancel", run));
    const step = await p.cli("exec-task", "--run", run, "--task", "slow");
    assert.equal(step.code, 1);
    assert.match(step.stderr, /slow: cancelled: run cancelled/);
  });
});
