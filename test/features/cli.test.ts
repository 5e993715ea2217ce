import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, describe, it } from "node:test";
import { Redis } from "ioredis";
import { assertOk, assertUserError, project, SDK } from "../cli/harness.ts";
import { TRANSACTIONS_CSV } from "./fixtures.ts";

const redis = new Redis("redis://127.0.0.1:6379");
const prefix = `test:features-cli:${randomUUID()}:`;
after(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

const views = (column: string) => `
import { featureView } from ${JSON.stringify(SDK)};
export const balances = featureView({
  name: "balances",
  entities: { customer_id: "number" },
  source: { path: new URL("./transactions.csv", import.meta.url).pathname },
  timestampColumn: ${JSON.stringify(column)},
  features: { balance: "number" },
});
`;

describe("conveyor features materialize", () => {
  it("writes each entity's values as of the given time", async () => {
    const p = await project();
    await p.write("transactions.csv", TRANSACTIONS_CSV);
    const file = await p.write("features.ts", views("ts"));
    const result = await p.cli("features", "materialize", file, "--prefix", prefix, "--as-of", "2024-01-02T11:00:00Z");
    assertOk(result);
    assert.match(result.stdout, /balances: 2 entities materialized/);
    assert.equal(await redis.hget(`${prefix}balances:[1]`, "balance"), "80");
  });

  it("names the view and the missing column, without a stack trace", async () => {
    const p = await project();
    await p.write("transactions.csv", TRANSACTIONS_CSV);
    const file = await p.write("features.ts", views("created_at"));
    assertUserError(await p.cli("features", "materialize", file, "--prefix", prefix), 'feature view "balances"', 'no event-time column "created_at"');
    assertUserError(await p.cli("features", "materialize", file, "--view", "nope", "--prefix", prefix), 'no feature view "nope"');
  });

  it("says in one message that Redis is down", async () => {
    const p = await project();
    await p.write("transactions.csv", TRANSACTIONS_CSV);
    const file = await p.write("features.ts", views("ts"));
    // Port 1 on loopback: nothing listens there. The CLI's environment is read when it starts.
    const given = process.env.CONVEYOR_REDIS;
    process.env.CONVEYOR_REDIS = "redis://127.0.0.1:1";
    try {
      assertUserError(await p.cli("features", "materialize", file, "--prefix", prefix), /Redis at redis:\/\/127\.0\.0\.1:1 .* is unreachable/);
    } finally {
      if (given === undefined) delete process.env.CONVEYOR_REDIS;
      else process.env.CONVEYOR_REDIS = given;
    }
  });
});
