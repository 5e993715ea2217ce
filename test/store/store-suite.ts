import assert from "node:assert/strict";
import { setImmediate } from "node:timers/promises";
import { after, describe, it } from "node:test";
import type { LogLine, MetadataStore, NewRun, NewTask, RunRecord } from "../../src/store/types.ts";
import { conveyorError } from "./expect-conveyor-error.ts";
import { schemaSql } from "./schema-sql.ts";

/** One place a store can live (a SQLite file, a Postgres schema), empty until first opened. */
export interface StorePlace {
  /** What the store's `location` and its error messages call this place. */
  readonly location: string;
  open(): Promise<MetadataStore>;
  /** Runs SQL there without Conveyor, to plant someone else's tables or a newer schema version. */
  exec(sql: string): Promise<void>;
  /** Everything stored there, to show that a refused open changed nothing. */
  fingerprint(): Promise<string>;
}

export interface StoreHarness {
  /** Which SQL the places speak, for tests that write a schema by hand. */
  backend: "sqlite" | "postgres";
  fresh(): Promise<StorePlace>;
  /** Removes every place `fresh` made. */
  dispose(): Promise<void>;
}

export const OPTIONS = { concurrency: 2, noCache: false, failFast: true };
export const TASKS: NewTask[] = [
  { name: "ingest", node: "ingest", iteration: null },
  { name: "train", node: "train", iteration: null },
];

export function newRun(pipelineName = "churn", trigger = "cli"): NewRun {
  return {
    pipeline: { digest: `sha256:${pipelineName}`, name: pipelineName, ir: { version: 1, tasks: ["ingest", "train"] } },
    params: { trees: 100, label: "churned", nested: { list: [1.5, null, true, "x"] } },
    options: OPTIONS,
    trigger,
  };
}

