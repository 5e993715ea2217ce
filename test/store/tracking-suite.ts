/** Experiments, tags, params, run context, latest metrics and run search: the same tests on each backend. */
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import type { RunContext } from "../../src/store/tracking-types.ts";
import type { MetadataStore, RunRecord } from "../../src/store/types.ts";
import { conveyorError } from "./expect-conveyor-error.ts";
import { schemaSql } from "./schema-sql.ts";
import { newRun, type StoreHarness, TASKS } from "./store-suite.ts";

const CONTEXT: RunContext = {
  code: { commit: "3f2a9c41d0e7", branch: "main", dirty: true },
  environment: { node: "v20.11.0", platform: "linux", arch: "x64", conveyor: "0.1.0", packages: { kysely: "0.28.1" } },
};

export function trackingSuite(backend: string, harness: StoreHarness): void {
  async function withStore(body: (store: MetadataStore) => Promise<void>): Promise<void> {
    const store = await (await harness.fresh()).open();
    try {
      await body(store);
    } finally {
      await store.close();
    }
  }

  /** A run of `pipeline` with these params, tags and latest metrics (each logged once). */
  async function runWith(
    store: MetadataStore,
    spec: { pipeline?: string; experiment?: string; params?: Record<string, number | string>; tags?: Record<string, string>; metrics?: Record<string, number> },
  ): Promise<RunRecord> {
    const base = newRun(spec.pipeline ?? "churn");
    const run = await store.createRun({ ...base, params: spec.params ?? {}, tags: spec.tags, experiment: spec.experiment }, TASKS);
    const time = new Date();
    const points = Object.entries(spec.metrics ?? {}).map(([name, value]) => ({ runId: run.id, taskId: null, name, value, step: null, time }));
    await store.logMetrics(points);
    return run;
  }

  describe(`tracking on ${backend}`, () => {
    after(() => harness.dispose());

    describe("experiments", () => {
      it("puts a run in its pipeline's experiment unless told another, creating experiments as needed", () =>
        withStore(async (store) => {
          const a = await store.createRun(newRun("churn"), TASKS);
          const b = await store.createRun({ ...newRun("churn"), experiment: "churn-trees" }, TASKS);
          await store.createRun({ ...newRun("churn"), experiment: "churn-trees" }, TASKS);
          assert.equal(a.experiment, "churn");
          assert.equal(b.experiment, "churn-trees");
          assert.deepEqual(await store.getRun(b.id), b);

          const listed = await store.listExperiments();
          assert.deepEqual(
            listed.map((e) => [e.name, e.runs, e.description]),
            [
              ["churn", 1, null],
              ["churn-trees", 2, null],
            ],
          );
          assert.ok(listed.every((e) => e.createdAt instanceof Date && e.lastRunAt instanceof Date));
        }));

      it("lists experiments by name compared by code point, in windows after a name", () =>
        withStore(async (store) => {
          // U+FF46 sorts before U+1F600 by code point, after it by UTF-16 code unit (a surrogate, U+D83D).
          const names = ["ｆｕｌｌ", "beta", "😀 smile", "Zulu", "alpha_1", "alpha-2", "Éclair"];
          for (const name of names) await store.createExperiment(name);
          const byCodePoint = ["Zulu", "alpha-2", "alpha_1", "beta", "Éclair", "ｆｕｌｌ", "😀 smile"];
          const listed = async (window?: { limit: number; after?: string }) => (await store.listExperiments(window)).map((e) => e.name);
          assert.deepEqual(await listed(), byCodePoint);
          assert.deepEqual(await listed({ limit: 3 }), byCodePoint.slice(0, 3), "the first window");
          assert.deepEqual(await listed({ limit: 3, after: "alpha_1" }), byCodePoint.slice(3, 6), "a middle window");
          assert.deepEqual(await listed({ limit: 3, after: "ｆｕｌｌ" }), byCodePoint.slice(6), "the last window, short");
          assert.deepEqual(await listed({ limit: 3, after: "😀 smile" }), [], "past the end");
        }));

      it("creates an experiment with a description once; a second time is an error", () =>
        withStore(async (store) => {
          const made = await store.createExperiment("fraud", "card fraud, weekly retrain");
          assert.deepEqual(await store.getExperiment("fraud"), made);
          await assert.rejects(store.createExperiment("fraud"), conveyorError("exists", "fraud"));
          assert.deepEqual(await store.listExperiments(), [{ ...made, runs: 0, lastRunAt: null }]);
          assert.equal(await store.getExperiment("nope"), undefined);
        }));

      it("refuses a bad experiment name or tag, and then writes nothing", () =>
        withStore(async (store) => {
          await assert.rejects(store.createRun({ ...newRun(), experiment: " padded" }, TASKS), conveyorError("invalid_name", "padded"));
          await assert.rejects(store.createRun({ ...newRun(), tags: { "": "x" } }, TASKS), conveyorError("invalid_name", "tag"));
          await assert.rejects(store.createExperiment("a\nb"), conveyorError("invalid_name"));
          // Half a UTF-16 pair has no UTF-8 form: it was stored mangled before.
          await assert.rejects(store.createExperiment("exp\ud800"), conveyorError("invalid_name", "exp\\ud800"));
          await assert.rejects(store.createRun({ ...newRun(), tags: { team: "\udc00" } }, TASKS), conveyorError("invalid_name", "team"));
          assert.deepEqual(await store.listRuns(), []);
          assert.deepEqual(await store.listExperiments(), []);
        }));
    });

    describe("tags, params and context", () => {
      it("records tags and context with the run, and adds or replaces tags later", () =>
        withStore(async (store) => {
          const run = await store.createRun({ ...newRun(), tags: { team: "fraud", owner: "ada" }, context: CONTEXT }, TASKS);
          const plain = await store.createRun(newRun(), TASKS);
          assert.deepEqual(await store.getRunTags(run.id), { owner: "ada", team: "fraud" });
          assert.deepEqual(await store.getRunContext(run.id), CONTEXT);
          assert.equal(await store.getRunContext(plain.id), undefined);
          assert.deepEqual(await store.getRunTags(plain.id), {});

          await store.setRunTags(run.id, { team: "risk", "release note": "ünïcode ✓" });
          assert.deepEqual(await store.getRunTags(run.id), { owner: "ada", "release note": "ünïcode ✓", team: "risk" });
          await assert.rejects(store.setRunTags("nope", { a: "b" }), conveyorError("not_found", "nope"));
        }));

      it("adds params to a run; one logged again with another value is refused, and none of that call is stored", () =>
        withStore(async (store) => {
          const run = await store.createRun(newRun(), TASKS);
          await store.logParams(run.id, { lr: 0.1, layers: [64, 32] });
          await store.logParams(run.id, { lr: 0.1, trees: 100 });
          const params = { ...newRun().params, lr: 0.1, layers: [64, 32] };
          assert.deepEqual((await store.getRun(run.id))?.params, { ...params, trees: 100 });
          await assert.rejects(store.logParams(run.id, { depth: 3, lr: 0.2 }), conveyorError("param_conflict", '"lr"', "0.1", "0.2"));
          assert.deepEqual((await store.getRun(run.id))?.params, { ...params, trees: 100 });
          assert.deepEqual(await store.searchRuns({ where: "params.depth = 3" }), []);
          assert.deepEqual((await store.searchRuns({ where: "params.lr < 0.5" })).map((r) => r.id), [run.id]);
          await assert.rejects(store.logParams("nope", { a: 1 }), conveyorError("not_found", "nope"));
        }));
    });

    describe("metrics", () => {
      it("keeps every point and the last one logged of each metric", () =>
        withStore(async (store) => {
          const run = await store.createRun(newRun(), TASKS);
          const time = new Date(1_700_000_000_000);
          const loss = [0.9, 0.5, 0.7].map((value, step) => ({ runId: run.id, taskId: null, name: "loss", value, step, time }));
          await store.logMetrics([...loss.slice(0, 2), { runId: run.id, taskId: null, name: "auc", value: 0.8, step: null, time }]);
          await store.logMetrics(loss.slice(2));
          assert.deepEqual(await store.metricHistory(run.id, "loss"), loss);
          assert.deepEqual(await store.metricHistory(run.id, "nope"), []);
          assert.deepEqual(await store.latestMetrics(run.id), { "(run)": { auc: 0.8, loss: 0.7 } }, "metrics logged without a task are the run's own");
          assert.deepEqual(await store.latestMetrics("nope"), {});
        }));

      it("counts a cached task's metrics, as its source task logged them, among its run's latest", () =>
        withStore(async (store) => {
          const first = await store.createRun(newRun(), TASKS);
          const [ingest, train] = await store.listTasks(first.id);
          assert.ok(ingest && train);
          const time = new Date();
          await store.logMetrics([
            { runId: first.id, taskId: train.id, name: "auc", value: 0.91, step: null, time },
            { runId: first.id, taskId: ingest.id, name: "rows", value: 100, step: null, time },
          ]);
          const second = await store.createRun(newRun(), TASKS);
          const cached = (await store.listTasks(second.id)).find((t) => t.name === "train");
          assert.ok(cached);
          await store.logMetrics([{ runId: second.id, taskId: null, name: "auc", value: 0.5, step: null, time }]);
          await store.transition(second.id, [{ taskId: cached.id, status: "cached", cachedFromTaskId: train.id }]);
          assert.deepEqual(await store.latestMetrics(second.id), { "(run)": { auc: 0.5 }, train: { auc: 0.91 } });
          assert.deepEqual(await store.listMetrics(second.id).then((m) => m.length), 1, "the history stays the source run's");
          assert.deepEqual((await store.searchRuns({ where: "metrics.train.auc > 0.9" })).map((r) => r.id), [second.id, first.id]);
        }));
    });

    describe("metrics per task", () => {
      const EVALUATIONS = [
        { name: "evaluate", node: "evaluate", iteration: null },
        { name: "evaluate-2", node: "evaluate", iteration: null },
        { name: "prep.clean", node: "prep.clean", iteration: null },
        { name: "train[0]", node: "train", iteration: 0 },
      ];

      /** Run 0 of experiment "two" evaluates two models; run 1 of experiment "one" evaluates one. */
      async function evaluated(store: MetadataStore): Promise<RunRecord[]> {
        const two = await store.createRun({ ...newRun("churn"), experiment: "two" }, EVALUATIONS);
        const one = await store.createRun({ ...newRun("churn"), experiment: "one" }, EVALUATIONS.slice(0, 1));
        const task = async (run: RunRecord, name: string) => (await store.listTasks(run.id)).find((t) => t.name === name)?.id as string;
        const point = (run: RunRecord, taskId: string, name: string, value: number) => ({ runId: run.id, taskId, name, value, step: null, time: new Date() });
        await store.logMetrics([
          point(two, await task(two, "evaluate"), "accuracy", 0.9),
          point(two, await task(two, "evaluate"), "logLoss", 0.3),
          point(two, await task(two, "prep.clean"), "rows", 120),
          point(two, await task(two, "train[0]"), "loss", 0.25),
        ]);
        // Logged last: it must not hide the first evaluation's values.
        await store.logMetrics([point(two, await task(two, "evaluate-2"), "accuracy", 0.7), point(two, await task(two, "evaluate-2"), "logLoss", 0.5)]);
        await store.logMetrics([point(one, await task(one, "evaluate"), "accuracy", 0.8)]);
        return [two, one];
      }

      it("keeps the latest value of each task's metrics, however the tasks' points interleave", () =>
        withStore(async (store) => {
          const [two] = await evaluated(store);
          assert.deepEqual(await store.latestMetrics(two?.id as string), {
            evaluate: { accuracy: 0.9, logLoss: 0.3 },
            "evaluate-2": { accuracy: 0.7, logLoss: 0.5 },
            "prep.clean": { rows: 120 },
            "train[0]": { loss: 0.25 },
          });
          const [found] = await store.searchRuns({ experiment: "two" });
          assert.deepEqual(found?.metrics, await store.latestMetrics(two?.id as string));
        }));

      it("finds and sorts runs by metrics.<task>.<name>, dots and brackets in names included", () =>
        withStore(async (store) => {
          const [two, one] = await evaluated(store);
          const ids = async (search: { where?: string; sort?: string }) => (await store.searchRuns(search)).map((r) => r.id);
          assert.deepEqual(await ids({ where: "metrics.evaluate.accuracy > 0.85" }), [two?.id]);
          assert.deepEqual(await ids({ where: "metrics.evaluate-2.accuracy < 0.75" }), [two?.id]);
          assert.deepEqual(await ids({ sort: "metrics.evaluate.accuracy" }), [one?.id, two?.id]);
          assert.deepEqual(await ids({ sort: "-metrics.evaluate-2.logLoss" }), [two?.id, one?.id], "a run without the metric sorts last");
          assert.deepEqual(await ids({ where: "metrics.prep.clean.rows = 120 and metrics.rows = 120" }), [two?.id]);
          assert.deepEqual(await ids({ where: "metrics.`train[0].loss` < 0.3 and metrics.loss < 0.3" }), [two?.id]);
        }));

      it("takes a bare metrics.<name> only where one task of each run searched logged it, else lists the candidates", () =>
        withStore(async (store) => {
          const [two, one] = await evaluated(store);
          const ambiguous = conveyorError("ambiguous_metric", "metrics.accuracy", "metrics.evaluate.accuracy", "metrics.evaluate-2.accuracy");
          await assert.rejects(store.searchRuns({ where: "metrics.accuracy > 0.5" }), ambiguous);
          await assert.rejects(store.searchRuns({ sort: "-metrics.accuracy" }), ambiguous);
          await assert.rejects(store.countRuns({ where: "metrics.accuracy > 0.5" }), ambiguous);
          await assert.rejects(store.searchRuns({ where: "status = 'pending' and metrics.accuracy > 0.5" }), ambiguous, "the filter does not narrow the check");
          assert.deepEqual((await store.searchRuns({ experiment: "one", where: "metrics.accuracy > 0.5" })).map((r) => r.id), [one?.id]);
          assert.deepEqual((await store.searchRuns({ experiment: "two", where: "metrics.evaluate.accuracy > 0.5" })).map((r) => r.id), [two?.id]);
        }));

      it("gives a cached task the latest values its source holds, through a chain of cache hits, under its own name", () =>
        withStore(async (store) => {
          const fit = [{ name: "fit", node: "fit", iteration: null }];
          const first = await store.createRun(newRun(), fit);
          const [source] = await store.listTasks(first.id);
          await store.logMetrics([{ runId: first.id, taskId: source?.id as string, name: "auc", value: 0.91, step: null, time: new Date() }]);
          const second = await store.createRun(newRun(), fit);
          const [hit] = await store.listTasks(second.id);
          await store.transition(second.id, [{ taskId: hit?.id as string, status: "cached", cachedFromTaskId: source?.id as string }]);
          const third = await store.createRun(newRun(), [{ name: "refit", node: "fit", iteration: null }]);
          const [again] = await store.listTasks(third.id);
          await store.transition(third.id, [{ taskId: again?.id as string, status: "cached", cachedFromTaskId: hit?.id as string }]);
          assert.deepEqual(await store.latestMetrics(second.id), { fit: { auc: 0.91 } });
          assert.deepEqual(await store.latestMetrics(third.id), { refit: { auc: 0.91 } });
        }));
    });

    describe("search", () => {
      /** Five runs, oldest first: r[0] .. r[4]. */
      async function fixture(store: MetadataStore): Promise<RunRecord[]> {
        return [
          await runWith(store, { params: { trees: 50, label: "a" }, tags: { team: "x" }, metrics: { auc: 0.95, loss: 0.2 } }),
          await runWith(store, { params: { trees: 150, label: "b" }, tags: { team: "x" }, metrics: { auc: 0.93 } }),
          await runWith(store, { params: { trees: 200, label: "c" }, tags: { team: "y" }, metrics: { auc: 0.97 } }),
          await runWith(store, { params: { trees: 100, label: "d" }, tags: { team: "x" }, metrics: { auc: 0.85 }, experiment: "other" }),
          await runWith(store, { pipeline: "fraud", params: { trees: 300, label: "e" } }),
        ];
      }

      it("filters by metrics, params, tags and attributes, as the issue's example does", () =>
        withStore(async (store) => {
          const r = await fixture(store);
          await store.updateRun(r[1]?.id as string, { status: "succeeded" });
          const ids = async (where: string) => (await store.searchRuns({ where })).map((x) => r.findIndex((y) => y.id === x.id));
          assert.deepEqual(await ids('metrics.auc > 0.9 and params.trees >= 100 and tags.team = "x" and status = "succeeded"'), [1]);
          assert.deepEqual(await ids("metrics.auc > 0.9"), [2, 1, 0]);
          assert.deepEqual(await ids("metrics.auc != 0.95"), [3, 2, 1], "a run without the metric matches no comparison on it");
          assert.deepEqual(await ids("params.trees >= 150"), [4, 2, 1]);
          assert.deepEqual(await ids('params.label = "c" or params.label = "a"'), [2, 0]);
          assert.deepEqual(await ids('params.trees = "100"'), [3], "quoted text compares with a value's text");
          assert.deepEqual(await ids('tags.team != "x"'), [2]);
          assert.deepEqual(await ids('(tags.team = "y" or metrics.auc < 0.9) and experiment = "other"'), [3]);
          assert.deepEqual(await ids('pipeline = "fraud"'), [4]);
          assert.deepEqual(await ids('status = "pending" and trigger = "cli"'), [4, 3, 2, 0]);
          assert.deepEqual(await ids(`id = "${r[3]?.id}"`), [3]);
          const since = r[3]?.createdAt.getTime() as number;
          const expected = [4, 3, 2, 1, 0].filter((i) => (r[i]?.createdAt.getTime() as number) >= since);
          assert.deepEqual(await ids(`created >= ${since}`), expected);
          assert.deepEqual(await ids('created < "2000-01-01"'), []);
          assert.deepEqual(await ids("metrics.nope > 0"), []);
        }));

      it("combines the filter with experiment, pipeline and status options, and counts", () =>
        withStore(async (store) => {
          const r = await fixture(store);
          const found = await store.searchRuns({ experiment: "churn", where: "params.trees > 60" });
          assert.deepEqual(found.map((x) => x.id), [r[2]?.id, r[1]?.id]);
          assert.equal(await store.countRuns({ experiment: "churn", where: "params.trees > 60" }), 2);
          assert.equal(await store.countRuns({ pipelineName: "churn" }), 4);
          assert.equal(await store.countRuns({ status: "failed" }), 0);
          assert.equal(await store.countRuns({}), 5);
        }));

      it("sorts by metrics, params and attributes, missing values last, newest first on ties; pages", () =>
        withStore(async (store) => {
          const r = await fixture(store);
          const order = async (sort: string, extra: { limit?: number; offset?: number } = {}) =>
            (await store.searchRuns({ sort, ...extra })).map((x) => r.findIndex((y) => y.id === x.id));
          assert.deepEqual(await order("-metrics.auc"), [2, 0, 1, 3, 4]);
          assert.deepEqual(await order("metrics.auc"), [3, 1, 0, 2, 4]);
          assert.deepEqual(await order("-metrics.loss"), [0, 4, 3, 2, 1]);
          assert.deepEqual(await order("params.trees"), [0, 3, 1, 2, 4]);
          assert.deepEqual(await order("-params.label"), [4, 3, 2, 1, 0]);
          assert.deepEqual(await order("tags.team,-created"), [3, 1, 0, 2, 4]);
          const byCreated = (await store.searchRuns({ sort: "created" })).map((x) => x.createdAt.getTime());
          assert.deepEqual(byCreated, [...byCreated].sort((a, b) => a - b));
          assert.deepEqual(await order(""), [4, 3, 2, 1, 0]);
          assert.deepEqual(await order("-metrics.auc", { limit: 2 }), [2, 0]);
          assert.deepEqual(await order("-metrics.auc", { limit: 2, offset: 2 }), [1, 3]);
          assert.deepEqual(await order("-metrics.auc", { offset: 3 }), [3, 4]);
        }));

      it("returns each run with its tags and latest metrics", () =>
        withStore(async (store) => {
          const r = await fixture(store);
          const [top] = await store.searchRuns({ sort: "-metrics.auc", limit: 1 });
          assert.deepEqual(top, { ...(await store.getRun(r[2]?.id as string)), tags: { team: "y" }, metrics: { "(run)": { auc: 0.97 } } });
        }));

      it("returns tags and latest metrics of every run when there are more than a page, with and without a filter", () =>
        withStore(async (store) => {
          const points = [];
          for (let i = 0; i < 520; i++) {
            const run = await store.createRun({ ...newRun("churn"), params: { i }, tags: { parity: i % 2 === 0 ? "even" : "odd" } }, []);
            points.push({ runId: run.id, taskId: null, name: "auc", value: i / 1000, step: null, time: new Date() });
          }
          await store.logMetrics(points);
          const other = await store.createRun({ ...newRun("fraud"), tags: { parity: "none" } }, []);

          const all = await store.searchRuns({});
          assert.equal(all.length, 521);
          assert.deepEqual(all[0], { ...other, tags: { parity: "none" }, metrics: {} });
          assert.ok(all.slice(1).every((r) => r.metrics["(run)"]?.auc === Number(r.params.i) / 1000 && r.tags.parity === (Number(r.params.i) % 2 === 0 ? "even" : "odd")));

          const even = await store.searchRuns({ where: "tags.parity = 'even'" });
          assert.equal(even.length, 260);
          assert.ok(even.every((r) => r.tags.parity === "even" && r.metrics["(run)"]?.auc === Number(r.params.i) / 1000));
        }));

      it("refuses a malformed filter or sort with the column of the mistake", () =>
        withStore(async (store) => {
          await fixture(store);
          await assert.rejects(store.searchRuns({ where: "metrics.auc >> 1" }), conveyorError("invalid_filter", "column 14"));
          await assert.rejects(store.searchRuns({ sort: "-metrics.auc;" }), conveyorError("invalid_sort", "column 13"));
          await assert.rejects(store.countRuns({ where: "auc > 1" }), conveyorError("invalid_filter", "column 1"));
        }));
    });

    describe("upgrading", () => {
      it("moves a version 4 store's latest metrics to the tasks that logged them", async () => {
        const place = await harness.fresh();
        const run = (id: string, experiment: string) =>
          `insert into runs (id, pipeline_digest, pipeline_name, status, params, options, trigger, created_at, experiment)
            values ('${id}', 'sha256:p', 'churn', 'succeeded', '{}', '{}', 'cli', 10, '${experiment}')`;
        const task = (id: string, runId: string, name: string, status = "succeeded", source = "null") =>
          `insert into tasks (id, run_id, name, node, status, created_at, cached_from_task_id) values ('${id}', '${runId}', '${name}', '${name}', '${status}', 10, ${source})`;
        // Ids left to the database (a Postgres sequence does not count given ones), in the order logged.
        const metric = (runId: string, taskId: string, name: string, value: number, time: number) =>
          `insert into metrics (run_id, task_id, name, value, step, time) values ('${runId}', ${taskId}, '${name}', ${value}, null, ${time})`;
        await place.exec(
          [
            await schemaSql(harness.backend, 4),
            "insert into pipelines values ('sha256:p', 'churn', '{}', 1)",
            "insert into experiments values ('churn', null, 1)",
            "insert into experiments values ('solo', null, 1)",
            run("run000000001", "churn"),
            task("tsk000000001", "run000000001", "evaluate"),
            task("tsk000000002", "run000000001", "evaluate-2"),
            metric("run000000001", "'tsk000000001'", "accuracy", 0.9, 1),
            metric("run000000001", "'tsk000000002'", "accuracy", 0.7, 2),
            metric("run000000001", "null", "wall", 12, 3),
            // v4 kept one latest value per run and name: whichever task wrote last.
            "insert into run_latest_metrics values ('run000000001', 'accuracy', 0.7, null, 2)",
            "insert into run_latest_metrics values ('run000000001', 'wall', 12, null, 3)",
            run("run000000002", "churn"),
            task("tsk000000003", "run000000002", "evaluate", "cached", "'tsk000000001'"),
            "insert into run_latest_metrics values ('run000000002', 'accuracy', 0.9, null, 1)",
            // A cache hit whose source run was deleted: its values live only in run_latest_metrics.
            run("run000000003", "solo"),
            task("tsk000000004", "run000000003", "evaluate", "cached"),
            "insert into run_latest_metrics values ('run000000003', 'accuracy', 0.8, null, 1)",
          ].join(";\n"),
        );
        const store = await place.open();
        try {
          assert.deepEqual(await store.latestMetrics("run000000001"), {
            "(run)": { wall: 12 },
            evaluate: { accuracy: 0.9 },
            "evaluate-2": { accuracy: 0.7 },
          });
          assert.deepEqual(await store.latestMetrics("run000000002"), { evaluate: { accuracy: 0.9 } });
          assert.deepEqual(await store.latestMetrics("run000000003"), { evaluate: { accuracy: 0.8 } });
          const ids = async (where: string) => (await store.searchRuns({ where })).map((r) => r.id);
          assert.deepEqual(await ids("metrics.evaluate.accuracy > 0.85"), ["run000000002", "run000000001"]);
          await assert.rejects(ids("metrics.accuracy > 0"), conveyorError("ambiguous_metric", "metrics.evaluate-2.accuracy"));
          const [fresh] = await store.listTasks((await store.createRun(newRun(), TASKS)).id);
          await store.logMetrics([{ runId: fresh?.runId as string, taskId: fresh?.id as string, name: "accuracy", value: 0.5, step: null, time: new Date() }]);
          assert.deepEqual(await store.latestMetrics(fresh?.runId as string), { ingest: { accuracy: 0.5 } });
        } finally {
          await store.close();
        }
      });

      it("brings a version 1 store's runs into experiments, with searchable params and latest metrics", async () => {
        const place = await harness.fresh();
        await place.exec(
          `${await schemaSql(harness.backend, 1)};
          insert into pipelines values ('sha256:p', 'churn', '{}', 1);
          insert into pipelines values ('sha256:q', 'fraud', '{}', 2);
          insert into runs (id, pipeline_digest, pipeline_name, status, params, options, trigger, created_at)
            values ('run000000001', 'sha256:p', 'churn', 'succeeded', '{"trees":100,"label":"x"}', '{}', 'cli', 10);
          insert into runs (id, pipeline_digest, pipeline_name, status, params, options, trigger, created_at)
            values ('run000000002', 'sha256:q', 'fraud', 'failed', '{"trees":20}', '{}', 'cli', 20);
          insert into metrics (run_id, task_id, name, value, step, time) values ('run000000001', null, 'auc', 0.8, 1, 10);
          insert into metrics (run_id, task_id, name, value, step, time) values ('run000000001', null, 'auc', 0.9, 2, 11);
          insert into metrics (run_id, task_id, name, value, step, time) values ('run000000002', null, 'auc', 0.7, 1, 20)`,
        );
        const store = await place.open();
        try {
          assert.deepEqual(
            (await store.listExperiments()).map((e) => [e.name, e.runs, e.createdAt.getTime()]),
            [
              ["churn", 1, 10],
              ["fraud", 1, 20],
            ],
          );
          assert.equal((await store.getRun("run000000002"))?.experiment, "fraud");
          assert.deepEqual(await store.latestMetrics("run000000001"), { "(run)": { auc: 0.9 } });
          const found = await store.searchRuns({ where: 'metrics.auc > 0.85 and params.trees >= 100 and params.label = "x"' });
          assert.deepEqual(found.map((r) => r.id), ["run000000001"]);
          assert.equal((await store.createRun(newRun("churn"), TASKS)).experiment, "churn");
        } finally {
          await store.close();
        }
      });
    });
  });
}
