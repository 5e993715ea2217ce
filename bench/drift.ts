/**
 * Drift of 100 numeric columns x 100,000 rows against a reference of the same size, KS
 * (scipy's asymptotic p-values, which it uses above 10,000 values) plus PSI over the
 * reference's deciles, beside scipy on the SAME data in the same run: both sides read the
 * columns from one float64 file, scipy.stats.ks_2samp(method="asymp") and numpy's PSI over
 * numpy.quantile edges, and the values are checked equal within 1e-6. Ours profiles the
 * reference once (timed apart) and judges the window on all cores; scipy sorts both samples
 * per call. Then a window of 10,000 rows is judged against the same profile. Times are the
 * best of a few rounds on both sides, as other work on the machine only ever adds time; CPU
 * time is printed beside wall time, as on a shared machine it moves less with the load.
 * Run alone: `node --import tsx/esm bench/drift.ts`.
 */
import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import {
  closeDriftPool,
  judgeWindow,
  profileReference,
  type WindowDrift,
  warmDriftPool,
} from "../src/ml/drift/index.ts";
import { seededRandom } from "../src/ml/random.ts";
import { createTable, type Table } from "../src/ml/table.ts";

const COLUMNS = 100;
const ROWS = 100_000;
const SMALL_WINDOW = 10_000;
const TOLERANCE = 1e-6;
const PYTHON = "/usr/bin/python3";

export async function driftBench({ repeats = 3 } = {}): Promise<void> {
  const reference = normalColumns(1, 0);
  // Column c is shifted by c/20,000 standard deviations: from no drift to clear drift.
  const current = normalColumns(2, 1 / 20_000);
  const dir = await mkdtemp(join(tmpdir(), "conveyor-drift-"));
  try {
    await writeFile(join(dir, "reference.f64"), columnMajor(reference));
    await writeFile(join(dir, "current.f64"), columnMajor(current));
    const threads = availableParallelism();
    const options = { method: "ks", ksMethod: "asymp", also: ["psi"] } as const;
    const small = sliceRows(current, SMALL_WINDOW);
    const profile = profileReference(reference);
    // Starts the pool's workers (about half a second each), as a monitor would before its first window.
    await warmDriftPool(threads);

    // Rounds of every measurement in turn, so that a busy spell of the machine weighs on all.
    const figures = { profile: none(), window: none(), oneThread: none(), small: none(), smallOneThread: none(), scipy: none() };
    let ours: WindowDrift | undefined;
    let scipy: ScipyFigures | undefined;
    for (let round = 0; round < repeats; round++) {
      await measure(figures.profile, () => profileReference(reference));
      ours = await measure(figures.window, () => judgeWindow(profile, current, { ...options, threads }));
      await measure(figures.oneThread, () => judgeWindow(profile, current, { ...options, threads: 1 }));
      for (let i = 0; i < 3; i++) {
        await measure(figures.small, () => judgeWindow(profile, small, { ...options, threads }));
        await measure(figures.smallOneThread, () => judgeWindow(profile, small, { ...options, threads: 1 }));
      }
      scipy = runScipy(dir);
      if (!scipy) break;
      keepBest(figures.scipy, { wall: scipy.seconds, cpu: scipy.cpuSeconds });
    }

    console.log(
      `load average ${loadavg().map((l) => l.toFixed(1)).join(" ")} on ${threads} cores; best of ${repeats} rounds; ` +
        "wall time, and CPU time of all the process's threads",
    );
    const line = (name: string, timing: Timing, note = "") =>
      console.log(`  ${name.padEnd(52)} ${ms(timing.wall)} wall ${ms(timing.cpu)} CPU${note}`);
    line(`reference profile, once (${COLUMNS} columns x ${ROWS} rows)`, figures.profile);
    line(`window of ${ROWS} rows, ${threads} threads`, figures.window);
    line(`window of ${ROWS} rows, 1 thread`, figures.oneThread);
    line(`window of ${SMALL_WINDOW} rows, ${threads} threads`, figures.small, "   (target: at most 200 ms)");
    line(`window of ${SMALL_WINDOW} rows, 1 thread`, figures.smallOneThread);
    if (!scipy || !ours) return;
    line("scipy ks_2samp asymp + numpy PSI", figures.scipy);
    const ratio = (timing: Timing) =>
      `${(timing.wall / figures.scipy.wall).toFixed(3)}x wall, ${(timing.cpu / figures.scipy.cpu).toFixed(3)}x CPU`;
    console.log(`  ratio to scipy (target: at most 0.15x): window on ${threads} threads ${ratio(figures.window)}`);
    console.log(`                                          window on 1 thread ${ratio(figures.oneThread)}`);
    const withProfile = { wall: figures.profile.wall + figures.window.wall, cpu: figures.profile.cpu + figures.window.cpu };
    console.log(`                                          profile + window ${ratio(withProfile)}`);
    const difference = maxDifferences(ours, scipy);
    const within = Math.max(difference.statistic, difference.pValue, difference.psi) <= TOLERANCE;
    console.log(
      `  max |ours - scipy|: D ${difference.statistic.toExponential(2)}, p ${difference.pValue.toExponential(2)}, ` +
        `PSI ${difference.psi.toExponential(2)} -> ${within ? "within" : "NOT within"} ${TOLERANCE}`,
    );
    console.log(`  columns drifted (p <= 0.05): ours ${ours.driftedColumns}, scipy ${scipy.pValue.filter((p) => p <= 0.05).length}`);
    if (!within) process.exitCode = 1;
  } finally {
    await closeDriftPool();
    await rm(dir, { recursive: true, force: true });
  }
}