export function storeSuite(backend: string, harness: StoreHarness): void {
  /** Opens a store in a fresh place, hands it to `body`, and closes it whatever happens. */
  async function withStore(body: (store: MetadataStore) => Promise<void>): Promise<void> {
    const store = await (await harness.fresh()).open();
    try {
      await body(store);
    } finally {
      await store.close();
    }
  }

  async function taskOf(store: MetadataStore, run: RunRecord, name: string) {
    const task = (await store.listTasks(run.id)).find((t) => t.name === name);
    assert.ok(task, `run ${run.id} has a task ${name}`);
    return task;
  }

  describe(`MetadataStore on ${backend}`, () => {
    after(() => harness.dispose());

    describe("opening", () => {
      it("creates an empty store that closes idempotently, and a reopened store keeps its data", async () => {
        const place = await harness.fresh();
        const first = await place.open();
        assert.equal(first.location, place.location);
        assert.deepEqual(await first.listRuns(), []);
        const run = await first.createRun(newRun(), TASKS);
        await first.close();
        await first.close();

        const second = await place.open();
        try {
          assert.deepEqual(await second.getRun(run.id), run);
        } finally {
          await second.close();
        }
      });

      it("lets two stores open a fresh place at once and share it", async () => {
        const place = await harness.fresh();
        const [a, b] = await Promise.all([place.open(), place.open()]);
        try {
          const run = await a.createRun(newRun(), TASKS);
          assert.deepEqual(await b.getRun(run.id), run);
        } finally {
          await Promise.all([a.close(), b.close()]);
        }
      });

      it("refuses a database holding other tables and no conveyor_meta, and leaves it untouched", async () => {
        const place = await harness.fresh();
        await place.exec("create table customers (id integer primary key, name text); insert into customers values (1, 'ada')");
        const before = await place.fingerprint();
        await assert.rejects(place.open(), conveyorError("foreign_database", place.location, "customers"));
        assert.equal(await place.fingerprint(), before);
      });

      it("refuses a conveyor_meta table without a schema version", async () => {
        const place = await harness.fresh();
        await place.exec("create table conveyor_meta (key text primary key, value text not null)");
        const before = await place.fingerprint();
        await assert.rejects(place.open(), conveyorError("foreign_database", place.location, "schema_version"));
        assert.equal(await place.fingerprint(), before);
      });

      it("refuses a database from a newer Conveyor, and leaves it untouched", async () => {
        const place = await harness.fresh();
        const store = await place.open();
        await store.createRun(newRun(), TASKS);
        await store.close();
        await place.exec("update conveyor_meta set value = '999' where key = 'schema_version'");
        const before = await place.fingerprint();
        await assert.rejects(place.open(), conveyorError("newer_schema", place.location, "999"));
        assert.equal(await place.fingerprint(), before);
      });
    });

    describe("pipelines", () => {
      it("saves a pipeline once per digest and reads it back", () =>
        withStore(async (store) => {
          const ir = { version: 1, tasks: [{ name: "a", inputs: { x: 1 } }], note: "ünïcode" };
          await store.savePipeline({ digest: "sha256:abc", name: "churn", ir });
          await store.savePipeline({ digest: "sha256:abc", name: "churn", ir });
          const saved = await store.getPipeline("sha256:abc");
          assert.ok(saved);
          assert.deepEqual({ ...saved, createdAt: undefined }, { digest: "sha256:abc", name: "churn", ir, createdAt: undefined });
          assert.ok(saved.createdAt instanceof Date);
          assert.equal(await store.getPipeline("sha256:nope"), undefined);
        }));
    });

    describe("runs", () => {
      it("creates a pending run with its pending tasks and its pipeline", () =>
        withStore(async (store) => {
          const before = Date.now();
          const run = await store.createRun(newRun("churn", "schedule"), TASKS);
          assert.match(run.id, /^[0-9a-hjkmnp-tv-z]{13}$/);
          assert.deepEqual(
            { ...run, id: undefined, createdAt: undefined },
            {
              id: undefined,
              pipelineDigest: "sha256:churn",
              pipelineName: "churn",
              experiment: "churn",
              status: "pending",
              params: newRun().params,
              options: OPTIONS,
              trigger: "schedule",
              cancelRequested: false,
              error: null,
              leaseOwner: null,
              leaseExpiresAt: null,
              leaseEpoch: 0,
              createdAt: undefined,
              startedAt: null,
              endedAt: null,
            },
          );
          assert.ok(run.createdAt.getTime() >= before && run.createdAt.getTime() <= Date.now());
          assert.deepEqual(await store.getRun(run.id), run);
          assert.deepEqual((await store.getPipeline("sha256:churn"))?.ir, newRun().pipeline.ir);

          const tasks = await store.listTasks(run.id);
          assert.deepEqual(
            tasks.map((t) => [t.name, t.node, t.iteration, t.status, t.attempts, t.runId]),
            [
              ["ingest", "ingest", null, "pending", 0, run.id],
              ["train", "train", null, "pending", 0, run.id],
            ],
          );
          assert.equal(await store.getRun("nope"), undefined);
        }));

      it("creates nothing when one of the run's tasks cannot be created", () =>
        withStore(async (store) => {
          const duplicate = [...TASKS, { name: "train", node: "train", iteration: null }];
          await assert.rejects(store.createRun(newRun("other"), duplicate));
          assert.deepEqual(await store.listRuns(), []);
          assert.equal(await store.getPipeline("sha256:other"), undefined);
        }));

      it("creates and lists more tasks, logs and metrics than one statement can carry", () =>
        withStore(async (store) => {
          const many = Array.from({ length: 1234 }, (_, i) => ({ name: `score[${i}]`, node: "score", iteration: i }));
          const run = await store.createRun(newRun(), many);
          const tasks = await store.listTasks(run.id);
          assert.deepEqual(
            tasks.map((t) => t.name),
            many.map((t) => t.name),
          );
          const attempt = await store.startAttempt(tasks[0]?.id ?? assert.fail("no tasks"), 1);
          const time = new Date();
          await store.appendLogs(
            many.map((_, i) => ({ attemptId: attempt.id, seq: i, time, level: "info", stream: "log", message: `line ${i}` })),
          );
          assert.deepEqual(
            (await store.readLogs([attempt.id])).map((l) => l.seq),
            many.map((_, i) => i),
          );
          await store.logMetrics(many.map((_, i) => ({ runId: run.id, taskId: null, name: "loss", value: 1 / (i + 1), step: i, time })));
          assert.equal((await store.listMetrics(run.id)).length, many.length);
        }));

      it("finds a run by its id or a unique prefix, in any case", () =>
        withStore(async (store) => {
          const runs = [];
          for (let i = 0; i < 3; i++) runs.push(await store.createRun(newRun(), TASKS));
          const ids = runs.map((r) => r.id);
          const [target] = runs;
          assert.ok(target);

          assert.deepEqual(await store.findRun(target.id), target);
          assert.deepEqual(await store.findRun(target.id.toUpperCase()), target);
          const unique = shortestUniquePrefix(target.id, ids);
          assert.deepEqual(await store.findRun(unique), target);
          assert.equal(await store.findRun("zzzzzzzz"), undefined);
          // Shorter than four characters: only an exact id counts.
          assert.equal(await store.findRun(target.id.slice(0, 3)), undefined);

          // Runs made a moment apart share their leading (time) characters.
          const shared = longestSharedPrefix(ids);
          assert.ok(shared.length >= 4, `ids ${ids.join(", ")} share a prefix of four or more characters`);
          const matching = ids.filter((id) => id.startsWith(shared));
          await assert.rejects(store.findRun(shared), conveyorError("ambiguous_id", shared, ...matching));
        }));

      it("lists runs newest first, filtered and paged", () =>
        withStore(async (store) => {
          const a = await store.createRun(newRun("churn"), TASKS);
          const b = await store.createRun(newRun("fraud"), TASKS);
          const c = await store.createRun(newRun("churn"), TASKS);
          await store.updateRun(b.id, { status: "running" });

          const ids = async (filter?: Parameters<MetadataStore["listRuns"]>[0]) =>
            (await store.listRuns(filter)).map((r) => r.id);
          assert.deepEqual(await ids(), [c.id, b.id, a.id]);
          assert.deepEqual(await ids({ pipelineName: "churn" }), [c.id, a.id]);
          assert.deepEqual(await ids({ status: "running" }), [b.id]);
          assert.deepEqual(await ids({ status: "pending", pipelineName: "churn" }), [c.id, a.id]);
          assert.deepEqual(await ids({ limit: 2 }), [c.id, b.id]);
          assert.deepEqual(await ids({ limit: 2, before: b.id }), [a.id]);
          assert.deepEqual(await ids({ pipelineName: "none" }), []);
        }));

      it("updates a run and returns it; an unknown run is a not_found error", () =>
        withStore(async (store) => {
          const run = await store.createRun(newRun(), TASKS);
          const startedAt = new Date(Date.now() - 5000);
          const endedAt = new Date();
          const updated = await store.updateRun(run.id, {
            status: "failed",
            error: "task train failed",
            startedAt,
            endedAt,
            cancelRequested: true,
          });
          assert.deepEqual(updated, { ...run, status: "failed", error: "task train failed", startedAt, endedAt, cancelRequested: true });
          assert.deepEqual(await store.getRun(run.id), updated);
          assert.deepEqual(await store.updateRun(run.id, {}), updated);
          assert.deepEqual(await store.updateRun(run.id, { error: null, endedAt: null }), { ...updated, error: null, endedAt: null });
          await assert.rejects(store.updateRun("nope", { status: "running" }), conveyorError("not_found", "nope", store.location));
        }));
    });

    describe("leases", () => {
      const soon = () => new Date(Date.now() + 60_000);

      it("goes to the first owner, who can renew it; others are refused until it is released", () =>
        withStore(async (store) => {
          const run = await store.createRun(newRun(), TASKS);
          const until = soon();
          const taken = await store.acquireLease(run.id, "host-a:1", until);
          assert.deepEqual(taken, await store.getRun(run.id), "the run is returned as it is once taken");
          assert.deepEqual([taken?.leaseOwner, taken?.leaseExpiresAt, taken?.status], ["host-a:1", until, "pending"]);
          const lease = { owner: "host-a:1", epoch: taken?.leaseEpoch as number };
          assert.equal(lease.epoch, 1, "taking the lease bumps its epoch");
          const later = new Date(until.getTime() + 30_000);
          assert.deepEqual((await store.renewLease(run.id, lease, later)).leaseExpiresAt, later);
          assert.deepEqual((await store.getRun(run.id))?.leaseExpiresAt, later);

          assert.equal(await store.acquireLease(run.id, "host-b:2", soon()), undefined);
          assert.equal(await store.acquireLease(run.id, "host-a:1", soon()), undefined, "a held lease is not taken again, even by its owner");
          assert.equal((await store.getRun(run.id))?.leaseOwner, "host-a:1");

          await store.releaseLease(run.id, { owner: "host-b:2", epoch: 1 });
          await store.releaseLease(run.id, { owner: "host-a:1", epoch: 0 });
          assert.equal((await store.getRun(run.id))?.leaseOwner, "host-a:1", "only the holder releases, with the epoch it took");
          await store.releaseLease(run.id, lease);
          const released = await store.getRun(run.id);
          assert.deepEqual([released?.leaseOwner, released?.leaseExpiresAt], [null, null]);
          assert.deepEqual(
            [(await store.acquireLease(run.id, "host-b:2", soon()))?.leaseOwner, (await store.getRun(run.id))?.leaseEpoch],
            ["host-b:2", 2],
          );
          await assert.rejects(store.renewLease(run.id, lease, soon()), conveyorError("lease_lost", run.id, "host-b:2"));
        }));

      it("fences transitions: a driver whose lease was taken over writes nothing, and is told so", () =>
        withStore(async (store) => {
          const run = await store.createRun(newRun(), TASKS);
          const ingest = await taskOf(store, run, "ingest");
          const first = await store.acquireLease(run.id, "host-a:1", new Date(Date.now() - 1));
          const a = { owner: "host-a:1", epoch: first?.leaseEpoch as number };
          const { attempts } = await store.transition(run.id, [{ taskId: ingest.id, status: "running", attempts: 1 }], { status: "running" }, { startAttempts: [{ taskId: ingest.id, number: 1 }] }, a);
          const [attempt] = attempts;
          // The lease expired and host-b took the run over, ending the attempt it found running.
          const second = await store.acquireLease(run.id, "host-b:2", soon());
          const b = { owner: "host-b:2", epoch: second?.leaseEpoch as number };
          await store.transition(run.id, [{ taskId: ingest.id, status: "pending" }], undefined, { finishAttempts: [{ id: attempt!.id, status: "interrupted", error: null }] }, b);
          const before = [await store.getRun(run.id), await store.listTasks(run.id), await store.listAttempts(ingest.id)];

          const lost = conveyorError("lease_lost", run.id, "host-b:2");
          await assert.rejects(
            store.transition(run.id, [{ taskId: ingest.id, status: "succeeded" }], { status: "succeeded", leaseOwner: null }, { finishAttempts: [{ id: attempt!.id, status: "succeeded", error: null }], startAttempts: [{ taskId: ingest.id, number: 2 }] }, a),
            lost,
          );
          await assert.rejects(store.addTasks(run.id, [{ name: "late", node: "late", iteration: null }], a), lost);
          await assert.rejects(store.renewLease(run.id, a, soon()), lost);
          await store.releaseLease(run.id, a);
          assert.deepEqual([await store.getRun(run.id), await store.listTasks(run.id), await store.listAttempts(ingest.id)], before);

          // The same owner taking the run again is a new epoch: its earlier drive is fenced off as well.
          await store.transition(run.id, [], { status: "failed", leaseOwner: null }, {}, b);
          const again = await store.acquireLease(run.id, "host-b:2", soon());
          assert.equal(again?.leaseEpoch, b.epoch + 1);
          await assert.rejects(store.transition(run.id, [], { status: "running" }, {}, b), conveyorError("lease_lost", run.id));
          await store.transition(run.id, [], { status: "running" }, {}, { owner: "host-b:2", epoch: b.epoch + 1 });
          assert.equal((await store.getRun(run.id))?.status, "running");
          await assert.rejects(store.transition("no-such-run", [], undefined, {}, b), conveyorError("not_found", "no-such-run"));
        }));

      it("upgrades a version 4 store: a run's lease has epoch 0 until it is taken", async () => {
        const place = await harness.fresh();
        await place.exec(
          `${await schemaSql(harness.backend, 4)};
          insert into pipelines values ('sha256:p', 'churn', '{}', 1);
          insert into runs (id, pipeline_digest, pipeline_name, status, params, options, trigger, lease_owner, lease_expires_at, created_at)
            values ('run000000001', 'sha256:p', 'churn', 'running', '{}', '{}', 'cli', 'host-a:1', 1, 10)`,
        );
        const store = await place.open();
        try {
          assert.deepEqual(
            (({ leaseOwner, leaseEpoch }) => ({ leaseOwner, leaseEpoch }))((await store.getRun("run000000001")) as RunRecord),
            { leaseOwner: "host-a:1", leaseEpoch: 0 },
          );
          await assert.rejects(store.transition("run000000001", [], { status: "failed" }, {}, { owner: "host-a:1", epoch: 1 }), conveyorError("lease_lost"));
          await store.transition("run000000001", [], { status: "failed" }, {}, { owner: "host-a:1", epoch: 0 });
          assert.equal((await store.acquireLease("run000000001", "host-b:2", soon()))?.leaseEpoch, 1);
        } finally {
          await store.close();
        }
      });

      it("can be taken over once expired", () =>
        withStore(async (store) => {
          const run = await store.createRun(newRun(), TASKS);
          assert.ok(await store.acquireLease(run.id, "host-a:1", new Date(Date.now() - 1)));
          assert.equal((await store.acquireLease(run.id, "host-b:2", soon()))?.leaseOwner, "host-b:2");
          assert.equal((await store.getRun(run.id))?.leaseOwner, "host-b:2");
        }));

      it("can be taken over from an owner known to be dead", () =>
        withStore(async (store) => {
          const run = await store.createRun(newRun(), TASKS);
          assert.ok(await store.acquireLease(run.id, "host-a:1", soon()));
          assert.equal(await store.acquireLease(run.id, "host-b:2", soon(), ["host-c:3"]), undefined);
          assert.equal((await store.acquireLease(run.id, "host-b:2", soon(), ["host-c:3", "host-a:1"]))?.leaseOwner, "host-b:2");
          assert.equal((await store.getRun(run.id))?.leaseOwner, "host-b:2");
        }));

      it("goes to exactly one of many owners racing from two connections", async () => {
        const place = await harness.fresh();
        const [a, b] = await Promise.all([place.open(), place.open()]);
        try {
          const run = await a.createRun(newRun(), TASKS);
          const owners = Array.from({ length: 12 }, (_, i) => `host:${i}`);
          const won = await Promise.all(
            owners.map(async (owner, i) => (await (i % 2 === 0 ? a : b).acquireLease(run.id, owner, soon())) !== undefined),
          );
          assert.equal(won.filter(Boolean).length, 1);
          assert.equal((await b.getRun(run.id))?.leaseOwner, owners[won.indexOf(true)]);
        } finally {
          await Promise.all([a.close(), b.close()]);
        }
      });

      it("is released by a transition that says so, whoever holds it", () =>
        withStore(async (store) => {
          const run = await store.createRun(newRun(), TASKS);
          assert.ok(await store.acquireLease(run.id, "host-a:1", soon()));
          await store.transition(run.id, [], { status: "running" });
          assert.equal((await store.getRun(run.id))?.leaseOwner, "host-a:1", "other run updates keep it");
          await store.transition(run.id, [], { status: "succeeded", endedAt: new Date(), leaseOwner: null });
          const ended = await store.getRun(run.id);
          assert.deepEqual([ended?.status, ended?.leaseOwner, ended?.leaseExpiresAt], ["succeeded", null, null]);
        }));

      it("of an unknown run is a not_found error", () =>
        withStore(async (store) => {
          await assert.rejects(store.acquireLease("nope", "host:1", soon()), conveyorError("not_found", "nope"));
        }));
    });

    describe("tasks", () => {
      it("gets tasks by id and adds loop iterations to a run", () =>
        withStore(async (store) => {
          const run = await store.createRun(newRun(), TASKS);
          const initial = await store.listTasks(run.id);
          const train = await taskOf(store, run, "train");
          assert.deepEqual(await store.getTask(train.id), train);
          assert.equal(await store.getTask("nope"), undefined);

          const added = await store.addTasks(run.id, [
            { name: "score[0]", node: "score", iteration: 0 },
            { name: "score[1]", node: "score", iteration: 1 },
          ]);
          assert.deepEqual(
            added.map((t) => [t.name, t.node, t.iteration, t.status, t.runId]),
            [
              ["score[0]", "score", 0, "pending", run.id],
              ["score[1]", "score", 1, "pending", run.id],
            ],
          );
          assert.deepEqual(await store.listTasks(run.id), [...initial, ...added]);
          assert.deepEqual(await store.listTasks(run.id, { limit: 2, offset: 1 }), [...initial, ...added].slice(1, 3), "a window, in creation order");
          assert.deepEqual(await store.listTasks(run.id, { limit: 10, offset: 3 }), added.slice(1), "the last window, short");
          assert.deepEqual(await store.addTasks(run.id, []), []);
        }));

      it("adds none of a batch when one name is already in the run", () =>
        withStore(async (store) => {
          const run = await store.createRun(newRun(), TASKS);
          await assert.rejects(
            store.addTasks(run.id, [
              { name: "score[0]", node: "score", iteration: 0 },
              { name: "train", node: "train", iteration: null },
            ]),
          );
          assert.deepEqual((await store.listTasks(run.id)).map((t) => t.name), ["ingest", "train"]);
        }));

      it("applies a transition's task and run updates together", () =>
        withStore(async (store) => {
          const run = await store.createRun(newRun(), TASKS);
          const ingest = await taskOf(store, run, "ingest");
          const train = await taskOf(store, run, "train");
          const startedAt = new Date(Date.now() - 2000);
          const endedAt = new Date();
          const notBefore = new Date(Date.now() + 10_000);
          await store.transition(
            run.id,
            [
              {
                taskId: ingest.id,
                status: "succeeded",
                cacheKey: "sha256:key1",
                cacheKeyParts: { component: "ingest@1", params: { path: "a.csv" }, inputs: [] },
                outputs: { rows: 1000, path: "a.csv", ok: true, stats: null },
                attempts: 1,
                startedAt,
                endedAt,
              },
              { taskId: train.id, status: "pending", attempts: 1, notBefore, error: "out of memory" },
            ],
            { status: "running", startedAt },
          );
          assert.deepEqual(await store.getTask(ingest.id), {
            ...ingest,
            status: "succeeded",
            cacheKey: "sha256:key1",
            cacheKeyParts: { component: "ingest@1", params: { path: "a.csv" }, inputs: [] },
            outputs: { rows: 1000, path: "a.csv", ok: true, stats: null },
            attempts: 1,
            startedAt,
            endedAt,
          });
          assert.deepEqual(await store.getTask(train.id), { ...train, attempts: 1, notBefore, error: "out of memory" });
          assert.deepEqual(await store.getRun(run.id), { ...run, status: "running", startedAt });

          await store.transition(run.id, [{ taskId: train.id, notBefore: null, error: null }]);
          assert.deepEqual(await store.getTask(train.id), { ...train, attempts: 1 });
          await store.transition(run.id, [{ taskId: train.id }]);
        }));

      it("applies nothing of a transition that fails part way", () =>
        withStore(async (store) => {
          const run = await store.createRun(newRun(), TASKS);
          const other = await store.createRun(newRun(), TASKS);
          const before = await store.listTasks(run.id);
          const [ingest] = before;
          const foreign = await taskOf(store, other, "train");
          assert.ok(ingest);

          for (const bad of ["no-such-task", foreign.id]) {
            await assert.rejects(
              store.transition(
                run.id,
                [
                  { taskId: ingest.id, status: "succeeded", outputs: { x: 1 } },
                  { taskId: bad, status: "failed" },
                ],
                { status: "failed", error: "boom" },
              ),
            );
            assert.deepEqual(await store.listTasks(run.id), before);
            assert.deepEqual(await store.getRun(run.id), run);
            assert.deepEqual(await store.getTask(foreign.id), foreign);
          }
          await assert.rejects(
            store.transition("no-such-run", [], { status: "failed" }),
            conveyorError("not_found", "no-such-run"),
          );
        }));

      it("keeps transitions out of a transaction that other writes hold open and then roll back", () =>
        withStore(async (store) => {
          const run = await store.createRun(newRun(), TASKS);
          const ingest = await taskOf(store, run, "ingest");
          const attempt = await store.startAttempt(ingest.id, 1);
          // Three inserts in one transaction, the last refused (no such attempt): all are rolled back.
          const line = { attemptId: attempt.id, time: new Date(), level: "info" as const, stream: "log" as const, message: "x" };
          const lines = Array.from({ length: 1200 }, (_, seq) => ({ ...line, seq }));
          lines[1100] = { ...line, seq: 1100, attemptId: "no-such-attempt" };
          const appending = store.appendLogs(lines);
          const transitions: Promise<unknown>[] = [];
          // Transitions issued at every step of the append, so some come while its transaction is open.
          for (let i = 0; i < 40; i++) {
            transitions.push(store.transition(run.id, [{ taskId: ingest.id, error: `step ${i}` }], undefined, { startAttempts: [{ taskId: ingest.id, number: i + 2 }] }));
            await Promise.resolve();
          }
          await assert.rejects(appending);
          await Promise.all(transitions);
          // Each landed whole: none was rolled back with the append.
          const numbers = (await store.listAttempts(ingest.id)).map((a) => a.number).sort((a, b) => a - b);
          assert.deepEqual(numbers, Array.from({ length: 41 }, (_, i) => i + 1));
          assert.deepEqual((await store.listAttempts(ingest.id, { limit: 3, offset: 38 })).map((a) => a.number), [39, 40, 41], "a window, first to last");
          assert.deepEqual(await store.readLogs([attempt.id]), []);
        }));

      it("tells the tasks changed since a change number, for a follower's next poll", () =>
        withStore(async (store) => {
          const run = await store.createRun(newRun(), TASKS);
          const [ingest, train] = await store.listTasks(run.id);
          assert.ok(ingest && train);
          const first = await store.runChanges(run.id);
          assert.deepEqual(first?.tasks, [ingest, train]);
          assert.deepEqual(first?.run, run);
          const since = first?.seq as number;
          assert.deepEqual((await store.runChanges(run.id, since))?.tasks, []);

          await store.transition(run.id, [{ taskId: ingest.id, status: "running" }], { status: "running" });
          const second = await store.runChanges(run.id, since);
          assert.deepEqual(second?.tasks.map((t) => [t.name, t.status]), [["ingest", "running"]]);
          assert.equal(second?.run.status, "running");
          assert.ok((second?.seq as number) > since);

          const [extra] = await store.addTasks(run.id, [{ name: "score[0]", node: "score", iteration: 0 }]);
          await store.updateRun(run.id, { cancelRequested: true });
          const third = await store.runChanges(run.id, second?.seq);
          assert.deepEqual(third?.tasks, [extra]);
          assert.equal(third?.run.cancelRequested, true);
          assert.deepEqual((await store.runChanges(run.id, third?.seq))?.tasks, []);
          assert.equal((await store.runChanges(run.id))?.tasks.length, 3);
          assert.equal(await store.runChanges("no-such-run"), undefined);
          await assert.rejects(store.addTasks("no-such-run", [{ name: "x", node: "x", iteration: null }]), conveyorError("not_found"));
        }));

      it("commits the attempts and lineage of a transition with it, or none of them", () =>
        withStore(async (store) => {
          const run = await store.createRun(newRun(), TASKS);
          const ingest = await taskOf(store, run, "ingest");
          const train = await taskOf(store, run, "train");
          const first = await store.transition(run.id, [{ taskId: ingest.id, status: "running", attempts: 1 }], undefined, {
            startAttempts: [{ taskId: ingest.id, number: 1 }],
          });
          const [attempt] = first.attempts;
          assert.ok(attempt);
          assert.deepEqual(await store.listAttempts(ingest.id), [attempt]);
          assert.equal(attempt.status, "running");
          const data = await store.putArtifact({
            digest: `sha256:${"c".repeat(64)}`,
            uri: "file:///tmp/data",
            size: 3,
            mediaType: "text/csv",
            type: "Dataset",
            metadata: {},
          });
          const lineage = { taskId: ingest.id, attemptId: attempt.id, artifactId: data.id, kind: "output" as const, name: "data" };

          const before = { tasks: await store.listTasks(run.id), attempts: await store.listAttempts(train.id) };
          await assert.rejects(
            store.transition(
              run.id,
              [
                { taskId: ingest.id, status: "succeeded" },
                { taskId: train.id, status: "running", attempts: 1 },
              ],
              undefined,
              { finishAttempts: [{ id: "no-such-attempt", status: "succeeded", error: null }], lineage: [lineage], startAttempts: [{ taskId: train.id, number: 1 }] },
            ),
          );
          assert.deepEqual(await store.listTasks(run.id), before.tasks);
          assert.deepEqual(await store.listAttempts(train.id), before.attempts);
          assert.deepEqual(await store.taskLineage(ingest.id), []);

          const second = await store.transition(
            run.id,
            [
              { taskId: ingest.id, status: "succeeded" },
              { taskId: train.id, status: "running", attempts: 1 },
            ],
            undefined,
            { finishAttempts: [{ id: attempt.id, status: "succeeded", error: null }], lineage: [lineage], startAttempts: [{ taskId: train.id, number: 1 }] },
          );
          const [ended] = await store.listAttempts(ingest.id);
          assert.equal(ended?.status, "succeeded");
          assert.ok(ended?.endedAt);
          assert.deepEqual(await store.listAttempts(train.id), second.attempts);
          assert.deepEqual(
            (await store.taskLineage(ingest.id)).map(({ createdAt: _c, artifact, ...event }) => ({ ...event, artifactId: artifact.id })),
            [lineage],
          );
        }));
    });

    describe("cache", () => {
      it("finds the latest task with a key, executed or a cache hit itself (not failed), outside the excluded run", () =>
        withStore(async (store) => {
          const finish = async (status: "succeeded" | "cached" | "failed", key: string) => {
            const run = await store.createRun(newRun(), TASKS);
            const train = await taskOf(store, run, "train");
            await store.transition(run.id, [{ taskId: train.id, status, cacheKey: key }]);
            return { run, task: (await store.getTask(train.id)) ?? assert.fail("task vanished") };
          };
          assert.equal(await store.findCacheHit("k1"), undefined);
          await finish("succeeded", "k1");
          const executed = await finish("succeeded", "k1");
          const reused = await finish("cached", "k1");
          await finish("failed", "k1");
          await finish("succeeded", "k2");

          assert.deepEqual(await store.findCacheHit("k1"), reused.task);
          assert.deepEqual(await store.findCacheHit("k1", reused.run.id), executed.task);
          assert.deepEqual(await store.findCacheHit("k1", "another-run"), reused.task);
          assert.equal(await store.findCacheHit("k3"), undefined);
        }));

      it("finds the same node in the latest earlier run of the same pipeline", () =>
        withStore(async (store) => {
          const first = await store.createRun(newRun("churn"), TASKS);
          const second = await store.createRun(newRun("churn"), TASKS);
          await store.createRun(newRun("fraud"), TASKS);
          const third = await store.createRun(newRun("churn"), TASKS);

          assert.deepEqual(await store.findPreviousTask("churn", "train", third.id), await taskOf(store, second, "train"));
          assert.deepEqual(await store.findPreviousTask("churn", "train", second.id), await taskOf(store, first, "train"));
          assert.equal(await store.findPreviousTask("churn", "train", first.id), undefined);
          assert.equal(await store.findPreviousTask("churn", "evaluate", third.id), undefined);
          assert.equal(await store.findPreviousTask("other", "train", third.id), undefined);
        }));
    });

    describe("attempts", () => {
      it("starts, finishes and lists attempts, and finds those left running", () =>
        withStore(async (store) => {
          const run = await store.createRun(newRun(), TASKS);
          const other = await store.createRun(newRun(), TASKS);
          const train = await taskOf(store, run, "train");
          const ingest = await taskOf(store, run, "ingest");

          const first = await store.startAttempt(train.id, 1);
          assert.deepEqual({ ...first, id: undefined, startedAt: undefined }, {
            id: undefined,
            taskId: train.id,
            number: 1,
            status: "running",
            error: null,
            startedAt: undefined,
            endedAt: null,
          });
          await store.finishAttempt(first.id, "failed", "out of memory");
          const second = await store.startAttempt(train.id, 2);
          const stillRunning = await store.startAttempt(ingest.id, 1);
          await store.startAttempt((await taskOf(store, other, "train")).id, 1);

          const listed = await store.listAttempts(train.id);
          assert.deepEqual(listed.map((a) => [a.number, a.status, a.error]), [
            [1, "failed", "out of memory"],
            [2, "running", null],
          ]);
          assert.ok(listed[0]?.endedAt instanceof Date);
          assert.deepEqual(listed[1], second);
          assert.deepEqual(
            (await store.listRunningAttempts(run.id)).map((a) => a.id).sort(),
            [second.id, stillRunning.id].sort(),
          );
          await store.finishAttempt(second.id, "interrupted", null);
          assert.deepEqual(await store.listRunningAttempts(run.id), [stillRunning]);
          await assert.rejects(store.startAttempt(train.id, 2), "attempt numbers are unique per task");
          await assert.rejects(store.finishAttempt("nope", "succeeded", null));
        }));

      it("lists the attempts of every task of a run in the order they started, with their task's name, in windows", () =>
        withStore(async (store) => {
          const run = await store.createRun(newRun(), TASKS);
          const other = await store.createRun(newRun(), TASKS);
          const train = await taskOf(store, run, "train");
          const ingest = await taskOf(store, run, "ingest");
          const started = [];
          for (const [task, number] of [[train, 1], [ingest, 1], [train, 2], [ingest, 2], [train, 3]] as const) {
            const attempt = await store.startAttempt(task.id, number);
            started.push({ ...attempt, taskName: task.name });
            // Ids order attempts by the millisecond they started: make each start in its own.
            await new Promise((resolve) => setTimeout(resolve, 2));
          }
          await store.startAttempt((await taskOf(store, other, "train")).id, 1);
          await store.finishAttempt(started[0]?.id ?? assert.fail("no attempt"), "failed", "out of memory");
          const listed = await store.listRunAttempts(run.id);
          assert.deepEqual(listed.map((a) => [a.taskName, a.number, a.status]), [
            ["train", 1, "failed"],
            ["ingest", 1, "running"],
            ["train", 2, "running"],
            ["ingest", 2, "running"],
            ["train", 3, "running"],
          ]);
          assert.deepEqual(listed.slice(1), started.slice(1));
          assert.deepEqual(await store.listRunAttempts(run.id, { limit: 2, offset: 0 }), listed.slice(0, 2), "the first window");
          assert.deepEqual(await store.listRunAttempts(run.id, { limit: 2, offset: 2 }), listed.slice(2, 4), "a middle window");
          assert.deepEqual(await store.listRunAttempts(run.id, { limit: 2, offset: 4 }), listed.slice(4), "the last window, short");
          assert.deepEqual(await store.listRunAttempts(run.id, { limit: 2, offset: 5 }), [], "past the end");
          assert.deepEqual(await store.listRunAttempts("nope"), []);
        }));
    });

    describe("artifacts and lineage", () => {
      const artifact = (digest: string, type = "Dataset") => ({
        digest,
        uri: `file:///work/.conveyor/artifacts/${digest.replace(":", "/")}`,
        size: 5_000_000_000,
        mediaType: "text/csv",
        type,
        metadata: { rows: 10, columns: ["a", "b"], schema: { a: "number" } },
      });
      const D1 = `sha256:${"ab".repeat(32)}`;
      const D2 = `sha256:${"ac".repeat(32)}`;

      it("records an artifact once per content and description (digest, uri, type, media type, metadata)", () =>
        withStore(async (store) => {
          const first = await store.putArtifact(artifact(D1));
          assert.deepEqual({ ...first, id: undefined, createdAt: undefined }, { ...artifact(D1), id: undefined, createdAt: undefined });
          assert.deepEqual(await store.putArtifact(artifact(D1)), first);
          const otherSource = await store.putArtifact({ ...artifact(D1), metadata: { other: true } });
          assert.notEqual(otherSource.id, first.id, "the same bytes from another source keep their own metadata");
          assert.deepEqual(otherSource.metadata, { other: true });
          assert.deepEqual(await store.getArtifact(first.id), first);
          const asModel = await store.putArtifact(artifact(D1, "Model"));
          assert.notEqual(asModel.id, first.id);
          assert.equal(await store.getArtifact("nope"), undefined);
        }));

      it("finds artifacts by digest or prefix, with or without the algorithm", () =>
        withStore(async (store) => {
          const a = await store.putArtifact(artifact(D1));
          const b = await store.putArtifact(artifact(D1, "Model"));
          const c = await store.putArtifact(artifact(D2));
          const ids = async (q: string) => (await store.findArtifactsByDigest(q)).map((x) => x.id);
          assert.deepEqual(await ids(D1), [a.id, b.id]);
          assert.deepEqual(await ids("sha256:ab"), [a.id, b.id]);
          assert.deepEqual(await ids("ABAB"), [a.id, b.id]);
          assert.deepEqual(await ids("a"), [a.id, b.id, c.id]);
          assert.deepEqual(await ids("ac"), [c.id]);
          assert.deepEqual(await ids("ff"), []);
          assert.deepEqual(await ids("md5:ab"), []);
          const window = async (limit: number, offset: number) => (await store.findArtifactsByDigest("a", { limit, offset })).map((x) => x.id);
          assert.deepEqual(await window(2, 0), [a.id, b.id], "the first window, oldest first");
          assert.deepEqual(await window(1, 1), [b.id], "a middle window");
          assert.deepEqual(await window(2, 2), [c.id], "the last window, short");
          assert.deepEqual(await window(2, 3), [], "past the end");
        }));

      it("follows lineage from a task to its artifacts and from an artifact to its tasks", () =>
        withStore(async (store) => {
          const run = await store.createRun(newRun(), TASKS);
          const ingest = await taskOf(store, run, "ingest");
          const train = await taskOf(store, run, "train");
          const ingestAttempt = await store.startAttempt(ingest.id, 1);
          const raw = await store.putArtifact(artifact(D1));
          const model = await store.putArtifact(artifact(D2, "Model"));
          await store.recordLineage([{ taskId: ingest.id, attemptId: ingestAttempt.id, artifactId: raw.id, kind: "output", name: "data" }]);
          await store.recordLineage([
            { taskId: train.id, attemptId: null, artifactId: raw.id, kind: "input", name: "data" },
            { taskId: train.id, attemptId: null, artifactId: model.id, kind: "output", name: "model" },
          ]);
          await store.recordLineage([]);

          const trainLineage = await store.taskLineage(train.id);
          assert.ok(trainLineage.every((e) => e.createdAt instanceof Date));
          assert.deepEqual(
            trainLineage.map(({ createdAt, ...e }) => e),
            [
              { taskId: train.id, attemptId: null, artifactId: raw.id, kind: "input", name: "data", artifact: raw },
              { taskId: train.id, attemptId: null, artifactId: model.id, kind: "output", name: "model", artifact: model },
            ],
          );
          const rawLineage = await store.artifactLineage(raw.id);
          assert.deepEqual(
            rawLineage.map(({ createdAt, ...e }) => e),
            [
              { taskId: ingest.id, attemptId: ingestAttempt.id, artifactId: raw.id, kind: "output", name: "data", task: ingest },
              { taskId: train.id, attemptId: null, artifactId: raw.id, kind: "input", name: "data", task: train },
            ],
          );
          assert.deepEqual(await store.taskLineage("nope"), []);
          await assert.rejects(
            store.recordLineage([{ taskId: train.id, attemptId: null, artifactId: "nope", kind: "input", name: "x" }]),
            "lineage must name a recorded artifact",
          );
        }));
    });

    describe("artifact uses", () => {
      const artifact = (digest: string) => ({ digest, uri: `file:///a/${digest}`, size: 1, mediaType: "text/csv", type: "Dataset", metadata: {} });

      it("lists what each task of a run used and produced, each use once, in the order first recorded, in windows", () =>
        withStore(async (store) => {
          const run = await store.createRun(newRun(), TASKS);
          const other = await store.createRun(newRun(), TASKS);
          const ingest = await taskOf(store, run, "ingest");
          const train = await taskOf(store, run, "train");
          const raw = await store.putArtifact(artifact(`sha256:${"1".repeat(64)}`));
          const model = await store.putArtifact(artifact(`sha256:${"2".repeat(64)}`));
          const [first, second] = [await store.startAttempt(train.id, 1), await store.startAttempt(train.id, 2)];
          await store.recordLineage([{ taskId: ingest.id, attemptId: null, artifactId: raw.id, kind: "output", name: "data" }]);
          await store.recordLineage([{ taskId: train.id, attemptId: first.id, artifactId: raw.id, kind: "input", name: "data" }]);
          await store.recordLineage([{ taskId: (await taskOf(store, other, "train")).id, attemptId: null, artifactId: raw.id, kind: "input", name: "data" }]);
          // The retry records its input again: still one use.
          await store.recordLineage([
            { taskId: train.id, attemptId: second.id, artifactId: raw.id, kind: "input", name: "data" },
            { taskId: train.id, attemptId: second.id, artifactId: model.id, kind: "output", name: "model" },
            { taskId: train.id, attemptId: second.id, artifactId: raw.id, kind: "input", name: "again" },
          ]);
          const uses = await store.listArtifactUses(run.id);
          assert.ok(uses.every((u) => u.createdAt instanceof Date));
          assert.deepEqual(
            uses.map(({ createdAt, ...u }) => u),
            [
              { taskId: ingest.id, taskName: "ingest", kind: "output", name: "data", artifact: raw },
              { taskId: train.id, taskName: "train", kind: "input", name: "data", artifact: raw },
              { taskId: train.id, taskName: "train", kind: "output", name: "model", artifact: model },
              { taskId: train.id, taskName: "train", kind: "input", name: "again", artifact: raw },
            ],
          );
          assert.deepEqual(await store.listArtifactUses(run.id, { limit: 1, offset: 0 }), uses.slice(0, 1), "the first window");
          assert.deepEqual(await store.listArtifactUses(run.id, { limit: 2, offset: 1 }), uses.slice(1, 3), "a middle window");
          assert.deepEqual(await store.listArtifactUses(run.id, { limit: 2, offset: 3 }), uses.slice(3), "the last window, short");
          assert.deepEqual(await store.listArtifactUses(run.id, { limit: 2, offset: 4 }), [], "past the end");
          assert.deepEqual(await store.listArtifactUses("nope"), []);
        }));
    });

    describe("logs", () => {
      const line = (attemptId: string, seq: number, message: string): LogLine => ({
        attemptId,
        seq,
        time: new Date(1_700_000_000_000 + seq),
        level: seq % 2 === 0 ? "info" : "warn",
        stream: seq % 3 === 0 ? "stderr" : "log",
        message,
      });

      it("reads lines of chosen attempts in insertion order, following by id", () =>
        withStore(async (store) => {
          const run = await store.createRun(newRun(), TASKS);
          const a = await store.startAttempt((await taskOf(store, run, "ingest")).id, 1);
          const b = await store.startAttempt((await taskOf(store, run, "train")).id, 1);
          await store.appendLogs([line(a.id, 1, "reading a.csv"), line(b.id, 1, "fitting"), line(a.id, 2, "read 10 rows")]);
          await store.appendLogs([]);

          const all = await store.readLogs([a.id, b.id]);
          assert.deepEqual(
            all.map(({ id, ...rest }) => rest),
            [line(a.id, 1, "reading a.csv"), line(b.id, 1, "fitting"), line(a.id, 2, "read 10 rows")],
          );
          assert.ok(all.every((l, i) => i === 0 || l.id > (all[i - 1]?.id ?? Number.POSITIVE_INFINITY)));
          assert.deepEqual((await store.readLogs([a.id])).map((l) => l.message), ["reading a.csv", "read 10 rows"]);
          assert.deepEqual(await store.readLogs([a.id, b.id], undefined, 2), all.slice(0, 2), "at most the limit, first stored first");
          assert.deepEqual(await store.readLogs([a.id, b.id], all[0]?.id, 1), all.slice(1, 2), "a page after a line");

          const last = all.at(-1)?.id ?? assert.fail("no lines");
          assert.deepEqual(await store.readLogs([a.id, b.id], last), []);
          await store.appendLogs([line(b.id, 2, "done"), line(a.id, 3, "done")]);
          assert.deepEqual((await store.readLogs([a.id, b.id], last)).map((l) => [l.attemptId, l.message]), [
            [b.id, "done"],
            [a.id, "done"],
          ]);
          assert.deepEqual((await store.readLogs([b.id], all[0]?.id)).map((l) => l.message), ["fitting", "done"]);
          assert.deepEqual(await store.readLogs([]), []);
        }));

      it("lets a follower see every line once while several writers append", async () => {
        const place = await harness.fresh();
        const [writer, follower] = await Promise.all([place.open(), place.open()]);
        try {
          const run = await writer.createRun(newRun(), TASKS);
          const attempt = await writer.startAttempt((await taskOf(writer, run, "train")).id, 1);
          const writers = 8;
          const batches = 15;
          let writing = true;
          const appending = Promise.all(
            Array.from({ length: writers }, async (_, w) => {
              for (let n = 0; n < batches; n++) {
                await writer.appendLogs([0, 1, 2].map((i) => line(attempt.id, n * 3 + i, `${w}/${n}/${i}`)));
              }
            }),
          ).finally(() => {
            writing = false;
          });

          const seen: string[] = [];
          let afterId: number | undefined;
          for (let done = false; !done; ) {
            done = !writing;
            for (const l of await follower.readLogs([attempt.id], afterId)) {
              seen.push(l.message);
              afterId = l.id;
            }
            await setImmediate();
          }
          await appending;
          assert.equal(seen.length, writers * batches * 3);
          assert.equal(new Set(seen).size, seen.length);
        } finally {
          await Promise.all([writer.close(), follower.close()]);
        }
      });
    });

    describe("metrics", () => {
      it("lists a run's metric points in the order they were logged", () =>
        withStore(async (store) => {
          const run = await store.createRun(newRun(), TASKS);
          const other = await store.createRun(newRun(), TASKS);
          const train = await taskOf(store, run, "train");
          const time = new Date(1_700_000_000_000);
          const points = [
            { runId: run.id, taskId: train.id, name: "loss", value: 0.75, step: 1, time },
            { runId: run.id, taskId: train.id, name: "loss", value: 0.5, step: 2, time },
            { runId: run.id, taskId: null, name: "accuracy", value: 0.9375, step: null, time },
            { runId: run.id, taskId: null, name: "rows", value: 5_000_000_000, step: 9_000_000_000, time },
          ];
          await store.logMetrics(points.slice(0, 2));
          await store.logMetrics([{ runId: other.id, taskId: null, name: "loss", value: 1, step: null, time }]);
          await store.logMetrics(points.slice(2));
          await store.logMetrics([]);
          assert.deepEqual(await store.listMetrics(run.id), points);
          assert.deepEqual(await store.listMetrics("nope"), []);
        }));

      it("lists one metric's or one task's points, in windows", () =>
        withStore(async (store) => {
          const run = await store.createRun(newRun(), TASKS);
          const train = await taskOf(store, run, "train");
          const ingest = await taskOf(store, run, "ingest");
          const time = new Date(1_700_000_000_000);
          const point = (taskId: string | null, name: string, step: number) => ({ runId: run.id, taskId, name, value: step / 10, step, time });
          const points = [
            point(train.id, "loss", 1),
            point(ingest.id, "loss", 1),
            point(train.id, "auc", 1),
            point(null, "loss", 1),
            point(train.id, "loss", 2),
            point(train.id, "loss", 3),
          ];
          await store.logMetrics(points);
          const trainLoss = [points[0], points[4], points[5]];
          assert.deepEqual(await store.listMetrics(run.id, { name: "loss" }), [points[0], points[1], points[3], points[4], points[5]]);
          assert.deepEqual(await store.listMetrics(run.id, { taskId: train.id }), [points[0], points[2], points[4], points[5]]);
          assert.deepEqual(await store.listMetrics(run.id, { name: "loss", taskId: train.id }), trainLoss);
          assert.deepEqual(await store.listMetrics(run.id, { name: "nope" }), []);
          const window = (limit: number, offset: number) => store.listMetrics(run.id, { name: "loss", taskId: train.id }, { limit, offset });
          assert.deepEqual(await window(1, 0), trainLoss.slice(0, 1), "the first window");
          assert.deepEqual(await window(1, 1), trainLoss.slice(1, 2), "a middle window");
          assert.deepEqual(await window(2, 2), trainLoss.slice(2), "the last window, short");
          assert.deepEqual(await window(2, 3), [], "past the end");
          assert.deepEqual(await store.listMetrics(run.id, {}, { limit: 2, offset: 1 }), points.slice(1, 3), "a window of every point");
        }));

      it("refuses non-finite values and then stores none of the batch", () =>
        withStore(async (store) => {
          const run = await store.createRun(newRun(), TASKS);
          const time = new Date();
          for (const value of [Number.NaN, Number.POSITIVE_INFINITY]) {
            await assert.rejects(
              store.logMetrics([
                { runId: run.id, taskId: null, name: "ok", value: 1, step: null, time },
                { runId: run.id, taskId: null, name: "loss", value, step: 3, time },
              ]),
              conveyorError("invalid_metric", "loss", run.id, String(value)),
            );
          }
          assert.deepEqual(await store.listMetrics(run.id), []);
        }));
    });
  });
}

function shortestUniquePrefix(id: string, ids: string[]): string {
  for (let n = 4; n < id.length; n++) {
    const prefix = id.slice(0, n);
    if (ids.filter((other) => other.startsWith(prefix)).length === 1) return prefix;
  }
  return id;
}

/** The longest prefix shared by at least two of the ids. */
function longestSharedPrefix(ids: string[]): string {
  let best = "";
  for (const a of ids) {
    for (const b of ids) {
      if (a === b) continue;
      let n = 0;
      while (n < a.length && a[n] === b[n]) n++;
      if (n > best.length) best = a.slice(0, n);
    }
  }
  return best;
}
