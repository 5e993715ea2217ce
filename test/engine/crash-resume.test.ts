/**
 * Durability: the engine process is killed with SIGKILL in the middle of a run; `resume`
 * finishes it without re-running any completed task and with every artifact intact.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { it } from "node:test";
import { REPO_ROOT, testProject } from "../helpers/project.ts";

it("resumes a run whose engine was killed with SIGKILL, running each task exactly once", async () => {
  const project = await testProject("sqlite");
  try {
    const file = join(project.dir, "completions.txt");
    const child = spawn(process.execPath, ["--import", "tsx", "test/engine/fixtures/crash-run.ts", project.dir, file, "300"], {
      cwd: REPO_ROOT,
      stdio: ["ignore", "pipe", "inherit"],
    });
    const exited = new Promise((resolve) => child.on("exit", resolve));
    const [runId] = (await once(createInterface({ input: child.stdout }), "line")) as [string];
    // Kill while a task is early in its 300 ms sleep, after at least three tasks completed.
    for (let polls = 0; ; polls++) {
      assert.ok(polls < 1000, "the run never reached the kill point");
      const tasks = await project.store.listTasks(runId);
      const running = tasks.find((t) => t.status === "running");
      const succeeded = tasks.filter((t) => t.status === "succeeded").length;
      if (succeeded >= 3 && running?.startedAt && Date.now() - running.startedAt.getTime() < 100) break;
      await sleep(10);
    }
    child.kill("SIGKILL");
    await exited;

    const before = await project.store.getRun(runId);
    assert.equal(before?.status, "running", "a killed run is left running, not ended");
    const resumed = await project.engine().execute(runId);
    assert.equal(resumed.status, "succeeded", resumed.error ?? "");

    const completions = (await readFile(file, "utf8")).trim().split("\n");
    assert.deepEqual(completions, ["t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7"], "each task completed exactly once");
    const tasks = await project.store.listTasks(runId);
    let interrupted = 0;
    let artifacts = 0;
    for (const task of tasks) {
      assert.equal(task.status, "succeeded");
      const attempts = await project.store.listAttempts(task.id);
      assert.equal(attempts.filter((a) => a.status === "succeeded").length, 1, `${task.name} succeeded once`);
      interrupted += attempts.filter((a) => a.status === "interrupted").length;
      for (const event of await project.store.taskLineage(task.id)) {
        await project.artifacts.verify(event.artifact.uri, event.artifact.digest);
        artifacts += 1;
      }
    }
    assert.equal(artifacts, 8, "every task recorded its artifact");
    assert.equal(interrupted, 1, "the attempt running at the kill is recorded as interrupted");
  } finally {
    await project.cleanup();
  }
});
