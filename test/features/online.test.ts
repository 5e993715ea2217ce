import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, describe, it } from "node:test";
import { Redis } from "ioredis";
import { featureView } from "../../src/features/feature-view.ts";
import { getHistoricalFeatures } from "../../src/features/historical.ts";
import { materialize } from "../../src/features/materialize.ts";
import { getOnlineFeatures } from "../../src/features/online.ts";
import { createTable } from "../../src/ml/table.ts";
import { tempDir } from "../ml/temp-dir.ts";
import { TRANSACTIONS_CSV, transactionsView } from "./fixtures.ts";

const redis = new Redis("redis://127.0.0.1:6379");
const prefix = `test:features:${randomUUID()}:`;
after(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

const dir = await tempDir();
const source = await dir.write("transactions.csv", TRANSACTIONS_CSV);
const view = transactionsView(source);
const asOf = new Date("2024-01-02T11:00:00Z");

describe("online features", () => {
  it("serves the values the point-in-time join gives for the same entity and time", async () => {
    assert.deepEqual(await materialize({ redis, views: [view], prefix, asOf }), [{ view: "transactions", entities: 2 }]);
    const online = await getOnlineFeatures({ redis, views: [view], prefix, entities: [{ customer_id: 1 }, { customer_id: "2" }] });
    const offline = await getHistoricalFeatures({
      entities: createTable([
        { name: "customer_id", type: "number", values: Float64Array.of(1, 2) },
        { name: "event_timestamp", type: "string", values: ["2024-01-02 11:00:00", "2024-01-02 11:00:00"] },
      ]),
      views: [view],
    });
    const names = ["balance", "tx_count_1d", "amount_sum_1d", "amount_mean_2d"];
    const offlineRows = [0, 1].map((row) =>
      Object.fromEntries(names.map((name) => {
        const value = offline.columns.find((c) => c.name === name)?.values[row] as number;
        return [name, Number.isNaN(value) ? null : value];
      })),
    );
    assert.deepEqual(online.map((row) => Object.fromEntries(names.map((n) => [n, row[n]]))), offlineRows);
    assert.deepEqual(offlineRows[0], { balance: 80, tx_count_1d: 1, amount_sum_1d: 20, amount_mean_2d: 15 });
    // Customer 2's only transaction (Jan 2, 00:00) is within every window and the TTL.
    assert.deepEqual(offlineRows[1], { balance: 7, tx_count_1d: 1, amount_sum_1d: 5, amount_mean_2d: 5 });
  });

  it("re-materializing replaces a value that became null", async () => {
    await materialize({ redis, views: [view], prefix, asOf: new Date("2024-01-10T00:00:00Z") });
    const [row] = await getOnlineFeatures({ redis, views: [view], prefix, entities: [{ customer_id: 1 }] });
    assert.deepEqual(row, { customer_id: 1, balance: null, tx_count_1d: 0, amount_sum_1d: null, amount_mean_2d: null });
  });

  it("gives a missing entity the view's defaults, or a clear error when the view declares none", async () => {
    const [row] = await getOnlineFeatures({ redis, views: [view], prefix, entities: [{ customer_id: 99 }] });
    assert.deepEqual(row, { customer_id: 99, balance: -1, tx_count_1d: 0, amount_sum_1d: null, amount_mean_2d: null });
    const strict = featureView({ name: "balances", entities: { customer_id: "number" }, source: { path: source }, timestampColumn: "ts", features: { balance: "number" } });
    await materialize({ redis, views: [strict], prefix, asOf });
    await assert.rejects(getOnlineFeatures({ redis, views: [strict], prefix, entities: [{ customer_id: 99 }] }), /feature view "balances" has no online values for customer_id=99/);
    await assert.rejects(getOnlineFeatures({ redis, views: [strict], prefix, entities: [{ account: 1 }] }), /feature view "balances" needs the key "customer_id" \(a number\), got null/);
  });
});
