/**
 * Drift of 100 numeric columns x 100,000 rows against a reference of the same size, KS
 * (scipy's asymptotic p-values, which it uses above 10,000 values) plus PSI over the
 * reference's deciles, beside scipy on the SAME data in the same run: both sides read the
 * columns from one float64 file, scipy.stats.ks_2samp(method="asymp") and numpy's PSI over
 * numpy.quantile edges, and the values are checked equal within 1e-6. Ours profiles the
 * reference once (timed apart) and judges the window on all cores; scipy sorts both samples
 * per call. Then a window of 10,000 rows is judged against the same profile. Times are the
 * best of a few runs on both sides, as other work on the machine only ever adds time.
 * Run alone: `node --import tsx/esm bench/drift.ts`.
 */
import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { closeDriftPool, judgeWindow, profileReference, type WindowDrift } from "../src/ml/drift/index.ts";
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

    const profileSeconds = best(repeats, () => profileReference(reference)).seconds;
    const profile = profileReference(reference);
    // Starts the pool's workers (about half a second each), as a monitor's first window does.
    await judgeWindow(profile, current, { ...options, threads });
    const window = await bestAsync(repeats, () => judgeWindow(profile, current, { ...options, threads }));
    const oneThread = await bestAsync(repeats, () => judgeWindow(profile, current, { ...options, threads: 1 }));
    const small = sliceRows(current, SMALL_WINDOW);
    const smallWindow = await bestAsync(repeats + 2, () => judgeWindow(profile, small, { ...options, threads }));
    const scipy = runScipy(dir, repeats);

    console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(" ")} on ${threads} cores; best of ${repeats} runs each`);
    console.log(`  reference profile (once, ${COLUMNS} columns x ${ROWS} rows)   ${ms(profileSeconds)}`);
    console.log(`  window ${ROWS} rows, ${threads} threads                   ${ms(window.seconds)}`);
    console.log(`  window ${ROWS} rows, 1 thread                     ${ms(oneThread.seconds)}`);
    console.log(`  window ${SMALL_WINDOW} rows, ${threads} threads                    ${ms(smallWindow.seconds)}   (target: at most 200 ms)`);
    if (!scipy) return;
    console.log(`  scipy ks_2samp asymp + numpy PSI                  ${ms(scipy.seconds)}`);
    console.log(
      `  ratio to scipy: window ${(window.seconds / scipy.seconds).toFixed(3)}x (target: at most 0.15x), ` +
        `1 thread ${(oneThread.seconds / scipy.seconds).toFixed(3)}x, ` +
        `profile + window ${((profileSeconds + window.seconds) / scipy.seconds).toFixed(3)}x`,
    );
    const difference = maxDifferences(window.result, scipy);
    const within = Math.max(difference.statistic, difference.pValue, difference.psi) <= TOLERANCE;
    console.log(
      `  max |ours - scipy|: D ${difference.statistic.toExponential(2)}, p ${difference.pValue.toExponential(2)}, ` +
        `PSI ${difference.psi.toExponential(2)} -> ${within ? "within" : "NOT within"} ${TOLERANCE}`,
    );
    console.log(`  columns drifted (p <= 0.05): ours ${window.result.driftedColumns}, scipy ${scipy.pValue.filter((p) => p <= 0.05).length}`);
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
  readonly statistic: number[];
  readonly pValue: number[];
  readonly psi: number[];
}

function runScipy(dir: string, repeats: number): ScipyFigures | undefined {
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
best = float("inf")
for _ in range(${repeats}):
    start = time.perf_counter()
    results = [(ks_2samp(reference[c], current[c], method="asymp"), psi(reference[c], current[c])) for c in range(${COLUMNS})]
    best = min(best, time.perf_counter() - start)
print(json.dumps({"seconds": best, "statistic": [float(k.statistic) for k, _ in results],
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

function best<T>(repeats: number, run: () => T): { seconds: number; result: T } {
  let seconds = Infinity;
  let result!: T;
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    result = run();
    seconds = Math.min(seconds, (performance.now() - start) / 1000);
  }
  return { seconds, result };
}

async function bestAsync<T>(repeats: number, run: () => Promise<T>): Promise<{ seconds: number; result: T }> {
  let seconds = Infinity;
  let result!: T;
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    result = await run();
    seconds = Math.min(seconds, (performance.now() - start) / 1000);
  }
  return { seconds, result };
}

function ms(seconds: number): string {
  return `${(seconds * 1000).toFixed(0).padStart(6)} ms`;
}

if (import.meta.url === `file://${process.argv[1]}`) await driftBench();
