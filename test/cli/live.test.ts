/** Commands aimed at a run that is still going on in another process: `logs -f` and `cancel`. */
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { assertOk, json, type Project, project } from "./harness.ts";
import { SLOW } from "./pipelines.ts";

/**
 * The child's stdout so far, and a wait for a pattern in it. Kept from the start: a later
 * wait must also see what came in the same chunk as an earlier one's match.
 */
function watchOutput(child: ChildProcess) {
  let seen = "";
  const waiting = new Set<() => void>();
  child.stdout?.on("data", (d: Buffer) => {
    seen += d.toString();
    for (const check of waiting) check();
  });
  return (pattern: RegExp): Promise<RegExpMatchArray> =>
    new Promise((resolve, reject) => {
      const check = () => {
        const m = seen.match(pattern);
        if (!m) return;
        waiting.delete(check);
        resolve(m);
      };
      waiting.add(check);
      child.on("close", () => reject(new Error(`exited before printing ${pattern}:\n${seen}`)));
      check();
    });
}

/** Starts `conveyor run slow.ts` and resolves once both its tasks are running. */
async function startSlow(p: Project, ticks: number, gate = "") {
  await p.write("slow.ts", SLOW);
  const started = p.start("run", "slow.ts", "--param", `ticks=${ticks}`, "--param", `gate=${gate}`);
  const waitFor = watchOutput(started.child);
  const [, runId] = await waitFor(/^run (\w+) /m);
  await waitFor(/b +▶ running/);
  return { ...started, runId: runId as string };
}

describe("a live run", { concurrency: true }, () => {
  it("logs -f prints lines as they come and stops when the run ends", async () => {
    const p = await project();
    // The run cannot end before the gate file exists, which the test makes only once the
    // follower has printed: "while the run was going on" holds however slow the machine is.
    const gate = join(p.dir, "gate");
    const run = await startSlow(p, 30, gate);
    const follow = p.start("logs", run.runId, "-f");
    let firstLineAt = 0;
    follow.child.stdout?.once("data", () => {
      firstLineAt = Date.now();
      void writeFile(gate, "");
    });
    const ran = await run.done;
    const runEndedAt = Date.now();
    assertOk(ran);
    const followed = await follow.done;
    assertOk(followed);
    assert.ok(firstLineAt > 0 && firstLineAt < runEndedAt, "lines were printed while the run was going on");
    const lines = followed.stdout.trim().split("\n");
    for (const task of ["a", "b"]) {
      const ticks = lines.filter((l) => l.includes(` ${task}#1 tick `)).map((l) => l.replace(/^.* tick /, ""));
      assert.deepEqual(ticks, Array.from({ length: 30 }, (_, i) => String(i)), `every line of ${task}, once, in order`);
    }
    assert.equal(followed.stderr, `run ${run.runId} ended: succeeded\n`);
  });

  it("cancel asks the process executing the run to stop it", async () => {
    const p = await project();
    const run = await startSlow(p, 600);
    const cancelled = await p.cli("cancel", run.runId);
    assertOk(cancelled);
    assert.match(cancelled.stdout, new RegExp(`^asked the process executing run ${run.runId} \\(.+\\) to cancel it`));
    const ran = await run.done;
    assert.equal(ran.code, 130, "the run command exits as cancelled");
    const details = json<{ run: { status: string }; tasks: { status: string }[] }>(await p.cli("runs", "show", run.runId, "--json"));
    assert.equal(details.run.status, "cancelled");
    assert.deepEqual(details.tasks.map((t) => t.status), ["cancelled", "cancelled"]);
  });

  it("cancel marks a run cancelled at once when its process is gone", async () => {
    const p = await project();
    const run = await startSlow(p, 600);
    run.child.kill("SIGKILL");
    await run.done;
    const cancelled = await p.cli("cancel", run.runId);
    assertOk(cancelled);
    assert.match(cancelled.stdout, new RegExp(`^run ${run.runId} cancelled \\(no process was executing it\\)`));
    const details = json<{ run: { status: string } }>(await p.cli("runs", "show", run.runId, "--json"));
    assert.equal(details.run.status, "cancelled");
  });

  it("Ctrl-C once cancels gracefully; resume then finishes the run", async () => {
    const p = await project();
    const gate = join(p.dir, "gate");
    const run = await startSlow(p, 0, gate);
    run.child.kill("SIGINT");
    const ran = await run.done;
    assert.equal(ran.code, 130);
    assert.match(ran.stderr, new RegExp(`cancelling run ${run.runId}`));
    assert.doesNotMatch(ran.stderr, /^\s+at /m);
    const cancelled = json<{ run: { status: string }; tasks: { status: string }[] }>(await p.cli("runs", "show", run.runId, "--json"));
    assert.equal(cancelled.run.status, "cancelled");
    assert.deepEqual(cancelled.tasks.map((t) => t.status), ["cancelled", "cancelled"]);
    await writeFile(gate, "");
    const resumed = await p.cli("resume", run.runId, "--json");
    assertOk(resumed);
    assert.equal(json<{ run: { status: string } }>(resumed).run.status, "succeeded");
  });

  it("Ctrl-C twice stops at once and leaves the run resumable", async () => {
    const p = await project();
    const gate = join(p.dir, "gate");
    const run = await startSlow(p, 0, gate);
    run.child.kill("SIGINT");
    run.child.kill("SIGINT");
    const ran = await run.done;
    assert.equal(ran.code, 130);
    assert.match(ran.stderr, new RegExp(`conveyor resume ${run.runId}`));
    const left = json<{ run: { status: string } }>(await p.cli("runs", "show", run.runId, "--json"));
    assert.ok(left.run.status === "running" || left.run.status === "cancelled", left.run.status);
    await writeFile(gate, "");
    const resumed = await p.cli("resume", run.runId, "--json");
    assertOk(resumed);
    const done = json<{ run: { status: string }; tasks: { status: string }[] }>(resumed);
    assert.equal(done.run.status, "succeeded");
    assert.deepEqual(done.tasks.map((t) => t.status), ["succeeded", "succeeded"]);
  });
});
