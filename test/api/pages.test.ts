/** Page boundaries of the lists the store pages in SQL: the first page, a middle one, the last, and an empty list. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { ArtifactRecord, MetadataStore, RunRecord, TaskRecord } from "../../src/store/types.ts";
import { newRun, TASKS } from "../store/store-suite.ts";
import { type ApiServer, assertError, STORES, startServer } from "./harness.ts";

/** Each page of a list from `first` on, following `next`: what each page held. */
async function pages(api: ApiServer, first: string): Promise<unknown[][]> {
  const found: unknown[][] = [];
  for (let path: string | null = first; path !== null; ) {
    const res = await api.fetch(path);
    const body = (await res.json()) as { items: unknown[]; next: string | null };
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.equal(res.headers.get("link"), body.next === null ? null : `<${body.next}>; rel="next"`);
    found.push(body.items);
    path = body.next;
  }
  return found;
}

/** `items` cut into pages of `size`, as the API should send them. */
const chunks = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.max(1, Math.ceil(items.length / size)) }, (_, i) => items.slice(i * size, (i + 1) * size));

const artifact = (hex: string, type = "Dataset") => ({
  digest: `sha256:${hex.repeat(64 / hex.length)}`,
  uri: `file:///a/${hex}/${type}`,
  size: 1,
  mediaType: "application/json",
  type,
  metadata: {},
});

/** Ids order records by the millisecond they were made: wait for the next one. */
const nextMillisecond = () => new Promise((resolve) => setTimeout(resolve, 2));

