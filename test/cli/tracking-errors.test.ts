/**
 * Bad input to the tracking and registry commands: each gets a short message naming what was
 * wrong, exit 2, no stack trace, and leaves the store exactly as it was.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { assertOk, assertUserError, type Project, type Result } from "./harness.ts";
import { type TrackingProject, trackingProject } from "./tracking-project.ts";

describe("tracking and registry commands on bad input", { concurrency: true }, () => {
  let t: TrackingProject;
  let p: Project;

  before(async () => {
    t = await trackingProject();
    p = t.p;
    assertOk(await p.cli("models", "register", "forest", "--run", t.runs[150], "--task", "fit", "--alias", "champion"));
  });

  async function unchanged(...args: string[]): Promise<Result> {
    const before = await p.fingerprint();
    const result = await p.cli(...args);
    assert.equal(await p.fingerprint(), before, `\`conveyor ${args.join(" ")}\` changed the store`);
    return result;
  }

  it("points at the column of a mistake in --where, with a caret under it", async () => {
    const result = await unchanged("runs", "list", "--where", "metrics.auc > 0.9 and params.trees => 100");
    assertUserError(result, "malformed filter at column 37", 'found ">"');
    const lines = result.stderr.split("\n");
    assert.equal(lines[1], "  metrics.auc > 0.9 and params.trees => 100");
    assert.equal(lines[2], `  ${" ".repeat(36)}^`);
  });

  it("refuses a --where nested thousands deep with a message, not a stack overflow", async () => {
    const deep = `${"(".repeat(5000)}status = "failed"${")".repeat(5000)}`;
    assertUserError(await unchanged("runs", "list", "--where", deep), "malformed filter at column 33", "parentheses nest more than 32 deep");
  });

  it("names an unknown field in --where and in --sort", async () => {
    assertUserError(await unchanged("runs", "list", "--where", "metric.auc > 1 and accuracy > 1"), "column 20", 'unknown field "accuracy"');
    assertUserError(await unchanged("runs", "list", "--sort", "-metrics.auc,,created"), "malformed sort at column 14");
    assertUserError(await unchanged("runs", "best", "auc", "--where", "status = 'done'"), "column 10", "not a run status");
  });

  it("needs two runs to compare, each of them known", async () => {
    assertUserError(await unchanged("runs", "compare", t.runs[50]), "at least two runs");
    assertUserError(await unchanged("runs", "compare", t.runs[50], "zzzzzzzz"), '"zzzzzzzz"', "not found");
  });

  it("says when no run has the metric asked for", async () => {
    assertUserError(await unchanged("runs", "best", "accuracy"), 'no run has a metric "accuracy"');
  });

  it("names an unknown run, task or output to register", async () => {
    assertUserError(await unchanged("models", "register", "forest", "--run", "zzzzzzzz", "--task", "fit"), '"zzzzzzzz"', "not found");
    assertUserError(await unchanged("models", "register", "forest", "--run", t.runs[50], "--task", "train"), 'no task "train"', "fit");
    assertUserError(await unchanged("models", "register", "forest", "--run", t.runs[50], "--task", "fit", "--output", "weights"), 'no output artifact "weights"', "model");
  });

  it("refuses to register the same artifact twice under one name, naming its version", async () => {
    assertUserError(await unchanged("models", "register", "forest", "--run", t.runs[150], "--task", "fit", "--alias", "challenger"), "already has this artifact", "version 1");
  });

  it("refuses bad model and alias names before looking anything up", async () => {
    assertUserError(await unchanged("models", "register", "for/est", "--run", t.runs[50], "--task", "fit"), 'model name "for/est"');
    assertUserError(await unchanged("models", "register", "forest", "--run", t.runs[50], "--task", "fit", "--alias", "2nd"), 'alias "2nd"');
    assertUserError(await unchanged("models", "alias", "set", "forest", "my alias", "1"), 'alias "my alias"');
  });

  it("names an unknown model, version or alias", async () => {
    assertUserError(await unchanged("models", "show", "fraud"), 'model "fraud" was not found');
    assertUserError(await unchanged("models", "show", "models:/forest/9"), 'model "forest" has no version 9');
    assertUserError(await unchanged("models", "show", "models:/forest@prod"), 'model "forest" has no alias "prod"', "champion");
    assertUserError(await unchanged("models", "show", "models:/forest/x"), '"models:/forest/x" is not a model reference');
    assertUserError(await unchanged("models", "alias", "set", "fraud", "champion", "1"), 'model "fraud" was not found');
    assertUserError(await unchanged("models", "alias", "set", "forest", "champion", "9"), "has no version 9", "only version is 1");
    assertUserError(await unchanged("models", "alias", "set", "forest", "champion", "v1"), 'version must be a whole number from 1, got "v1"');
    assertUserError(await unchanged("models", "alias", "delete", "forest", "prod"), 'no alias "prod"', "champion");
    assertUserError(await unchanged("models", "alias", "delete", "fraud", "champion"), 'model "fraud" was not found');
  });

  it("refuses a rollback with no earlier version, of an unset alias, or of an unknown model", async () => {
    assertUserError(await unchanged("models", "rollback", "forest"), 'no version held "champion"', "before version 1");
    assertUserError(await unchanged("models", "rollback", "forest", "--alias", "challenger"), 'no alias "challenger"');
    assertUserError(await unchanged("models", "rollback", "fraud"), 'model "fraud" was not found');
  });

  it("refuses a bad --tag or --experiment before running anything", async () => {
    assertUserError(await unchanged("run", "forest.ts", "--tag", "team"), '--tag "team" is not of the form name=value');
    assertUserError(await unchanged("run", "forest.ts", "--experiment", " padded"), 'experiment name " padded"');
  });
});
