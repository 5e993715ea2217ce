/**
 * Leases that fence: a driver that stalls (its event loop held, or the process stopped) past
 * its lease is taken over by `resume` or ended by `cancel`, and once it runs again it writes
 * nothing more and exits with a clear error. The stalled driver is a child process with a
 * short lease; the one taking over runs here.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, it } from "node:test";
import { EXIT } from "../../src/cli/report.ts";
import type { AttemptStatus } from "../../src/store/types.ts";
import { REPO_ROOT, type StoreKind, type TestProject, testProject } from "../helpers/project.ts";

const LEASE_MS = 400;

interface Driver {
  child: ChildProcess;
  runId: string;
  /** Where each task appends its name when it completes. */
  file: string;
  /** The file whose creation ends the stall. */
  release: string;
  exited: Promise<{ code: number | null; stderr: string }>;
}

export function leaseSuite(kind: StoreKind): void {
  describe(`leases on ${kind}`, () => {
    let project: TestProject;
    const children: ChildProcess[] = [];
    before(async () => {
      project = await testProject(kind);
    });
    after(async () => {
      // A test that failed half way may leave its child stopped.
      for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await project.cleanup();
    });

    /** Starts a run of the stall chain in a child process whose tasks t1 waits `ms`. */
    async function startDriver(env: Record<string, string>, ms: number): Promise<Driver> {
      const file = join(project.dir, `marks-${randomUUID()}.txt`);
      const release = join(project.dir, `release-${randomUUID()}`);
      const args = [project.dir, JSON.stringify(project.storeOptions), file, release, String(ms), String(LEASE_MS)];
      const child = spawn(process.execPath, ["--import", "tsx", "test/engine/fixtures/lease-run.ts", ...args], {
        cwd: REPO_ROOT,
        env: { ...process.env, ...env },
        stdio: ["ignore", "pipe", "pipe"],
      });
      children.push(child);
      let stdout = "";
      let stderr = "";
      child.stdout?.on("data", (chunk) => {
        stdout += chunk;
      });
      child.stderr?.on("data", (chunk) => {
        stderr += chunk;
      });
      const exited = new Promise<{ code: number | null; stderr: string }>((resolve) => child.on("exit", (code) => resolve({ code, stderr })));
      // Loading the engine under tsx takes seconds on a busy machine.
      await until("the child started its run", async () => stdout.includes("\n"), 90_000);
      return { child, runId: stdout.split("\n")[0] as string, file, release, exited };
    }

    async function until(what: string, check: () => Promise<boolean>, limitMs = 30_000): Promise<void> {
      for (const started = Date.now(); !(await check()); await sleep(20)) {
        assert.ok(Date.now() - started < limitMs, `timed out waiting until ${what}`);
      }
    }

    async function attemptsOf(runId: string, task: string): Promise<AttemptStatus[]> {
      const row = (await project.tasksOf(runId))[task];
      return row ? (await project.store.listAttempts(row.id)).map((a) => a.status) : [];
    }

    /**
     * Waits until the lease of a driver that stopped renewing it has expired. A renewal it sent
     * just before it stopped may still land: it cannot hold the lease longer than one lease.
     */
    async function leaseExpires(runId: string): Promise<void> {
      await sleep(2 * LEASE_MS);
      await until("the lease expires", async () => ((await project.store.getRun(runId))?.leaseExpiresAt?.getTime() ?? 0) < Date.now());
    }

    async function marks(driver: Driver): Promise<string[]> {
      return (await readFile(driver.file, "utf8")).split("\n").filter(Boolean).sort();
    }

    /** The stalled driver exited as the CLI does on a user error: a message, no stack trace, nothing written. */
    function assertStoppedCleanly({ code, stderr }: { code: number | null; stderr: string }): void {
      assert.ok(code !== 0 && code !== EXIT.bug, `exit code ${code}: ${stderr}`);
      assert.match(stderr, /no longer holds the lease of run/);
      assert.doesNotMatch(stderr, /internal error|\n\s+at /);
    }

    async function assertNothingRunning(runId: string): Promise<void> {
      for (const task of ["t0", "t1", "t2"]) assert.ok(!(await attemptsOf(runId, task)).includes("running"), `${task} has no attempt left running`);
    }

    it("lets resume take over a driver whose task holds the event loop past its lease; the stalled driver then writes nothing", async () => {
      const a = await startDriver({ CONVEYOR_TEST_STALL: "1" }, 300);
      await until("t0 stalls its driver", async () => existsSync(`${a.release}.stalling`), 90_000);
      await leaseExpires(a.runId);
      const resumed = project.engine({ leaseMs: LEASE_MS }).execute(a.runId);
      await until("the resume ends the stalled attempt", async () => (await attemptsOf(a.runId, "t0")).includes("interrupted"));
      await writeFile(a.release, "");
      const [run, exit] = await Promise.all([resumed, a.exited]);
      assert.equal(run.status, "succeeded", run.error ?? "");
      assertStoppedCleanly(exit);
      assert.deepEqual(await attemptsOf(a.runId, "t0"), ["interrupted", "succeeded"], "the stalled attempt stays interrupted");
      assert.deepEqual(await attemptsOf(a.runId, "t1"), ["succeeded"]);
      assert.deepEqual(await attemptsOf(a.runId, "t2"), ["succeeded"]);
      await assertNothingRunning(a.runId);
      // The stalled task's code did finish its work; the stalled driver started nothing after it.
      assert.deepEqual(await marks(a), ["t0", "t0", "t1", "t2"]);
      assert.equal((await project.store.getRun(a.runId))?.status, "succeeded");
    });

    it("lets resume take over a driver stopped (SIGSTOP) past its lease; continued, it writes nothing", async () => {
      const a = await startDriver({}, 1500);
      await until("t1 runs", async () => (await project.tasksOf(a.runId)).t1?.status === "running");
      a.child.kill("SIGSTOP");
      await leaseExpires(a.runId);
      const resumed = project.engine({ leaseMs: LEASE_MS }).execute(a.runId);
      await until("the resume ends the stopped attempt", async () => (await attemptsOf(a.runId, "t1")).includes("interrupted"));
      a.child.kill("SIGCONT");
      const [run, exit] = await Promise.all([resumed, a.exited]);
      assert.equal(run.status, "succeeded", run.error ?? "");
      assertStoppedCleanly(exit);
      assert.deepEqual(await attemptsOf(a.runId, "t0"), ["succeeded"]);
      assert.deepEqual(await attemptsOf(a.runId, "t1"), ["interrupted", "succeeded"], "the stopped attempt stays interrupted");
      assert.deepEqual(await attemptsOf(a.runId, "t2"), ["succeeded"], "t2 ran once, driven by the resume");
      await assertNothingRunning(a.runId);
      const done = await marks(a);
      assert.deepEqual(done.filter((m) => m !== "t1"), ["t0", "t2"]);
    });

    it("lets cancel end a run whose driver is stopped past its lease; continued, the driver leaves it cancelled", async () => {
      const a = await startDriver({}, 1500);
      await until("t1 runs", async () => (await project.tasksOf(a.runId)).t1?.status === "running");
      a.child.kill("SIGSTOP");
      await leaseExpires(a.runId);
      const cancelled = await project.engine({ leaseMs: LEASE_MS }).cancel(a.runId);
      assert.deepEqual([cancelled.status, cancelled.leaseOwner], ["cancelled", null], "no live driver: cancelled at once");
      a.child.kill("SIGCONT");
      assertStoppedCleanly(await a.exited);
      const run = await project.store.getRun(a.runId);
      assert.equal(run?.status, "cancelled");
      const tasks = await project.tasksOf(a.runId);
      assert.deepEqual(["t0", "t1", "t2"].map((t) => tasks[t]?.status), ["succeeded", "cancelled", "cancelled"]);
      assert.deepEqual(await attemptsOf(a.runId, "t1"), ["cancelled"]);
      assert.deepEqual(await attemptsOf(a.runId, "t2"), []);
    });
  });
}