/** COLUMNS seeded normal columns (Box-Muller), column c shifted by c * shiftPerColumn. */
function normalColumns(seed: number, shiftPerColumn: number): Table {
  const random = seededRandom(seed);
  return createTable(
    Array.from({ length: COLUMNS }, (_, c) => {
      const values = new Float64Array(ROWS);
      for (let i = 0; i < ROWS; i++) {
        values[i] = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()) + c * shiftPerColumn;
      }
      return { name: `x${c}`, type: "number" as const, values };
    }),
  );
}

function columnMajor(table: Table): Uint8Array {
  const all = new Float64Array(COLUMNS * ROWS);
  table.columns.forEach((column, c) => {
    all.set(column.values as Float64Array, c * ROWS);
  });
  return new Uint8Array(all.buffer);
}

function sliceRows(table: Table, rows: number): Table {
  return createTable(
    table.columns.map((column) => ({
      name: column.name,
      type: "number" as const,
      values: (column.values as Float64Array).subarray(0, rows),
    })),
  );
}

interface ScipyFigures {
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly statistic: number[];
  readonly pValue: number[];
  readonly psi: number[];
}

function runScipy(dir: string): ScipyFigures | undefined {
  const script = `
import json, sys, time
import numpy as np
from scipy.stats import ks_2samp
reference = np.fromfile(sys.argv[1] + "/reference.f64").reshape(${COLUMNS}, ${ROWS})
current = np.fromfile(sys.argv[1] + "/current.f64").reshape(${COLUMNS}, ${ROWS})
def psi(ref, cur):
    edges = np.quantile(ref, np.arange(1, 10) / 10)
    p = np.maximum(np.bincount(np.searchsorted(edges, ref, side="right"), minlength=10) / len(ref), 1e-6)
    q = np.maximum(np.bincount(np.searchsorted(edges, cur, side="right"), minlength=10) / len(cur), 1e-6)
    return float(np.sum((q - p) * np.log(q / p)))
start, cpu = time.perf_counter(), time.process_time()
results = [(ks_2samp(reference[c], current[c], method="asymp"), psi(reference[c], current[c])) for c in range(${COLUMNS})]
seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
print(json.dumps({"seconds": seconds, "cpuSeconds": cpu_seconds, "statistic": [float(k.statistic) for k, _ in results],
                  "pValue": [float(k.pvalue) for k, _ in results], "psi": [s for _, s in results]}))
`;
  const result = spawnSync(PYTHON, ["-c", script, dir], { encoding: "utf8", maxBuffer: 1 << 24 });
  if (result.status !== 0) {
    console.log(`scipy's side could not run (${PYTHON} with numpy and scipy): ${result.stderr.trim().split("\n").pop()}`);
    return undefined;
  }
  return JSON.parse(result.stdout) as ScipyFigures;
}

function maxDifferences(ours: WindowDrift, scipy: ScipyFigures) {
  const difference = { statistic: 0, pValue: 0, psi: 0 };
  ours.columns.forEach((column, c) => {
    if (column.status !== "judged") throw new Error(`column ${column.column} was not judged`);
    difference.statistic = Math.max(difference.statistic, Math.abs(column.statistic - scipy.statistic[c]!));
    difference.pValue = Math.max(difference.pValue, Math.abs(column.pValue! - scipy.pValue[c]!));
    difference.psi = Math.max(difference.psi, Math.abs(column.also[0]!.statistic - scipy.psi[c]!));
  });
  return difference;
}

/** Seconds of wall-clock time and of CPU time (all of the process's threads). */
interface Timing {
  wall: number;
  cpu: number;
}

function none(): Timing {
  return { wall: Infinity, cpu: Infinity };
}

function keepBest(best: Timing, timing: Timing): void {
  best.wall = Math.min(best.wall, timing.wall);
  best.cpu = Math.min(best.cpu, timing.cpu);
}

async function measure<T>(best: Timing, run: () => T | Promise<T>): Promise<T> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = await run();
  const { user, system } = process.cpuUsage(cpu);
  keepBest(best, { wall: (performance.now() - start) / 1000, cpu: (user + system) / 1e6 });
  return result;
}

function ms(seconds: number): string {
  return `${(seconds * 1000).toFixed(0).padStart(6)} ms`;
}

if (import.meta.url === `file://${process.argv[1]}`) await driftBench();
