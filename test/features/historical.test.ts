import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { featureView } from "../../src/features/feature-view.ts";
import { getHistoricalFeatures } from "../../src/features/historical.ts";
import { withConnection } from "../../src/ml/io/duckdb.ts";
import { getColumn, type Table } from "../../src/ml/table.ts";
import { tempDir } from "../ml/temp-dir.ts";
import { TRANSACTIONS_CSV, transactionsView } from "./fixtures.ts";

const dir = await tempDir();
const source = await dir.write("transactions.csv", TRANSACTIONS_CSV);
const entities = await dir.write(
  "labels.csv",
  ["customer_id,event_timestamp,label", "1,2024-01-01 11:00:00,0", "1,2024-01-02 11:00:00,1", "1,2024-01-04 12:00:00,0", "2,2024-01-01 00:00:00,1", "3,2024-01-04 00:00:00,0"].join("\n"),
);

const values = (table: Table, name: string) => Array.from(getColumn(table, name).values as ArrayLike<number | string | null>, (v) => (typeof v === "number" && Number.isNaN(v) ? null : v));

describe("getHistoricalFeatures", () => {
  it("joins each view's values as they were at the row's time, where a naive join leaks later ones", async () => {
    const table = await getHistoricalFeatures({ entities, views: [transactionsView(source)] });
    assert.deepEqual(table.columns.map((c) => c.name), ["customer_id", "event_timestamp", "label", "balance", "tx_count_1d", "amount_sum_1d", "amount_mean_2d"]);
    // Row 3: the last transaction (Jan 3) is older than the 1-day TTL at noon on Jan 4, so no balance.
    assert.deepEqual(values(table, "balance"), [100, 80, null, null, null]);
    assert.deepEqual(values(table, "tx_count_1d"), [1, 1, 0, 0, 0]);
    assert.deepEqual(values(table, "amount_sum_1d"), [10, 20, null, null, null]);
    assert.deepEqual(values(table, "amount_mean_2d"), [10, 15, 30, null, null]);

    // The naive join (each customer's latest row) gives the first label row Jan 3's balance: the future.
    const naive = await withConnection(async (connection) => {
      const result = await connection.runAndReadAll(
        `SELECT e.customer_id, t.balance FROM read_csv('${entities}') e LEFT JOIN (SELECT customer_id, arg_max(balance, ts) AS balance FROM read_csv('${source}') GROUP BY customer_id) t USING (customer_id) WHERE e.customer_id = 1 ORDER BY e.event_timestamp`,
      );
      return result.getRowObjectsJS();
    });
    assert.equal(Number(naive[0]?.balance), 50);
    assert.notEqual(values(table, "balance")[0], Number(naive[0]?.balance));
  });

  it("takes entity rows as a table and a Parquet source by folder", async () => {
    const { writeParquet } = await import("../../src/ml/io/parquet.ts");
    const { readCsv } = await import("../../src/ml/io/csv.ts");
    const folder = dir.path("parquet-source");
    const { mkdir } = await import("node:fs/promises");
    await mkdir(folder, { recursive: true });
    await writeParquet(await readCsv(source), `${folder}/part-0.parquet`);
    const view = featureView({ name: "tx", entities: { customer_id: "number" }, source: { path: folder }, timestampColumn: "ts", features: { balance: "number" } });
    const rows = await readCsv(entities);
    const table = await getHistoricalFeatures({ entities: rows, views: [view] });
    // No TTL here: Jan 3's balance still holds on Jan 4.
    assert.deepEqual(values(table, "balance"), [100, 80, 50, null, null]);
  });

  it("names the view and the column when the source lacks a key or its time column", async () => {
    const noKey = featureView({ name: "by_account", entities: { account_id: "number" }, source: { path: source }, timestampColumn: "ts", features: { balance: "number" } });
    await assert.rejects(getHistoricalFeatures({ entities, views: [noKey] }), /feature view "by_account": its source .*transactions\.csv has no key column "account_id"/);
    const noTime = featureView({ name: "late", entities: { customer_id: "number" }, source: { sql: `SELECT customer_id, balance FROM read_csv('${source}')` }, timestampColumn: "created_at", features: { balance: "number" } });
    await assert.rejects(getHistoricalFeatures({ entities, views: [noTime] }), /feature view "late": its SQL source has no event-time column "created_at"/);
  });

  it("refuses a malformed declaration, naming the view", () => {
    assert.throws(() => featureView({ name: "v", entities: { id: "number" }, source: { path: "x.parquet" }, timestampColumn: "ts", aggregates: { s: { fn: "sum", window: "1d" } } }), /feature view "v": aggregate "s" \(sum\) names no column/);
    assert.throws(() => featureView({ name: "v", entities: { id: "number" }, source: { path: "x.parquet" }, timestampColumn: "ts", aggregates: { c: { fn: "count", window: "soon" } } }), /feature view "v", aggregate "c" window: "soon" is not a duration/);
  });
});
