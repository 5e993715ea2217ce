/**
 * The continuous-training loop, end to end, on one project:
 *
 *  1. train a champion on the customers before the shift (train.ts) and deploy it (`churn-api`);
 *  2. serve it on a real model server that keeps the prediction log and takes feedback;
 *  3. stream customers after the shift through it; the monitor (monitor.ts) finds drift in two
 *     windows running and raises an alert;
 *  4. the `drift` trigger starts the retraining pipeline (retrain.ts) on the new customers, whose
 *     gate compares the challenger with the champion on the same held-out rows;
 *  5. the challenger is registered and deployed as a 10% canary; labels for its answers arrive,
 *     and it is promoted when its live accuracy holds, or rolled back by the server when it does not.
 *
 * `labels: "hold"` posts the outcomes of the new rule (the challenger learned it), `"fail"` those of
 * the old rule, as if the shift had been a blip: the challenger's live accuracy falls and the
 * server rolls it back. Afterwards `conveyor lineage models:/churn@champion` shows the whole
 * chain. test/examples/continuous-training.test.ts runs it both ways.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { ArtifactStore, Engine, MetadataStore } from "conveyor";
import { loadPipelineFile } from "../../src/compiler/pipeline-file.ts";
import { parseMonitor } from "../../src/monitor/definition.ts";
import { runMonitor } from "../../src/monitor/run-monitor.ts";
import { createDeployment, promote, setCandidate } from "../../src/serve/deployment-actions.ts";
import { measureLiveQuality } from "../../src/serve/live-quality.ts";
import { openServeLogs } from "../../src/serve/prediction-log/serve-logs.ts";
import type { ServeLog } from "../../src/serve/serve-log.ts";
import { openDeployments } from "../../src/serve/serve-targets.ts";
import { createModelServer } from "../../src/serve/server.ts";
import { parseTriggers } from "../../src/triggers/definition.ts";
import { Scheduler } from "../../src/triggers/scheduler.ts";
import { churns, csv, customers, type Regime } from "./data.ts";
import monitorDefinition from "./monitor.ts";

/** The repository: the pipelines are compiled from it, as the engine's root. */
const REPO = resolve(import.meta.dirname, "../..");
const DEPLOYMENT = "churn-api";
const THRESHOLDS = { minQuality: 0.9, minLabelled: 20 };
const WHO = { actor: "continuous-training example" };

export interface LoopOptions {
  store: MetadataStore;
  artifacts: ArtifactStore;
  /** An engine whose root is the repository. */
  engine: Engine;
  /** The project folder: the generated data and the prediction log go under it. */
  root: string;
  /** What the labels for the canary's answers say: the new rule ("hold") or the old one ("fail"). */
  labels: "hold" | "fail";
  /** Told each step as it happens. */
  say?: (line: string) => void;
}

export interface LoopResult {
  champion: number;
  challenger: number;
  /** The alert's trigger source, `drift:churn-drift@<window>`, and the run it started. */
  alert: string;
  retrainRun: string;
  outcome: "promoted" | "rolled back";
  /** The server's reason for a rollback, with the figures. */
  rollback?: { reason: string; figures: Record<string, number> };
}

