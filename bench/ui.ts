/**
 * The dashboard in Chromium against a real server on loopback (not asserted; the issue's
 * targets are printed beside each figure):
 * - the runs page with 10,000 runs: navigation to its first rows (< 1 s), beside the search
 *   call it makes, timed alone from Node;
 * - a run of 1,000 fanned-out tasks: navigation to its DAG drawn (< 2 s), beside a 3-task run's;
 * - a task's state change to the page (< 500 ms), beside the same change reaching a bare
 *   event-stream client in Node at the same moment.
 * Each is the median of several. Run with `node --import tsx/esm bench/ui.ts`.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { held } from "../test/api/fixtures.ts";
import { type ApiServer, sse, startServer } from "../test/api/harness.ts";
import * as P from "../test/engine/fixtures/pipelines.ts";
import { ensureDashboardBuilt, launchBrowser, skipReason } from "../test/ui/browser.ts";

const RUNS = 10_000;
const FAN_OUT = 1000;

async function median(times: number, fn: () => Promise<number>): Promise<number> {
  const out: number[] = [];
  for (let i = 0; i < times; i++) out.push(await fn());
  return out.sort((a, b) => a - b)[Math.floor(times / 2)] as number;
}

function line(name: string, ms: number, baseline: string, baselineMs: number, targetMs: number): string {
  const verdict = ms < targetMs ? "ok" : "OVER TARGET";
  return `${name.padEnd(38)} ${ms.toFixed(0).padStart(6)} ms   ${baseline} ${baselineMs.toFixed(0).padStart(5)} ms  ${(ms / baselineMs).toFixed(1).padStart(5)}×   (< ${targetMs} ms: ${verdict})`;
}

async function makeRuns(api: ApiServer): Promise<void> {
  const { store } = api.project;
  for (let i = 0; i < RUNS; i++) {
    await store.createRun(
      {
        pipeline: { digest: "sha256:bench", name: "bench", ir: {} },
        params: { trees: 10 + (i % 400), lr: 0.001 * (1 + (i % 50)) },
        options: { concurrency: 1, noCache: false, failFast: false },
        trigger: "bench",
        experiment: i % 2 === 0 ? "churn" : "fraud",
      },
      [],
    );
  }
}

/** Starts a run of `file` through the API and waits for its end. */
async function finishedRun(api: ApiServer, file: string, params: Record<string, unknown>): Promise<string> {
  const res = await api.post("/api/v1/runs", { pipeline: file, params });
  const { run } = (await res.json()) as { run: { id: string } };
  await (await api.fetch(`/api/v1/runs/${run.id}/events`)).text();
  return run.id;
}

/** Navigation to the DAG drawn: xyflow keeps nodes hidden until it has measured and placed them all. */
async function timeDag(page: Page, url: string): Promise<number> {
  const started = performance.now();
  await page.goto(url);
  await page.locator(".react-flow__node").first().waitFor({ state: "visible" });
  return performance.now() - started;
}

export async function uiBench(): Promise<void> {
  const skip = skipReason();
  if (skip) {
    console.log(`skipped: ${skip}`);
    return;
  }
  await ensureDashboardBuilt();
  const api = await startServer("sqlite");
  const browser = await launchBrowser();
  try {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    const made = performance.now();
    await makeRuns(api);
    console.log(`made ${RUNS.toLocaleString("en")} runs in ${((performance.now() - made) / 1000).toFixed(1)} s`);
    const search = await median(5, async () => {
      const started = performance.now();
      await api.json("/api/v1/runs/search?limit=50");
      return performance.now() - started;
    });
    const runsPage = await median(5, async () => {
      const started = performance.now();
      await page.goto(`${api.url}/`);
      await page.locator("table.runs tbody tr").first().waitFor();
      return performance.now() - started;
    });
    console.log(line(`runs page, ${RUNS.toLocaleString("en")} runs: first rows`, runsPage, "its search call", search, 1000));

    await api.writeIr("fan-out.json", P.fanOut);
    await api.writeIr("train.json", P.train);
    const fanned = performance.now();
    const big = await finishedRun(api, "fan-out.json", { n: FAN_OUT });
    console.log(`ran ${FAN_OUT} fanned-out tasks in ${((performance.now() - fanned) / 1000).toFixed(1)} s`);
    const small = await finishedRun(api, "train.json", { rows: 2 });
    const smallDag = await median(5, () => timeDag(page, `${api.url}/runs/${small}`));
    const bigDag = await median(3, () => timeDag(page, `${api.url}/runs/${big}`));
    console.log(line(`DAG of ${FAN_OUT.toLocaleString("en")} tasks drawn`, bigDag, "3 tasks", smallDag, 2000));

    await api.writeIr("held.json", held);
    let round = 0;
    const latencies: [number, number][] = [];
    for (let i = 0; i < 5; i++) {
      const gate = join(api.project.dir, `gate-${round++}`);
      const res = await api.post("/api/v1/runs", { pipeline: "held.json", params: { ticks: 0, gate } });
      const { run } = (await res.json()) as { run: { id: string } };
      await page.goto(`${api.url}/runs/${run.id}`);
      await page.locator('.react-flow__node[data-id="first"].status-running').waitFor();
      const bare = (async () => {
        const events = sse(await api.fetch(`/api/v1/runs/${run.id}/events`, { headers: { accept: "text/event-stream" } }));
        for await (const e of events) {
          if (e.event === "task" && e.data.task.name === "first" && e.data.task.status === "succeeded") return performance.now();
        }
        return Number.NaN;
      })();
      // Both listen before the change.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const changed = performance.now();
      await writeFile(gate, "");
      await page.locator('.react-flow__node[data-id="first"].status-succeeded').waitFor();
      const onPage = performance.now() - changed;
      latencies.push([onPage, (await bare) - changed]);
      await (await api.fetch(`/api/v1/runs/${run.id}/events`)).text();
    }
    const mid = latencies.sort((a, b) => a[0] - b[0])[Math.floor(latencies.length / 2)] as [number, number];
    console.log(line("task state change → page", mid[0], "bare SSE client", mid[1], 500));
  } finally {
    await browser.close();
    await api.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await uiBench();
