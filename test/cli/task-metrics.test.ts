/**
 * Two tasks of a run that log the same metric name: runs list, compare, best and models
 * register each take the task's own value, and a bare name is refused listing the candidates.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { assertOk, assertUserError, json, type Project, project, SDK } from "./harness.ts";

/** Two models, each scored by its own call of `score` ("score" and "score-2"); the better one has more trees. */
const TWINS = `import { component, Model, param, pipeline } from ${JSON.stringify(SDK)};
export const fit = component({
  name: "fit",
  inputs: { trees: param.int() },
  outputs: { model: Model },
  async run({ trees, model }, ctx) {
    ctx.metric("cv", trees / 1000);
    await model.writeJson({ trees });
  },
});
export const score = component({
  name: "score",
  inputs: { model: Model },
  async run({ model }, ctx) {
    const { trees } = await model.json();
    ctx.metric("accuracy", trees / 1000);
    ctx.metric("logLoss", 1 - trees / 1000);
  },
});
export default pipeline({ name: "twins", params: { trees: param.int({ default: 400 }) } }, (p) => {
  const small = fit({ trees: 100 }, { name: "fit-small" });
  const large = fit({ trees: p.trees }, { name: "fit-large" });
  score({ model: small.outputs.model });
  score({ model: large.outputs.model }).after(score({ model: small.outputs.model }, { name: "score-small-again" }));
});
`;

describe("metrics of two tasks with one name, from the command line", { concurrency: true }, () => {
  let p: Project;
  const runs: string[] = [];
  before(async () => {
    p = await project();
    await p.write("twins.ts", TWINS);
    for (const trees of [400, 400, 700]) {
      runs.push(json<{ run: { id: string } }>(await p.cli("run", "twins.ts", "--param", `trees=${trees}`, "--json")).run.id);
    }
  });

  it("keeps each task's values in runs list, and refuses a bare name two tasks logged, naming them", async () => {
    const listed = json<{ id: string; metrics: Record<string, Record<string, number>> }[]>(await p.cli("runs", "list", "--json"));
    assert.deepEqual(listed[2]?.metrics, {
      "fit-large": { cv: 0.4 },
      "fit-small": { cv: 0.1 },
      score: { accuracy: 0.1, logLoss: 0.9 },
      "score-2": { accuracy: 0.4, logLoss: 0.6 },
      "score-small-again": { accuracy: 0.1, logLoss: 0.9 },
    });
    assertUserError(
      await p.cli("runs", "list", "-w", "metrics.accuracy > 0.3"),
      "metrics.accuracy is ambiguous",
      "metrics.score.accuracy",
      "metrics.score-2.accuracy",
      "metrics.score-small-again.accuracy",
      "write metrics.score-2.accuracy or",
    );
    const found = await p.cli("runs", "list", "-w", "metrics.score-2.accuracy > 0.5", "-s", "-metrics.fit-large.cv");
    assertOk(found);
    const lines = found.stdout.trim().split("\n");
    assert.match(lines[0] ?? "", /metrics\.fit-large\.cv\s+metrics\.score-2\.accuracy$/);
    assert.deepEqual(lines.slice(1).map((l) => l.split(/\s+/)[0]), [runs[2]]);
    assert.match(lines[1] ?? "", /0\.7\s+0\.7$/);
  });

  it("compares two identical runs as identical, each task's metric a row of its own", async () => {
    const same = json<{ metrics: Record<string, number[]>; different: string[] }>(await p.cli("runs", "compare", runs[0] as string, runs[1] as string, "--json"));
    assert.deepEqual(same.different, []);
    assert.deepEqual(same.metrics["score.accuracy"], [0.1, 0.1]);
    assert.deepEqual(same.metrics["score-2.accuracy"], [0.4, 0.4]);
    const text = await p.cli("runs", "compare", runs[0] as string, runs[2] as string);
    assertOk(text);
    assert.match(text.stdout, /^≠\s+metrics\.score-2\.logLoss\s+0\.6\s+0\.3$/m);
    assert.match(text.stdout, /^\s+metrics\.score\.logLoss\s+0\.9\s+0\.9$/m);
  });

  it("runs best takes the named task's metric, and refuses the bare name", async () => {
    const best = await p.cli("runs", "best", "score-2.logLoss", "--min");
    assertOk(best);
    assert.equal(best.stdout, `${runs[2]}  twins  score-2.logLoss = 0.3\n`);
    assertUserError(await p.cli("runs", "best", "logLoss", "--min"), "metrics.logLoss is ambiguous", "metrics.score-2.logLoss");
  });

  it("models register records the scores computed on that very model, found through lineage", async () => {
    const large = json<{ metrics: Record<string, number> }>(await p.cli("models", "register", "twins", "--run", runs[2] as string, "--task", "fit-large", "--json"));
    assert.deepEqual(large.metrics, { cv: 0.7, accuracy: 0.7, logLoss: 0.30000000000000004 });
    const small = json<{ metrics: Record<string, number> }>(await p.cli("models", "register", "twins", "--run", runs[2] as string, "--task", "fit-small", "--json"));
    assert.deepEqual(small.metrics, {
      cv: 0.1,
      "score.accuracy": 0.1,
      "score.logLoss": 0.9,
      "score-small-again.accuracy": 0.1,
      "score-small-again.logLoss": 0.9,
    });
  });
});