export async function continuousTraining(options: LoopOptions): Promise<LoopResult> {
  const { store, artifacts, engine, root } = options;
  const say = options.say ?? (() => {});
  const data = join(root, "data");
  await mkdir(data, { recursive: true });
  await writeFile(join(data, "before.csv"), csv(customers("before", 300, 1)));
  await writeFile(join(data, "after.csv"), csv(customers("after", 300, 2)));

  // 1. The champion, and the deployment that serves it.
  const trained = await engine.execute((await engine.createRun(await loadPipelineFile(join(import.meta.dirname, "train.ts"), REPO), { path: join(data, "before.csv") }, {}, "example")).id);
  if (trained.status !== "succeeded") throw new Error(`the champion's training run ${trained.id} ${trained.status}: ${trained.error}`);
  const champion = (await store.listModelVersions("churn")).at(-1)?.version as number;
  await createDeployment(store, { name: DEPLOYMENT, model: "models:/churn@champion", stage: "production", thresholds: THRESHOLDS }, WHO);
  say(`champion models:/churn/${champion} deployed as ${DEPLOYMENT}`);

  // 2. The model server, keeping the prediction log and taking labels; the canary is judged on them.
  const log: ServeLog = { info: (_f, message) => say(`server: ${message}`), error: (_f, message) => say(`server: ${message}`) };
  const logs = await openServeLogs({ store, root });
  const endpoints = await openDeployments([DEPLOYMENT], { source: { store, artifacts }, pollMs: 50, log, labels: { store, root } });
  const server = await createModelServer({ endpoints, predictionLog: logs.predictions, feedbackLog: logs.labels, log });
  const url = await server.listen({ port: 0, host: "127.0.0.1" });
  const triggerLog = { info: (_f: object, m: string) => say(m), warn: (_f: object, m: string) => say(m), error: (_f: object, m: string) => say(m) };
  let scheduler: Scheduler | undefined;
  try {
    // 3. The monitor is known to the store from its first run; the trigger starts from there.
    const monitor = parseMonitor(monitorDefinition, "monitor.ts");
    const monitoring = { store, artifacts, root, settleMs: 0, threads: 1 };
    await runMonitor(monitoring, monitor);
    const triggers = parseTriggers(
      [
        {
          name: "retrain-on-drift",
          kind: "drift",
          monitor: monitor.name,
          pipeline: "examples/continuous-training/retrain.ts",
          params: { path: join(data, "after.csv") },
          eventParams: { alertWindow: "windowId" },
        },
      ],
      "loop.ts",
    );
    scheduler = new Scheduler({ store, engine, root: REPO, triggers, log: triggerLog });
    await scheduler.load();
    await scheduler.pass();

    // Customers after the shift, ten to a request.
    const shifted = customers("after", 100, 3);
    for (let i = 0; i < shifted.length; i += 10) await infer(url, shifted.slice(i, i + 10), `shift-${i}`);
    await logs.predictions.flush();
    const windows = await runMonitor(monitoring, monitor);
    say(`monitor ${monitor.name}: ${windows.map((w) => `window ${w.seq} drift share ${w.driftShare}${w.driftDetected ? " (alert)" : ""}`).join(", ")}`);

    // 4. The alert starts the retraining run; its gate compares it with the champion.
    await scheduler.pass();
    await scheduler.settled();
    const [event] = await store.listTriggerEvents({ trigger: "retrain-on-drift" });
    if (event?.status !== "fired" || !event.runId) throw new Error(`the drift alert started no run: ${event ? `${event.status} ${event.reason}` : "no event"}`);
    const retrained = await store.getRun(event.runId);
    if (retrained?.status !== "succeeded") throw new Error(`the retraining run ${event.runId} ${retrained?.status}: ${retrained?.error}`);
    const challenger = (await store.listModelVersions("churn")).find((v) => v.runId === retrained.id)?.version as number;
    say(`${event.source} started run ${retrained.id}: challenger models:/churn/${challenger} beat the champion on the same held-out rows`);

    // 5. The challenger as a 10% canary; the labels for its answers decide.
    await setCandidate(store, DEPLOYMENT, { model: `models:/churn/${challenger}`, policy: { kind: "canary", percent: 10 } }, WHO);
    await until(async () => (await served(url)).includes(String(challenger)));
    const regime: Regime = options.labels === "hold" ? "after" : "before";
    const traffic = customers("after", 600, 4);
    for (let i = 0; i < traffic.length; i += 5) {
      const rows = traffic.slice(i, i + 5);
      const id = `canary-${i}`;
      await infer(url, rows, id, `user-${i}`);
      await post(`${url}/v2/feedback`, rows.map((r, row) => ({ id, row, label: churns(regime, r.tenure) })));
    }
    await Promise.all([logs.predictions.flush(), logs.labels.flush()]);
    const outcome = await until(async () => {
      const last = (await store.deploymentEvents(DEPLOYMENT)).at(-1);
      if (last?.kind === "auto_rollback") return { outcome: "rolled back" as const, rollback: { reason: last.reason ?? "", figures: last.figures ?? {} } };
      const quality = await measureLiveQuality({ store, root }, { deployment: DEPLOYMENT, model: "churn", version: challenger, task: "classification", from: new Date(0) });
      if (quality.labelled < THRESHOLDS.minLabelled || (quality.accuracy ?? 0) < THRESHOLDS.minQuality) return undefined;
      await promote(store, DEPLOYMENT, { ...WHO, reason: `live accuracy ${quality.accuracy} over ${quality.labelled} labelled predictions` });
      return { outcome: "promoted" as const };
    });
    say(`models:/churn/${challenger} ${outcome.outcome}${outcome.rollback ? `: ${outcome.rollback.reason}` : ""}`);
    return { champion, challenger, alert: event.source, retrainRun: retrained.id, ...outcome };
  } finally {
    await scheduler?.close();
    await server.close();
    await logs.close();
  }
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<unknown> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  const answer = (await response.json()) as unknown;
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${JSON.stringify(answer)}`);
  return answer;
}

/** Asks the deployment about some customers, as request `id` of user `key`. */
function infer(url: string, rows: readonly { tenure: number; monthly: number }[], id: string, key = id): Promise<unknown> {
  const column = (name: "tenure" | "monthly") => ({ name, shape: [rows.length], datatype: "FP64", data: rows.map((r) => r[name]) });
  return post(`${url}/v2/models/${DEPLOYMENT}/infer`, { id, inputs: [column("tenure"), column("monthly")] }, { "x-request-key": key });
}

async function served(url: string): Promise<string[]> {
  return ((await (await fetch(`${url}/v2/models/${DEPLOYMENT}`)).json()) as { versions: string[] }).versions;
}

/** Polls until `probe` gives something (or true): the server acts on its own time. */
async function until<T>(probe: () => Promise<T | undefined | false>): Promise<T> {
  for (let i = 0; i < 3000; i++) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    await sleep(20);
  }
  throw new Error("the deployment did not settle within a minute");
}
