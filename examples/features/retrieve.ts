// Training rows point-in-time, then the same values served from Redis:
//   node --import tsx/esm examples/features/retrieve.ts
import { Redis } from "ioredis";
import { getHistoricalFeatures, getOnlineFeatures, materialize } from "conveyor";
import { transactions } from "./features.ts";

const prefix = process.env.FEATURES_PREFIX ?? "example:features:";
const training = await getHistoricalFeatures({ entities: new URL("./labels.csv", import.meta.url).pathname, views: [transactions] });
const balances = training.columns.find((c) => c.name === "balance")?.values ?? [];
console.log(`training rows: ${training.rowCount}, balances ${[...balances].join(", ")}`);

const redis = new Redis("redis://127.0.0.1:6379");
try {
  await materialize({ redis, views: [transactions], prefix, asOf: new Date("2024-01-02T11:00:00Z") });
  const [served] = await getOnlineFeatures({ redis, views: [transactions], prefix, entities: [{ customer_id: 1 }] });
  console.log(`served for customer 1: ${JSON.stringify(served)}`);
} finally {
  redis.disconnect();
}
