/** The model server's feature service: a request gives entity keys; the model reads the online features. */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { Redis } from "ioredis";
import { featureView } from "../../src/features/feature-view.ts";
import { materialize } from "../../src/features/materialize.ts";
import { type TestProject, testProject } from "../helpers/project.ts";
import { churnTable, fit, post, register, serve } from "./serving-fixtures.ts";

const redis = new Redis("redis://127.0.0.1:6379");
const prefix = `test:feature-service:${randomUUID()}:`;
let project: TestProject;
before(async () => {
  project = await testProject();
});
after(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
  await project.cleanup();
});

test("a request of entity keys is scored on the features materialized for them; an unknown entity is a 400", async () => {
  await register(project, "churn", await fit(churnTable(), "churned", "logistic-regression"), "champion");
  const source = join(project.dir, "customers.csv");
  await writeFile(source, "customer_id,ts,tenure,plan\n1,2024-01-01 00:00:00,5,basic\n2,2024-01-01 00:00:00,50,team\n");
  const customers = featureView({ name: "customers", entities: { customer_id: "number" }, source: { path: source }, timestampColumn: "ts", features: { tenure: "number", plan: "string" } });
  await materialize({ redis, views: [customers], prefix, asOf: new Date("2024-02-01T00:00:00Z") });
  const { server, url } = await serve(project, { models: ["models:/churn@champion"], features: { redis, views: [customers], prefix } });
  try {
    const byKeys = await post(`${url}/invocations`, { dataframe_records: [{ customer_id: 1 }, { customer_id: 2 }] });
    const byValues = await post(`${url}/invocations`, { dataframe_records: [{ tenure: 5, plan: "basic" }, { tenure: 50, plan: "team" }] });
    assert.equal(byKeys.status, 200, byKeys.text);
    assert.deepEqual(byKeys.body, byValues.body);
    assert.deepEqual((byValues.body as { predictions: unknown[] }).predictions, ["yes", "no"]);
    const bare = await post(`${url}/invocations`, { customer_id: 1 });
    assert.deepEqual((bare.body as { predictions: unknown[] }).predictions, ["yes"]);
    const unknown = await post(`${url}/invocations`, { customer_id: 99 });
    assert.equal(unknown.status, 400);
    assert.match(unknown.text, /feature view \\?"customers\\?" has no online values for customer_id=99/);
  } finally {
    await server.close();
  }
});
