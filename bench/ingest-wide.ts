/**
 * Ingesting a wide CSV (100 rows × 2,000 / 4,000 / 10,000 columns, one column in ten text)
 * beside DuckDB's own `COPY (SELECT * FROM read_csv(...)) TO ... (FORMAT parquet)` of the
 * same file in the same run (target: at most 2×), and the time per column at each width
 * (linear ingest keeps it flat). Ours is what ingestCsv does: read and type the columns,
 * digest the rows, write the Parquet Dataset. Best of `repeats` on each side, alternating.
 * Run alone: `node --import tsx/esm bench/ingest-wide.ts`.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { readCsvFile, writeDataset } from "../src/ml/dataset-file.ts";
import { withConnection } from "../src/ml/io/duckdb.ts";
import { sqlString } from "../src/ml/io/sql.ts";
import { seededRandom } from "../src/ml/random.ts";
import type { OutputArtifact } from "../src/sdk/handles.ts";

const ROWS = 100;
const WIDTHS = [2_000, 4_000, 10_000];

export async function ingestWide({ repeats = 3 } = {}): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "conveyor-ingest-wide-"));
  try {
    console.log(`${ROWS} rows; best of ${repeats} runs on each side`);
    const perColumn: number[] = [];
    for (const columns of WIDTHS) {
      const csv = join(dir, `wide-${columns}.csv`);
      await writeFile(csv, wideCsv(columns));
      let duckdb = Number.POSITIVE_INFINITY;
      let ours = Number.POSITIVE_INFINITY;
      for (let run = 0; run < repeats; run++) {
        duckdb = Math.min(duckdb, await seconds(() => duckdbCopy(csv, join(dir, "duckdb.parquet"))));
        ours = Math.min(ours, await seconds(() => ingest(csv, join(dir, "ours.parquet"))));
      }
      perColumn.push(ours / columns);
      const scaling = ours / columns / perColumn[0]!;
      console.log(
        `${columns.toLocaleString("en").padStart(6)} columns: DuckDB COPY ${duckdb.toFixed(2)} s (baseline), ingest ${ours.toFixed(2)} s = ${(ours / duckdb).toFixed(2)}× (target ≤ 2×); time per column ${scaling.toFixed(2)}× the ${WIDTHS[0]!.toLocaleString("en")}-column file's`,
      );
    }
    console.log(`peak resident memory of the bench process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function seconds(work: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
}

async function duckdbCopy(csv: string, parquet: string): Promise<void> {
  await withConnection((connection) =>
    connection.run(`COPY (SELECT * FROM read_csv(${sqlString(csv)})) TO ${sqlString(parquet)} (FORMAT parquet)`),
  );
}

async function ingest(csv: string, parquet: string): Promise<void> {
  const output: OutputArtifact = {
    path: parquet,
    mediaType: "",
    metadata: {},
    writeText: unused,
    writeJson: unused,
    writeBytes: unused,
  };
  await writeDataset(output, await readCsvFile(csv));
}

async function unused(): Promise<void> {
  throw new Error("writeDataset writes the Parquet file itself");
}

/** Seeded numbers with two decimals, and every tenth column a short text. */
function wideCsv(columns: number): string {
  const random = seededRandom(columns);
  const header = Array.from({ length: columns }, (_, c) => `c${c}`).join(",");
  const rows = Array.from({ length: ROWS }, () =>
    Array.from({ length: columns }, (_, c) =>
      c % 10 === 9 ? `t${Math.floor(random() * 7)}` : (random() * 1000).toFixed(2),
    ).join(","),
  );
  return `${header}\n${rows.join("\n")}\n`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await ingestWide();