for (const kind of STORES) {
  describe(`API pages on ${kind}`, () => {
    let api: ApiServer;
    let store: MetadataStore;
    let run: RunRecord;
    let empty: RunRecord;
    let train: TaskRecord;
    let ingest: TaskRecord;

    before(async () => {
      api = await startServer(kind);
      store = api.project.store;
      run = await store.createRun(newRun(), TASKS);
      empty = await store.createRun(newRun(), TASKS);
      const tasks = await store.listTasks(run.id);
      train = tasks.find((t) => t.name === "train") ?? assert.fail("no train task");
      ingest = tasks.find((t) => t.name === "ingest") ?? assert.fail("no ingest task");
    });
    after(() => api.close());

    it("pages experiments by name, compared by code point", async () => {
      const names = ["ｆｕｌｌ", "beta", "😀 smile", "Zulu", "alpha_1", "alpha-2", "Éclair", "churn"];
      for (const name of names) if (name !== "churn") await store.createExperiment(name);
      const byCodePoint = ["Zulu", "alpha-2", "alpha_1", "beta", "churn", "Éclair", "ｆｕｌｌ", "😀 smile"];
      const found = await pages(api, "/api/v1/experiments?limit=3");
      assert.deepEqual(
        found.map((page) => page.map((e: any) => e.name)),
        chunks(byCodePoint, 3),
      );
      const churn = found.flat().find((e: any) => e.name === "churn") as any;
      assert.deepEqual([churn.runs, typeof churn.lastRunAt], [2, "string"]);
    });

    it("pages models by name, an empty list as one empty page; a model created before the cursor does not shift the next page", async () => {
      assert.deepEqual(await pages(api, "/api/v1/models?limit=2"), [[]]);
      const artifacts: ArtifactRecord[] = [];
      for (const hex of ["1", "2", "3", "4", "5", "6"]) artifacts.push(await store.putArtifact(artifact(hex, "Model")));
      const register = (model: string, i: number) =>
        store.createModelVersion({ model, runId: run.id, taskId: train.id, artifactId: artifacts[i]?.id ?? assert.fail("no artifact"), actor: "ada" });
      const names = ["zeta", "a_b", "Beta", "alpha", "a-b"];
      for (const [i, name] of names.entries()) await register(name, i);
      assert.deepEqual(
        (await pages(api, "/api/v1/models?limit=2")).map((page) => page.map((m: any) => m.name)),
        [["Beta", "a-b"], ["a_b", "alpha"], ["zeta"]],
      );
      const first = await api.json("/api/v1/models?limit=2");
      await register("A", 5);
      assert.deepEqual(
        (await api.json(first.next)).items.map((m: any) => m.name),
        ["a_b", "alpha"],
        "the next page starts after the last name shown",
      );
    });

    it("pages a run's attempts in the order they started, each with its task's name", async () => {
      assert.deepEqual(await pages(api, `/api/v1/runs/${empty.id}/attempts?limit=2`), [[]]);
      const started = [];
      for (const [task, number] of [[train, 1], [ingest, 1], [train, 2], [ingest, 2], [train, 3]] as const) {
        started.push([task.name, (await store.startAttempt(task.id, number)).id, number]);
        await nextMillisecond();
      }
      const found = await pages(api, `/api/v1/runs/${run.id}/attempts?limit=2`);
      assert.deepEqual(
        found.map((page) => page.map((a: any) => [a.task, a.id, a.number])),
        chunks(started, 2),
      );
    });

    it("pages a run's artifacts, each use once, in the order first recorded", async () => {
      assert.deepEqual(await pages(api, `/api/v1/runs/${empty.id}/artifacts?limit=2`), [[]]);
      const [raw, clean, model] = [await store.putArtifact(artifact("a")), await store.putArtifact(artifact("b")), await store.putArtifact(artifact("c", "Model"))];
      const attempts = (await store.listAttempts(train.id)).map((a) => a.id);
      await store.recordLineage([
        { taskId: ingest.id, attemptId: null, artifactId: raw.id, kind: "output", name: "raw" },
        { taskId: ingest.id, attemptId: null, artifactId: clean.id, kind: "output", name: "clean" },
      ]);
      // Each attempt of train records its input again; the API lists it once.
      for (const attemptId of attempts) {
        await store.recordLineage([{ taskId: train.id, attemptId, artifactId: clean.id, kind: "input", name: "data" }]);
      }
      await store.recordLineage([{ taskId: train.id, attemptId: attempts.at(-1) ?? null, artifactId: model.id, kind: "output", name: "model" }]);
      await store.recordLineage([{ taskId: train.id, attemptId: null, artifactId: raw.id, kind: "input", name: "reference" }]);
      const found = await pages(api, `/api/v1/runs/${run.id}/artifacts?limit=2`);
      assert.deepEqual(
        found.map((page) => page.map((u: any) => `${u.task} ${u.kind} ${u.name} ${u.artifact.id}`)),
        chunks(
          [
            `ingest output raw ${raw.id}`,
            `ingest output clean ${clean.id}`,
            `train input data ${clean.id}`,
            `train output model ${model.id}`,
            `train input reference ${raw.id}`,
          ],
          2,
        ),
      );
    });

    it("pages artifact records by digest prefix, oldest first", async () => {
      assert.deepEqual(await pages(api, "/api/v1/artifacts?digest=ffff&limit=2"), [[]]);
      const records = [];
      for (const type of ["Dataset", "Model", "Metrics", "Artifact", "Dataset"]) {
        records.push((await store.putArtifact({ ...artifact("9e", type), uri: `file:///d/${records.length}` })).id);
        await nextMillisecond();
      }
      const found = await pages(api, "/api/v1/artifacts?digest=9e9e&limit=2");
      assert.deepEqual(
        found.map((page) => page.map((a: any) => a.id)),
        chunks(records, 2),
      );
    });

    it("pages a run's metric points by name and task in SQL, with each point's task name", async () => {
      assert.deepEqual(await pages(api, `/api/v1/runs/${empty.id}/metrics?limit=2`), [[]]);
      const time = new Date(1_700_000_000_000);
      const point = (taskId: string | null, name: string, step: number) => ({ runId: run.id, taskId, name, value: step, step, time });
      await store.logMetrics([
        point(train.id, "loss", 1),
        point(ingest.id, "loss", 1),
        point(train.id, "auc", 1),
        point(null, "loss", 1),
        point(train.id, "loss", 2),
        point(train.id, "loss", 3),
        point(train.id, "loss", 4),
        point(train.id, "loss", 5),
      ]);
      const steps = async (query: string) =>
        (await pages(api, `/api/v1/runs/${run.id}/metrics?${query}`)).map((page) => page.map((m: any) => [m.task, m.name, m.step]));
      assert.deepEqual(await steps("name=loss&task=train&limit=2"), chunks([1, 2, 3, 4, 5].map((s) => ["train", "loss", s]), 2));
      assert.deepEqual(await steps("task=ingest&limit=2"), [[["ingest", "loss", 1]]]);
      assert.deepEqual(await steps("name=loss&limit=3"), [
        [["train", "loss", 1], ["ingest", "loss", 1], [null, "loss", 1]],
        [["train", "loss", 2], ["train", "loss", 3], ["train", "loss", 4]],
        [["train", "loss", 5]],
      ]);
      assert.deepEqual(await steps("name=nope&limit=2"), [[]]);
    });

    it("refuses a cursor another list made, or one it did not make", async () => {
      const models = await api.json("/api/v1/models?limit=1");
      const attempts = await api.json(`/api/v1/runs/${run.id}/attempts?limit=1`);
      const cursorOf = (next: string) => new URL(next, "http://server").searchParams.get("cursor") ?? assert.fail("no cursor");
      await assertError(await api.fetch(`/api/v1/models?cursor=${cursorOf(attempts.next)}`), 400, "invalid_cursor");
      await assertError(await api.fetch(`/api/v1/runs/${run.id}/attempts?cursor=${cursorOf(models.next)}`), 400, "invalid_cursor");
      await assertError(await api.fetch("/api/v1/experiments?cursor=bm90LW91cnM"), 400, "invalid_cursor");
    });
  });
}
