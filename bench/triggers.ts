/**
 * From a trigger's event to its run's first task (target: at most 1 s). An event is recorded the
 * way a monitor or `conveyor triggers fire` records it, in the store, and a running scheduler
 * notices it on its next pass (every 250 ms): the time runs from recording the event to the
 * first task's start. Beside it, the same with the scheduler woken at once (an event recorded in
 * its own process), which is the part the pass interval does not explain. And a monitor's drift
 * alert (a window recorded with drift detected, as `conveyor monitors run` records it) to the first
 * task of the run its `drift` trigger starts.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { LocalArtifactStore } from "../src/artifacts/local.ts";
import { compile } from "../src/compiler/compile.ts";
import { LocalEngine } from "../src/executors/local-engine.ts";
import { irDigest } from "../src/ir/canonical.ts";
import { openStore } from "../src/store/open.ts";
import { parseTriggers } from "../src/triggers/definition.ts";
import { fireTrigger } from "../src/triggers/fire.ts";
import { Scheduler } from "../src/triggers/scheduler.ts";
import { chain } from "./pipelines.ts";

const root = resolve(import.meta.dirname, "..");
const EVENTS = 10;

function quantile(times: number[], q: number): number {
  return [...times].sort((a, b) => a - b)[Math.min(times.length - 1, Math.floor(times.length * q))] as number;
}

export async function triggersBench(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "conveyor-bench-triggers-"));
  const store = await openStore({ root: dir, url: "" });
  const artifacts = new LocalArtifactStore(dir);
  const engine = new LocalEngine({ store, artifacts, root });
  const ir = await compile(chain, { root });
  await store.savePipeline({ digest: irDigest(ir), name: ir.name, ir: ir as never });
  await store.saveMonitor("bench-monitor", { deployment: "bench" }, { name: "bench-monitor" });
  const triggers = parseTriggers(
    [
      { name: "bench", kind: "manual", pipeline: { digest: irDigest(ir) }, params: { ms: 0 }, maxActiveRuns: 100 },
      { name: "bench-drift", kind: "drift", monitor: "bench-monitor", pipeline: { digest: irDigest(ir) }, params: { ms: 0 }, maxActiveRuns: 100 },
    ],
    "bench",
  );
  const quiet = { info() {}, warn() {}, error() {} };
  const scheduler = new Scheduler({ store, engine, root, triggers, log: quiet });
  await scheduler.load();
  const controller = new AbortController();
  const running = scheduler.run(controller.signal);

  const firstTask = new Map<string, number>();
  engine.subscribe((event) => {
    // Running, or taken from the cache: every run after the first has the same inputs.
    if (event.type === "task" && event.task.status !== "pending" && !firstTask.has(event.task.runId)) firstTask.set(event.task.runId, performance.now());
  });
  const measure = async (wake: boolean): Promise<number[]> => {
    const times: number[] = [];
    for (let i = 0; i < EVENTS; i++) {
      const start = performance.now();
      const event = await fireTrigger(store, "bench", { source: "manual:bench" });
      if (wake) scheduler.wake();
      let runId: string | null | undefined;
      while (!(runId && firstTask.has(runId))) {
        await new Promise((r) => setTimeout(r, 5));
        const seen = await store.getTriggerEvent(event?.id ?? "");
        if (seen?.status === "failed" || seen?.status === "skipped") throw new Error(`the bench's event was ${seen.status}: ${seen.reason}`);
        runId = seen?.runId;
      }
      times.push((firstTask.get(runId) as number) - start);
      await scheduler.settled();
    }
    return times;
  };
  /** Seconds from recording a window whose drift raises the alert to the first task of the run it starts. */
  const measureAlerts = async (): Promise<number[]> => {
    const times: number[] = [];
    for (let seq = 1; seq <= EVENTS; seq++) {
      const start = performance.now();
      const at = new Date();
      await store.recordMonitorWindow(
        {
          ...{ monitor: "bench-monitor", seq, status: "judged", reason: null, from: at, to: at, rows: 1000, deployment: "bench", model: "bench", version: 1 },
          ...{ drifted: true, driftShare: 1, driftDetected: true, streak: 1, qualityPassed: true, performanceDropped: null, reportArtifactId: null, htmlArtifactId: null },
        },
        { expectedLastSeq: seq === 1 ? null : seq - 1, cursor: { seq }, streak: {} },
        {},
      );
      let runId: string | null | undefined;
      while (!(runId && firstTask.has(runId))) {
        await new Promise((r) => setTimeout(r, 5));
        const [event] = await store.listTriggerEvents({ trigger: "bench-drift", limit: 1 });
        if (event?.status === "failed" || event?.status === "skipped") throw new Error(`the bench's alert was ${event.status}: ${event.reason}`);
        runId = event?.payload.window === seq ? event.runId : undefined;
      }
      times.push((firstTask.get(runId) as number) - start);
      await scheduler.settled();
    }
    return times;
  };
  await measure(true); // warm-up: the first run loads the components
  const polled = await measure(false);
  const woken = await measure(true);
  const alerted = await measureAlerts();
  controller.abort();
  await running;
  await engine.close();
  await store.close();
  await rm(dir, { recursive: true, force: true });
  const line = (label: string, t: number[]) =>
    console.log(`${label}: median ${quantile(t, 0.5).toFixed(0)} ms, worst ${Math.max(...t).toFixed(0)} ms of ${t.length} (target <= 1000 ms)`);
  line("event → first task, scheduler polling every 250 ms", polled);
  line("event → first task, scheduler woken in-process   ", woken);
  line("drift alert → first task, scheduler polling       ", alerted);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await triggersBench();
