/** `conveyor deploy create` with live quality thresholds: given, shown, and refused when they cannot be met. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type TestProject, testProject } from "../helpers/project.ts";
import { churnTable, fit, register } from "../serve/serving-fixtures.ts";
import { assertOk, assertUserError, json, project } from "./harness.ts";

describe("conveyor deploy create: live quality thresholds", () => {
  let registry: TestProject;
  before(async () => {
    registry = await testProject();
    await register(registry, "churn", await fit(churnTable(), "churned", "logistic-regression"), "champion");
  });
  after(() => registry.cleanup());

  it("records --min-quality, --max-rmse and --min-labelled, and deploy show says when they apply", async () => {
    const cli = await project(registry.dir);
    const created = json(await cli.cli("deploy", "create", "churn-api", "--model", "churn@champion", "--min-quality", "0.9", "--min-labelled", "50", "--json"));
    assert.deepEqual(created.deployment.thresholds, { maxErrorRate: 0.05, maxP99Ms: 500, minQuality: 0.9, maxRmse: null, windowSeconds: 60, minRequests: 20, minLabelled: 50 });
    const shown = await cli.cli("deploy", "show", "churn-api");
    assertOk(shown);
    assert.match(shown.stdout, /rollback {3}error rate > 0\.05, p99 > 500 ms, over 60 s once 20 requests; accuracy < 0\.9 once 50 labelled\n/);
    assertUserError(await cli.cli("deploy", "create", "price-api", "--model", "churn@champion", "--max-rmse", "0"), "rollback threshold maxRmse 0 is not valid", "an RMSE above 0");
    assertUserError(await cli.cli("deploy", "create", "price-api", "--model", "churn@champion", "--min-labelled", "2.5"), "rollback threshold minLabelled 2.5 is not valid");
  });
});
