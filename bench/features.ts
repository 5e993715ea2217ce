/**
 * The feature store. Offline: the point-in-time join of 1,000,000 entity rows against
 * 10,000,000 feature rows (generated, 100,000 entities over 30 days; 10 features, a 1-day
 * count and a 7-day sum), beside a naive join of the same rows with each entity's latest values
 * (what the point-in-time correctness costs). Online: getOnlineFeatures of 10 features for one
 * entity over loopback Redis, p99 (target: at most 2 ms), beside a bare HGETALL of the same key.
 * FEATURES_BENCH_SCALE=0.1 runs a tenth of the rows.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { featureView } from "../src/features/feature-view.ts";
import { writeHistoricalFeatures } from "../src/features/historical.ts";
import { materialize } from "../src/features/materialize.ts";
import { getOnlineFeatures } from "../src/features/online.ts";
import { onlineKey } from "../src/features/online-key.ts";
import { withConnection } from "../src/ml/io/duckdb.ts";

const scale = Number(process.env.FEATURES_BENCH_SCALE ?? 1);
const FEATURE_ROWS = Math.round(10_000_000 * scale);
const ENTITY_ROWS = Math.round(1_000_000 * scale);
const ENTITIES = 100_000;
const LOOKUPS = 5000;

function quantile(times: number[], q: number): number {
  return [...times].sort((a, b) => a - b)[Math.min(times.length - 1, Math.floor(times.length * q))] as number;
}

const randomTime = (seed: string) => `TIMESTAMP '2024-01-01' + to_milliseconds(CAST(hash(${seed}) % ${30 * 86_400_000} AS BIGINT))`;

async function generate(dir: string): Promise<{ features: string; entities: string }> {
  const features = join(dir, "features.parquet");
  const entities = join(dir, "entities.parquet");
  const columns = Array.from({ length: 10 }, (_, f) => `CAST(hash(i, ${f}) % 1000 AS DOUBLE) / 10 AS f${f}`).join(", ");
  await withConnection(async (connection) => {
    await connection.run(`COPY (SELECT CAST(i % ${ENTITIES} AS BIGINT) AS customer_id, ${randomTime("i")} AS ts, ${columns} FROM range(${FEATURE_ROWS}) t(i)) TO '${features}' (FORMAT parquet)`);
    await connection.run(`COPY (SELECT CAST(hash(i, 'e') % ${ENTITIES} AS BIGINT) AS customer_id, ${randomTime("i + 1")} AS event_timestamp FROM range(${ENTITY_ROWS}) t(i)) TO '${entities}' (FORMAT parquet)`);
  });
  return { features, entities };
}

function view(path: string) {
  return featureView({
    name: "bench",
    entities: { customer_id: "number" },
    source: { path },
    timestampColumn: "ts",
    ttl: "7d",
    features: Object.fromEntries(Array.from({ length: 10 }, (_, f) => [`f${f}`, "number" as const])),
    aggregates: { count_1d: { fn: "count", window: "1d" }, f0_sum_7d: { fn: "sum", column: "f0", window: "7d" } },
    missing: "default",
  });
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number }> {
  const start = performance.now();
  const result = await work();
  return { result, seconds: (performance.now() - start) / 1000 };
}

export async function featuresBench(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "conveyor-bench-features-"));
  const redis = new Redis("redis://127.0.0.1:6379");
  const prefix = `bench:features:${process.pid}:`;
  try {
    const generated = await timed(() => generate(dir));
    console.log(`generated ${FEATURE_ROWS.toLocaleString()} feature rows and ${ENTITY_ROWS.toLocaleString()} entity rows in ${generated.seconds.toFixed(1)} s`);
    const { features, entities } = generated.result;
    const bench = view(features);
    const naive = await timed(() =>
      withConnection(async (connection) => {
        await connection.run(
          `COPY (SELECT e.*, l.* EXCLUDE (customer_id) FROM read_parquet('${entities}') e LEFT JOIN (SELECT customer_id, arg_max(COLUMNS('^f\\d$'), ts) FROM read_parquet('${features}') GROUP BY customer_id) l USING (customer_id)) TO '${join(dir, "naive.parquet")}' (FORMAT parquet)`,
        );
      }),
    );
    const joined = await timed(() => writeHistoricalFeatures({ entities, views: [bench] }, join(dir, "joined.parquet")));
    console.log(`naive join (latest values, leaks the future): ${naive.seconds.toFixed(1)} s`);
    console.log(`point-in-time join (ASOF, TTL, 2 windows):   ${joined.seconds.toFixed(1)} s for ${joined.result.toLocaleString()} rows, ${(joined.seconds / naive.seconds).toFixed(2)}x the naive join`);

    const written = await timed(() => materialize({ redis, views: [bench], prefix, asOf: new Date("2024-01-31T00:00:00Z") }));
    console.log(`materialize: ${written.result[0]?.entities.toLocaleString()} entities in ${written.seconds.toFixed(1)} s`);
    const ids = Array.from({ length: LOOKUPS }, (_, i) => (i * 7919) % ENTITIES);
    const online: number[] = [];
    const bare: number[] = [];
    for (const id of ids) {
      const key = onlineKey(prefix, bench, { customer_id: id });
      let start = performance.now();
      await redis.hgetall(key);
      bare.push(performance.now() - start);
      start = performance.now();
      await getOnlineFeatures({ redis, views: [bench], prefix, entities: [{ customer_id: id }] });
      online.push(performance.now() - start);
    }
    const row = (name: string, times: number[]) => `${name}: p50 ${quantile(times, 0.5).toFixed(3)} ms, p99 ${quantile(times, 0.99).toFixed(3)} ms`;
    console.log(row("bare HGETALL          ", bare));
    console.log(`${row("getOnlineFeatures (12)", online)}, p99 ${(quantile(online, 0.99) / quantile(bare, 0.99)).toFixed(2)}x the bare HGETALL (target: p99 at most 2 ms)`);
  } finally {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 10_000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
    redis.disconnect();
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await featuresBench();
