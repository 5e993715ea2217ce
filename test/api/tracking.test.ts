/** Experiments and run search over HTTP: filters, sorting, pages, the best run, comparisons, a run's tags, context and details. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { compile } from "../../src/compiler/compile.ts";
import * as P from "../engine/fixtures/pipelines.ts";
import { REPO_ROOT } from "../helpers/project.ts";
import { type ApiServer, assertError, STORES, startServer } from "./harness.ts";

for (const kind of STORES) {
  describe(`API experiments and run search on ${kind}`, () => {
    let api: ApiServer;
    /** By rows: 3, 4, 5, 6; the run with 6 rows is in experiment "big", the others in "train". */
    const runs = {} as Record<3 | 4 | 5 | 6, string>;
    before(async () => {
      api = await startServer(kind);
      const engine = api.project.engine();
      const ir = await compile(P.train, { root: REPO_ROOT });
      for (const rows of [3, 4, 5, 6]) {
        const experiment = rows === 6 ? "big" : undefined;
        const created = await engine.createRun(ir, { rows }, { concurrency: 2 }, "cli", { experiment, tags: { team: rows % 2 ? "odd" : "even" } });
        runs[rows as 3] = (await engine.execute(created.id)).id;
      }
    });
    after(() => api.close());

    it("lists experiments with run counts, shows one, and creates one", async () => {
      const listed = await api.json("/api/v1/experiments");
      assert.deepEqual(
        listed.items.map((e: any) => [e.name, e.runs]),
        [
          ["big", 1],
          ["train", 3],
        ],
      );
      assert.equal(listed.next, null);
      const paged = await api.json("/api/v1/experiments?limit=1");
      assert.equal(paged.items.length, 1);
      assert.equal((await api.json(paged.next)).items[0].name, "train");

      const one = await api.json("/api/v1/experiments/train");
      assert.equal(one.runs, 3);
      assert.match(one.lastRunAt, /^\d{4}-/);

      const created = await api.post("/api/v1/experiments", { name: "fresh", description: "nothing yet" });
      assert.equal(created.status, 201);
      assert.equal(created.headers.get("location"), "/api/v1/experiments/fresh");
      assert.deepEqual({ ...((await created.json()) as object), createdAt: "t" }, { name: "fresh", description: "nothing yet", createdAt: "t" });
      assert.deepEqual({ ...(await api.json("/api/v1/experiments/fresh")), createdAt: "t" }, {
        name: "fresh",
        description: "nothing yet",
        createdAt: "t",
        runs: 0,
        lastRunAt: null,
      });
      await assertError(await api.post("/api/v1/experiments", { name: "fresh" }), 409, "exists", '"fresh"');
      await assertError(await api.post("/api/v1/experiments", { name: " spaced " }), 400, "invalid_name", "experiment name");
      await assertError(await api.fetch("/api/v1/experiments/nosuch"), 404, "not_found", '"nosuch"');
    });

    it("searches runs with a filter and a sort, a page at a time, with the total", async () => {
      const q = new URLSearchParams({ where: "params.rows >= 4 and tags.team = \"even\"", sort: "-params.rows" });
      const found = await api.json(`/api/v1/runs/search?${q}`);
      assert.deepEqual(
        found.items.map((r: any) => r.id),
        [runs[6], runs[4]],
      );
      assert.equal(found.total, 2);
      assert.equal(found.items[0].experiment, "big");
      assert.deepEqual(found.items[0].tags, { team: "even" });
      assert.deepEqual(found.items[0].metrics["fit-b"], { score: 1.2, loss: 1 / (1 + 1.2) }, "each task's metrics under its name");
      assert.deepEqual(Object.keys(found.items[0].metrics).sort(), ["fit-a", "fit-b"]);

      const seen: string[] = [];
      let path: string | null = "/api/v1/runs/search?experiment=train&sort=params.rows&limit=2";
      while (path) {
        const res = await api.fetch(path);
        const body = (await res.json()) as any;
        assert.equal(body.total, 3);
        seen.push(...body.items.map((r: any) => r.id));
        path = body.next;
      }
      assert.deepEqual(seen, [runs[3], runs[4], runs[5]]);
      const failed = await api.json("/api/v1/runs/search?status=failed");
      assert.deepEqual([failed.items, failed.total, failed.next], [[], 0, null]);
    });

    it("answers 400 for a malformed filter or sort, pointing at the column", async () => {
      const body = await assertError(
        await api.fetch(`/api/v1/runs/search?where=${encodeURIComponent("metrics.auc >> 0.9")}`),
        400,
        "invalid_filter",
        "column 14",
      );
      assert.ok(body.message.includes("metrics.auc >> 0.9\n"), body.message);
      assert.ok(body.message.endsWith(`${" ".repeat(15)}^`), body.message);
      assert.ok(body.hint);
      await assertError(await api.fetch("/api/v1/runs/search?sort=-"), 400, "invalid_sort", "column");
      await assertError(await api.fetch("/api/v1/runs/best?metric=fit-a.score&where=status%20%3D"), 400, "invalid_filter", "column");
      const ambiguous = await assertError(
        await api.fetch(`/api/v1/runs/search?where=${encodeURIComponent("metrics.score > 0")}`),
        400,
        "ambiguous_metric",
        "metrics.fit-a.score",
        "metrics.fit-b.score",
      );
      assert.match(ambiguous.hint ?? "", /write metrics\.fit-a\.score or metrics\.fit-b\.score instead of metrics\.score/);
      await assertError(await api.fetch("/api/v1/runs/best?metric=loss&min=1"), 400, "ambiguous_metric", "metrics.fit-b.loss");
    });

    it("finds the best run by a metric, highest or lowest", async () => {
      const scores = Object.fromEntries(
        await Promise.all(Object.entries(runs).map(async ([rows, id]) => [rows, (await api.json(`/api/v1/runs/${id}/metrics/latest`))["fit-a"].score])),
      );
      // Ascending by score; among equal scores the newest run (greatest id) is the best, as in a search.
      const byScore = Object.entries(runs).sort(([a, x], [b, y]) => scores[a] - scores[b] || (x < y ? -1 : 1));
      const best = await api.json("/api/v1/runs/best?metric=fit-a.score");
      assert.equal(best.id, byScore.at(-1)?.[1]);
      assert.equal(best.metrics["fit-a"].score, scores[byScore.at(-1)?.[0] as string]);
      const lowest = byScore.filter(([rows]) => scores[rows] === scores[byScore[0]?.[0] as string]).at(-1);
      assert.equal((await api.json("/api/v1/runs/best?metric=fit-a.score&min=1")).id, lowest?.[1]);
      assert.equal((await api.json("/api/v1/runs/best?metric=fit-a.score&experiment=big")).id, runs[6]);
      await assertError(await api.fetch("/api/v1/runs/best?metric=nosuch&experiment=big"), 404, "not_found", 'experiment "big"', '"nosuch"');
    });

    it("compares runs side by side", async () => {
      const c = await api.json(`/api/v1/runs/compare?runs=${runs[3]},${runs[4].slice(0, 12)}`);
      assert.deepEqual(
        c.runs.map((r: any) => r.id),
        [runs[3], runs[4]],
      );
      assert.deepEqual(c.params.rows, [3, 4]);
      assert.ok(c.different.includes("params.rows"));
      assert.deepEqual(c.metrics["fit-b.score"], [0.6, 0.8], "each task's metric a row of its own");
      assert.equal(c.metrics["fit-a.score"].length, 2);
      await assertError(await api.fetch(`/api/v1/runs/compare?runs=${runs[3]}`), 400, "invalid_request", "runs");
      await assertError(await api.fetch(`/api/v1/runs/compare?runs=${runs[3]},nosuchrun`), 404, "not_found", '"nosuchrun"');
    });

    it("gives a run's tags, context, details and metric history", async () => {
      const id = runs[5];
      assert.deepEqual(await api.json(`/api/v1/runs/${id}/tags`), { team: "odd" });
      const { context } = await api.json(`/api/v1/runs/${id}/context`);
      assert.equal(context.environment.node, process.version);
      const details = await api.json(`/api/v1/runs/${id}/details`);
      assert.equal(details.run.id, id);
      assert.deepEqual(
        details.tasks.map((t: any) => t.name),
        ["make-data", "fit-a", "fit-b"],
      );
      assert.deepEqual(Object.keys(details.metrics).sort(), ["fit-a", "fit-b"]);
      assert.deepEqual(details.tags, { team: "odd" });
      assert.deepEqual(details.context, context);
      const history = await api.json(`/api/v1/runs/${id}/metrics?name=loss`);
      assert.deepEqual(
        // The two fits run at once: either may log first.
        history.items.map((p: any) => [p.name, p.task, p.step]).sort(),
        [
          ["loss", "fit-a", 1],
          ["loss", "fit-b", 1],
        ],
      );
      const task = details.tasks[1];
      assert.deepEqual(await api.json(`/api/v1/tasks/${task.id}`), task);
      await assertError(await api.fetch("/api/v1/tasks/nosuchtask"), 404, "not_found", '"nosuchtask"');
      for (const tail of ["tags", "context", "details", "metrics/latest"]) {
        await assertError(await api.fetch(`/api/v1/runs/nosuchrun/${tail}`), 404, "not_found", '"nosuchrun"');
      }
    });

    it("finds artifacts by a digest prefix", async () => {
      const [use] = (await api.json(`/api/v1/runs/${runs[3]}/artifacts`)).items;
      const prefix = use.artifact.digest.slice(0, "sha256:".length + 8);
      const found = await api.json(`/api/v1/artifacts?digest=${prefix}`);
      assert.ok(found.items.some((a: any) => a.id === use.artifact.id));
      await assertError(await api.fetch("/api/v1/artifacts?digest=ab"), 400, "invalid_request", "digest");
    });

    it("deletes a run, or says what it would delete", async () => {
      const id = runs[3];
      const dry = await api.fetch(`/api/v1/runs/${id}?dryRun=1`, { method: "DELETE" });
      assert.equal(dry.status, 200);
      const would = (await dry.json()) as any;
      assert.equal(would.dryRun, true);
      assert.equal(would.tasks, 3);
      assert.equal((await api.json(`/api/v1/runs/${id}`)).run.id, id);
      const done = (await (await api.fetch(`/api/v1/runs/${id}`, { method: "DELETE" })).json()) as any;
      assert.deepEqual({ ...done, dryRun: true }, would);
      await assertError(await api.fetch(`/api/v1/runs/${id}`), 404, "not_found");
      await assertError(await api.fetch(`/api/v1/runs/${id}`, { method: "DELETE" }), 404, "not_found");
    });
  });
}
