/** examples/features: the script prints point-in-time training rows and serves the same values from Redis. */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { promisify } from "node:util";
import { after, test } from "node:test";
import { Redis } from "ioredis";
import { REPO_ROOT } from "../helpers/project.ts";

const prefix = `test:features-example:${randomUUID()}:`;
after(async () => {
  const redis = new Redis("redis://127.0.0.1:6379");
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

test("examples/features/retrieve.ts joins point-in-time and serves what training saw", async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx/esm", "examples/features/retrieve.ts"], {
    cwd: REPO_ROOT,
    env: { ...process.env, FEATURES_PREFIX: prefix },
  });
  assert.match(stdout, /training rows: 3, balances 100, 80, 7\n/);
  assert.match(stdout, /served for customer 1: \{"customer_id":1,"balance":80,"tx_count_1d":1,"amount_sum_1d":20,"amount_mean_2d":15\}/);
});
