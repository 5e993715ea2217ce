/** Reading runs, tasks, attempts, logs, metrics, artifacts and lineage, page by page, on each store. */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import * as P from "../engine/fixtures/pipelines.ts";
import { REPO_ROOT } from "../helpers/project.ts";
import { type ApiServer, STORES, startServer } from "./harness.ts";
import { ingest } from "./fixtures.ts";

/** Every item of a paginated list, following `next` links; also checks each page's size and Link header. */
async function allPages(api: ApiServer, first: string, limit: number): Promise<{ items: any[]; pages: number }> {
  const items: any[] = [];
  let path: string | null = first;
  let pages = 0;
  while (path !== null) {
    const res = await api.fetch(path);
    const body = (await res.json()) as { items: any[]; next: string | null };
    assert.equal(res.status, 200);
    assert.ok(body.items.length <= limit, "a page holds at most `limit` items");
    assert.equal(res.headers.get("link"), body.next === null ? null : `<${body.next}>; rel="next"`);
    items.push(...body.items);
    path = body.next;
    pages += 1;
  }
  return { items, pages };
}

for (const kind of STORES) {
  describe(`API reads on ${kind}`, () => {
    let api: ApiServer;
    let runs: { id: string }[];
    before(async () => {
      api = await startServer(kind);
      runs = [];
      for (const rows of [3, 4, 5]) runs.push((await api.project.run(P.train, { rows })).run);
      // Without the cache: its iterations would otherwise reuse the train runs' fits and log nothing.
      runs.push((await api.project.run(P.fanOut, { n: 3 }, { noCache: true })).run);
    });
    after(() => api.close());

    it("lists runs newest first, a page at a time, filtered by pipeline and status", async () => {
      const { items, pages } = await allPages(api, "/api/v1/runs?limit=2", 2);
      assert.deepEqual(
        items.map((r) => r.id),
        runs.map((r) => r.id).reverse(),
      );
      assert.equal(pages, 2);
      const train = await api.json("/api/v1/runs?pipeline=train&status=succeeded");
      assert.deepEqual(
        train.items.map((r: any) => r.params.rows),
        [5, 4, 3],
      );
      assert.equal(train.next, null);
      assert.deepEqual((await api.json("/api/v1/runs?status=failed")).items, []);
      const run = train.items[0];
      assert.equal(run.status, "succeeded");
      assert.match(run.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    });

    it("shows a run with its tasks, by id or by a unique prefix", async () => {
      const id = runs[0]!.id;
      const body = await api.json(`/api/v1/runs/${id.slice(0, 10)}`);
      assert.equal(body.run.id, id);
      assert.deepEqual(
        body.tasks.map((t: any) => [t.name, t.status]),
        [
          ["make-data", "succeeded"],
          ["fit-a", "succeeded"],
          ["fit-b", "succeeded"],
        ],
      );
    });

    it("pages through a run's tasks and attempts, and shows one task with its attempts", async () => {
      const run = runs[3]!.id;
      const all = await api.json(`/api/v1/runs/${run}`);
      const { items, pages } = await allPages(api, `/api/v1/runs/${run}/tasks?limit=2`, 2);
      assert.deepEqual(
        items.map((t) => t.name),
        all.tasks.map((t: any) => t.name),
      );
      assert.ok(items.some((t) => t.name === "fit-model[2]"), "loop iterations are tasks too");
      assert.equal(pages, Math.ceil(items.length / 2));
      const attempts = await allPages(api, `/api/v1/runs/${run}/attempts?limit=3`, 3);
      assert.equal(attempts.items.length, items.filter((t) => t.attempts > 0).length);
      assert.ok(attempts.items.every((a) => a.number === 1 && a.status === "succeeded" && typeof a.task === "string"));
      const task = await api.json(`/api/v1/runs/${run}/tasks/${encodeURIComponent("fit-model[1]")}`);
      assert.equal(task.task.name, "fit-model[1]");
      assert.equal(task.attempts.length, 1);
      assert.deepEqual((await api.json(`/api/v1/runs/${run}/tasks/${task.task.id}/attempts`)).items, task.attempts);
    });

    it("gives a run's log lines and one task's, page by page", async () => {
      const run = runs[3]!.id;
      const { items } = await allPages(api, `/api/v1/runs/${run}/logs?limit=2`, 2);
      assert.deepEqual(items.map((l) => l.message).sort(), ["fitted on 4 rows", "fitted on 4 rows", "fitted on 4 rows"]);
      assert.ok(items.every((l, i) => i === 0 || l.id > items[i - 1].id), "in the order they were stored");
      const one = await api.json(`/api/v1/runs/${run}/tasks/${encodeURIComponent("fit-model[0]")}/logs`);
      assert.deepEqual(
        one.items.map((l: any) => [l.task, l.attempt, l.level, l.stream, l.message]),
        [["fit-model[0]", 1, "info", "log", "fitted on 4 rows"]],
      );
      assert.deepEqual((await api.json(`/api/v1/runs/${run}/logs?after=${items.at(-1).id}`)).items, []);
    });

    it("gives the full history of a run's metrics, by name and by task, page by page", async () => {
      const run = runs[0]!.id;
      const { items } = await allPages(api, `/api/v1/runs/${run}/metrics?limit=3`, 3);
      // fit-a and fit-b run at once, so only each task's own points keep a known order.
      assert.deepEqual(
        items.filter((m) => m.task === "fit-a").map((m) => [m.name, m.value, m.step]),
        [
          ["score", 0.3, null],
          ["loss", 1 / 1.3, 1],
        ],
      );
      assert.deepEqual(
        items.filter((m) => m.task === "fit-b").map((m) => [m.name, m.value, m.step]),
        [
          ["score", 0.6, null],
          ["loss", 1 / 1.6, 1],
        ],
      );
      assert.equal(items.length, 4);
      const losses = await api.json(`/api/v1/runs/${run}/metrics?name=loss&task=fit-b`);
      assert.deepEqual(
        losses.items.map((m: any) => [m.task, m.value]),
        [["fit-b", 1 / 1.6]],
      );
    });

    it("lists a run's artifacts, shows one, and downloads its content checked against its digest", async () => {
      const run = runs[2]!.id;
      const { items } = await allPages(api, `/api/v1/runs/${run}/artifacts?limit=2`, 2);
      assert.deepEqual(
        items.map((u) => `${u.task} ${u.kind} ${u.name} ${u.artifact.type}`).sort(),
        [
          "fit-a input data Dataset",
          "fit-a output metrics Metrics",
          "fit-a output model Model",
          "fit-b input data Dataset",
          "fit-b output metrics Metrics",
          "fit-b output model Model",
          "make-data output data Dataset",
        ],
      );
      const dataset = items.find((u) => u.kind === "output" && u.name === "data").artifact;
      assert.equal(dataset.uri, undefined, "the server's file paths are not shown");
      assert.deepEqual(await api.json(`/api/v1/artifacts/${dataset.id}`), dataset);
      assert.deepEqual(await api.json(`/api/v1/artifacts/${dataset.digest}`), dataset);
      const res = await api.fetch(`/api/v1/artifacts/${dataset.id}/content`);
      assert.equal(res.status, 200);
      const bytes = Buffer.from(await res.arrayBuffer());
      assert.equal(`sha256:${createHash("sha256").update(bytes).digest("hex")}`, dataset.digest);
      assert.equal(bytes.toString(), "x,y\n0,0\n1,2\n2,4\n3,6\n4,8\n");
      assert.equal(res.headers.get("content-type"), "text/csv");
      assert.equal(res.headers.get("content-length"), String(dataset.size));
      assert.equal(res.headers.get("etag"), `"${dataset.digest}"`);
      assert.equal(res.headers.get("repr-digest"), `sha-256=:${createHash("sha256").update(bytes).digest("base64")}:`);
    });

    it("previews the first rows of a CSV dataset", async () => {
      const uses = await api.json(`/api/v1/runs/${runs[2]!.id}/artifacts`);
      const dataset = uses.items.find((u: any) => u.kind === "output" && u.name === "data").artifact;
      const preview = await api.json(`/api/v1/artifacts/${dataset.id}/preview?rows=2`);
      assert.deepEqual(preview, {
        artifact: dataset.id,
        format: "csv",
        columns: [
          { name: "x", type: "BIGINT" },
          { name: "y", type: "BIGINT" },
        ],
        offset: 0,
        rows: [
          [0, 0],
          [1, 2],
        ],
        truncated: true,
      });
      const whole = await api.json(`/api/v1/artifacts/${dataset.id}/preview`);
      assert.equal(whole.rows.length, 5);
      assert.equal(whole.truncated, false);
      const page = await api.json(`/api/v1/artifacts/${dataset.id}/preview?rows=2&offset=2`);
      assert.deepEqual([page.offset, page.rows, page.truncated], [2, [[2, 4], [3, 6]], true]);
      const last = await api.json(`/api/v1/artifacts/${dataset.id}/preview?rows=2&offset=4`);
      assert.deepEqual([last.rows, last.truncated], [[[4, 8]], false]);
    });

    it("profiles a CSV dataset, and refuses a profile of what is not one", async () => {
      const uses = await api.json(`/api/v1/runs/${runs[2]!.id}/artifacts`);
      const dataset = uses.items.find((u: any) => u.kind === "output" && u.name === "data").artifact;
      const profile = await api.json(`/api/v1/artifacts/${dataset.id}/profile`);
      assert.equal(profile.rowCount, 5);
      const y = profile.columns.find((c: any) => c.name === "y");
      assert.deepEqual([y.type, y.count, y.missing, y.distinct], ["number", 5, 0, 5]);
      assert.deepEqual([y.numeric.min, y.numeric.max, y.numeric.mean, y.numeric.quantiles.p50], [0, 8, 4, 4]);
      // The first run's fit-a and fit-b make Models.
      const model = (await api.json(`/api/v1/runs/${runs[0]!.id}/artifacts`)).items.find((u: any) => u.artifact.type === "Model").artifact;
      const refused = await api.fetch(`/api/v1/artifacts/${model.id}/profile`);
      assert.equal(refused.status, 400);
      assert.match(((await refused.json()) as { message: string }).message, /has no profile/);
    });

    it("previews the first rows of a Parquet dataset", async () => {
      const { run, tasks: ingested } = await api.project.run(ingest, { path: join(REPO_ROOT, "data/iris.csv") });
      assert.equal(run.status, "succeeded", run.error ?? "");
      const [output] = (await api.project.store.taskLineage(ingested["ingest-csv"]!.id)).filter((e) => e.kind === "output");
      assert.equal(output?.artifact.mediaType, "application/vnd.apache.parquet");
      const preview = await api.json(`/api/v1/artifacts/${output!.artifact.id}/preview?rows=3`);
      assert.equal(preview.format, "parquet");
      assert.equal(preview.rows.length, 3);
      assert.equal(preview.truncated, true);
      assert.deepEqual(
        preview.columns.map((c: any) => c.name),
        ["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)", "target"],
      );
      assert.deepEqual(preview.rows[0], [5.1, 3.5, 1.4, 0.2, 0]);
    });

    it("shows the lineage of a run and of an artifact", async () => {
      const run = runs[0]!.id;
      const graph = await api.json(`/api/v1/runs/${run}/lineage`);
      const names = new Map(graph.nodes.map((n: any) => [n.id, n.kind === "task" ? n.name : n.type]));
      const edges = graph.edges.map((e: any) => `${names.get(e.from)} -${e.kind}:${e.name}-> ${names.get(e.to)}`).sort();
      assert.ok(edges.includes("make-data -output:data-> Dataset"), edges.join("\n"));
      assert.ok(edges.includes("Dataset -input:data-> fit-a"));
      assert.ok(edges.includes("fit-b -output:model-> Model"));
      const dataset = graph.nodes.find((n: any) => n.kind === "artifact" && n.type === "Dataset");
      const used = await api.json(`/api/v1/artifacts/${dataset.id}/lineage`);
      const users = used.edges.filter((e: any) => e.kind === "input").map((e: any) => used.nodes.find((n: any) => n.id === e.to));
      assert.deepEqual(users.map((t: any) => `${t.runId} ${t.name}`).sort(), [`${run} fit-a`, `${run} fit-b`]);
    });
  });
}
