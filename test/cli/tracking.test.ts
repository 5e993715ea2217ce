/** Finding, comparing and registering runs from the command line: runs list/compare/best, experiments, models. */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { currentActor } from "../../src/registry/actor.ts";
import { assertOk, json, type Project } from "./harness.ts";
import { type TrackingProject, trackingProject } from "./tracking-project.ts";

interface Listed {
  id: string;
  experiment: string;
  params: Record<string, unknown>;
  metrics: Record<string, Record<string, number>>;
  tags: Record<string, string>;
}

const ids = (listed: Listed[]) => listed.map((r) => r.id);

describe("tracking runs from the command line", { concurrency: true }, () => {
  let t: TrackingProject;
  let p: Project;
  before(async () => {
    t = await trackingProject();
    p = t.p;
  });

  it("runs list filters and sorts by metrics, params and tags, showing those columns", async () => {
    const result = await p.cli("runs", "list", "--where", "metrics.auc > 0.81 and params.trees >= 100", "--sort", "-metrics.auc");
    assertOk(result);
    const lines = result.stdout.trim().split("\n");
    assert.match(lines[0] ?? "", /^run\s+experiment\s+pipeline\s+status\s+started\s+duration\s+trigger\s+metrics\.auc\s+params\.trees$/);
    assert.deepEqual(lines.slice(1).map((l) => l.split(/\s+/)[0]), [t.runs[1000], t.runs[300], t.runs[150]]);
    assert.match(lines[1] ?? "", /big\s+forest\s+✔ succeeded .* cli\s+0\.9\s+1000$/);

    const inForest = json<Listed[]>(await p.cli("runs", "list", "--experiment", "forest", "--where", "metrics.auc > 0.81", "--json"));
    assert.deepEqual(ids(inForest), [t.runs[300], t.runs[150]]);
    assert.deepEqual(inForest[0]?.tags, { owner: "ada", team: "y" });
    assert.deepEqual(inForest[0]?.metrics, { fit: { auc: 0.8 + 300 / 10000, loss: 100 / 300 } });

    const byTag = json<Listed[]>(await p.cli("runs", "list", "-w", 'tags.team = "x" and status = "succeeded"', "-s", "params.trees", "--json"));
    assert.deepEqual(ids(byTag), [t.runs[50], t.runs[150]]);
    const none = await p.cli("runs", "list", "--where", "metrics.auc > 2");
    assertOk(none);
    assert.match(none.stdout, /^no runs match in /);
  });

  it("runs list shows tracked runs with their experiment and trigger", async () => {
    const listed = json<(Listed & { trigger: string; pipelineName: string })[]>(await p.cli("runs", "list", "--experiment", "notebook", "--json"));
    assert.deepEqual(
      listed.map((r) => [r.id, r.trigger, r.pipelineName, r.params, r.metrics]),
      [[t.tracked, "api", "api", { lr: 0.1 }, { main: { auc: 0.77 } }]],
    );
  });

  it("runs compare puts params and metrics side by side and marks the differences", async () => {
    const result = await p.cli("runs", "compare", t.runs[50], t.runs[150].slice(0, 10), t.runs[300]);
    assertOk(result);
    const row = (name: string) => result.stdout.split("\n").find((l) => l.includes(` ${name} `) || l.endsWith(` ${name}`));
    assert.match(result.stdout.split("\n")[0] ?? "", new RegExp(`run\\s+${t.runs[50]}\\s+${t.runs[150]}\\s+${t.runs[300]}$`));
    assert.match(row("params.trees") ?? "", /^≠\s+params\.trees\s+50\s+150\s+300$/);
    assert.match(row("metrics.fit.auc") ?? "", /^≠\s+metrics\.fit\.auc\s+0\.805\s+0\.815\s+0\.83$/);
    assert.match(result.stdout, /3 of 3 rows differ \(marked ≠\)/);

    const same = json<{ params: Record<string, unknown[]>; metrics: Record<string, unknown[]>; different: string[] }>(
      await p.cli("runs", "compare", t.runs[50], t.runs[1000], t.tracked, "--json"),
    );
    assert.deepEqual(same.params, { lr: [null, null, 0.1], trees: [50, 1000, null] });
    assert.deepEqual(same.metrics["fit.auc"], [0.8 + 50 / 10000, 0.8 + 1000 / 10000, null]);
    assert.deepEqual(same.metrics["main.auc"], [null, null, 0.77], "a tracking run's metrics are its main task's");
    assert.deepEqual(same.different, ["params.lr", "params.trees", "metrics.fit.auc", "metrics.fit.loss", "metrics.main.auc"]);

    const twice = await p.cli("runs", "compare", t.runs[50], t.runs[50]);
    assertOk(twice);
    assert.match(twice.stdout, /no differences in params or metrics/);
    assert.doesNotMatch(twice.stdout, /≠/);
  });

  it("runs best names the run with the highest or lowest metric", async () => {
    const best = await p.cli("runs", "best", "auc", "--experiment", "forest");
    assertOk(best);
    assert.equal(best.stdout, `${t.runs[300]}  forest  fit.auc = 0.83\n`, "the one task that logged it, named");
    assert.equal(json<Listed>(await p.cli("runs", "best", "loss", "--min", "--json")).id, t.runs[1000]);
    assert.equal(json<Listed>(await p.cli("runs", "best", "auc", "--where", "params.trees < 200", "--json")).id, t.runs[150]);
  });

  it("experiments list counts each experiment's runs", async () => {
    const listed = json<{ name: string; runs: number }[]>(await p.cli("experiments", "list", "--json"));
    assert.deepEqual(listed.map((e) => [e.name, e.runs]), [
      ["big", 1],
      ["forest", 3],
      ["notebook", 1],
    ]);
    const text = await p.cli("experiments");
    assertOk(text);
    assert.match(text.stdout, /^experiment\s+runs\s+latest run\s+description\nbig\s+1\s+\d{4}-/);
  });

  it("runs show gives the experiment, tags, code version and input data", async () => {
    const shown = await p.cli("runs", "show", t.runs[300]);
    assertOk(shown);
    assert.match(shown.stdout, /^experiment forest · tags owner=ada team=y$/m);
    assert.match(shown.stdout, /^code not in a git repository · node v\d+\.\d+\.\d+ · conveyor \d+\.\d+\.\d+$/m);
    const details = json<{ tags: Record<string, string>; context: { environment: { node: string } } }>(await p.cli("runs", "show", t.runs[300], "--json"));
    assert.deepEqual(details.tags, { owner: "ada", team: "y" });
    assert.equal(details.context.environment.node, process.version);
  });

  it("models register, alias, show, rollback and list: a model's whole life", async () => {
    const first = await p.cli("models", "register", "forest", "--run", t.runs[150], "--task", "fit", "--alias", "champion", "--reason", "first");
    assertOk(first);
    assert.match(first.stdout, new RegExp(`^registered models:/forest/1 from run ${t.runs[150]} task fit \\(sha256:[0-9a-f]{64}\\)\nchampion: set to 1\n$`));
    const second = json<{ version: number; metrics: Record<string, number>; tags: Record<string, string>; description: string }>(
      await p.cli("models", "register", "forest", "-r", t.runs[300], "--task", "fit", "-o", "model", "-d", "more trees", "-t", "data=may", "--json"),
    );
    assert.deepEqual([second.version, second.metrics.auc, second.tags, second.description], [2, 0.8 + 300 / 10000, { data: "may" }, "more trees"]);
    const fromApi = await p.cli("models", "register", "forest", "--run", t.tracked, "--task", "main", "--output", "weights.json");
    assertOk(fromApi);
    assert.match(fromApi.stdout, /^registered models:\/forest\/3 /);

    const moved = await p.cli("models", "alias", "set", "forest", "champion", "2", "--reason", "auc 0.83");
    assertOk(moved);
    assert.equal(moved.stdout, "champion: 1 → 2\n");
    const again = await p.cli("models", "alias", "set", "forest", "champion", "2");
    assertOk(again);
    assert.equal(again.stdout, "champion already points at version 2; nothing changed\n");
    assertOk(await p.cli("models", "alias", "set", "forest", "challenger", "3"));
    assert.equal((await p.cli("models", "alias", "delete", "forest", "challenger", "--reason", "lost")).stdout, "challenger: deleted (was 3)\n");

    const version = json<{ version: number; runId: string; aliases: string[] }>(await p.cli("models", "show", "models:/forest@champion", "--json"));
    assert.deepEqual([version.version, version.runId, version.aliases], [2, t.runs[300], ["champion"]]);
    const byNumber = await p.cli("models", "show", "forest/1");
    assertOk(byNumber);
    assert.match(byNumber.stdout, new RegExp(`^models:/forest/1\\n.*\\n\\nrun\\s+${t.runs[150]}\\ntask\\s+fit\\nartifact\\s+sha256:`));

    const rolled = await p.cli("models", "rollback", "forest", "--reason", "v2 regressed");
    assertOk(rolled);
    assert.equal(rolled.stdout, "champion: 2 → 1 (rollback)\n");

    const shown = await p.cli("models", "show", "forest");
    assertOk(shown);
    assert.match(shown.stdout, /^model forest {2}3 versions {2}champion→1\n/);
    assert.match(shown.stdout, /^v1\s+champion\s+/m);
    const user = currentActor();
    assert.match(shown.stdout, new RegExp(`champion: 1 → 2\\s+${user}\\s+auc 0\\.83$`, "m"));
    assert.match(shown.stdout, new RegExp(`champion: 2 → 1 \\(rollback\\)\\s+${user}\\s+v2 regressed$`, "m"));
    const history = json<{ aliasEvents: { alias: string; kind: string; fromVersion: number | null; toVersion: number | null }[] }>(
      await p.cli("models", "show", "forest", "--json"),
    );
    assert.deepEqual(
      history.aliasEvents.map((e) => [e.alias, e.kind, e.fromVersion, e.toVersion]),
      [
        ["champion", "set", null, 1],
        ["champion", "set", 1, 2],
        ["challenger", "set", null, 3],
        ["challenger", "delete", 3, null],
        ["champion", "rollback", 2, 1],
      ],
    );

    const listed = await p.cli("models");
    assertOk(listed);
    assert.match(listed.stdout, /^model\s+latest\s+aliases\s+updated\nforest\s+v3\s+champion→1\s+\d{4}-/);
  });
});
