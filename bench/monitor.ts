/**
 * What a monitor adds to judging drift: a window of 10,000 rows over 100 numeric columns
 * against a profiled reference of 100,000 rows, judged by assessWindow (drift, data quality,
 * histograms for the report) and rendered to JSON and HTML, beside judgeWindow alone on the
 * same data in the same run (the baseline). Best of `repeats`, wall and CPU time.
 * Run alone: `node --import tsx/esm bench/monitor.ts`.
 */
import { availableParallelism } from "node:os";
import { closeDriftPool, judgeWindow, profileReference, startDriftStreak, warmDriftPool } from "../src/ml/drift/index.ts";
import { assessWindow } from "../src/ml/monitoring/assess-window.ts";
import { renderReportHtml } from "../src/ml/monitoring/report-html.ts";
import { reportJson } from "../src/ml/monitoring/report.ts";
import { seededRandom } from "../src/ml/random.ts";
import { createTable, type Table } from "../src/ml/table.ts";

const COLUMNS = 100;

function normalColumns(seed: number, rows: number, shift: number): Table {
  const random = seededRandom(seed);
  return createTable(
    Array.from({ length: COLUMNS }, (_, c) => {
      const values = new Float64Array(rows);
      for (let i = 0; i < rows; i++) values[i] = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()) + (c % 2) * shift;
      return { name: `x${c}`, type: "number" as const, values };
    }),
  );
}

async function best(repeats: number, run: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  let wall = Number.POSITIVE_INFINITY;
  let cpu = Number.POSITIVE_INFINITY;
  for (let i = 0; i < repeats; i++) {
    const usage = process.cpuUsage();
    const start = performance.now();
    await run();
    const { user, system } = process.cpuUsage(usage);
    wall = Math.min(wall, performance.now() - start);
    cpu = Math.min(cpu, (user + system) / 1000);
  }
  return { wall, cpu };
}

export async function monitorBench({ repeats = 5 } = {}): Promise<void> {
  const threads = availableParallelism();
  const reference = normalColumns(1, 100_000, 0);
  const window = normalColumns(2, 10_000, 0.05);
  const columns = reference.columns.map((c) => c.name);
  const profile = profileReference(reference);
  await warmDriftPool(threads);
  try {
    const drift = await best(repeats, () => judgeWindow(profile, window, { threads }));
    const assessed = await best(repeats, async () => {
      const { report } = await assessWindow({
        title: "bench",
        context: {},
        profile,
        window,
        drift: { columns, threads },
        quality: { columns: columns.map((name) => ({ name, type: "number" as const })) },
        streak: startDriftStreak(1),
      });
      return [reportJson(report), renderReportHtml(report)];
    });
    const line = (label: string, t: { wall: number; cpu: number }) => console.log(`  ${label.padEnd(44)} ${t.wall.toFixed(0).padStart(5)} ms wall ${t.cpu.toFixed(0).padStart(5)} ms CPU`);
    line(`judgeWindow alone (baseline), ${threads} threads`, drift);
    line("assessWindow + JSON + HTML report", assessed);
    console.log(`  ratio to the baseline: ${(assessed.wall / drift.wall).toFixed(2)}x wall (target for the whole window: at most 200 ms)`);
  } finally {
    await closeDriftPool();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await monitorBench();
