/** Starting runs over HTTP, following them live (events and logs), cancelling them, and closing the server under them. */
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { compile } from "../../src/compiler/compile.ts";
import * as P from "../engine/fixtures/pipelines.ts";
import { type ApiServer, collect, ndjson, type SseEvent, STORES, sse, startServer } from "./harness.ts";
import { held } from "./fixtures.ts";

const PIPELINES = new URL("../engine/fixtures/pipelines.ts", import.meta.url).pathname;
const SSE = { headers: { accept: "text/event-stream" } };
const TIMEOUT = { timeout: 60_000 };

/** Reads events until one satisfies `done`, returning those read so far (that one last). */
async function readUntil<T>(events: AsyncIterator<T>, done: (event: T) => boolean): Promise<T[]> {
  const seen: T[] = [];
  for (;;) {
    const next = await events.next();
    assert.ok(!next.done, `the stream ended before the awaited event; got ${JSON.stringify(seen)}`);
    seen.push(next.value);
    if (done(next.value)) return seen;
  }
}

/** Statuses each task went through, in order, without repeats. */
function statusesByTask(events: SseEvent[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const e of events) {
    if (e.event !== "task") continue;
    out[e.data.task.name] ??= [];
    const list = out[e.data.task.name] as string[];
    if (list.at(-1) !== e.data.task.status) list.push(e.data.task.status);
  }
  return out;
}

for (const kind of STORES) {
  describe(`API runs on ${kind}`, () => {
    let api: ApiServer;
    before(async () => {
      api = await startServer(kind);
    });
    after(() => api.close());

    /** Starts the held pipeline, which waits for `<dir>/<gate>` to exist. */
    async function startHeld(gate: string, ticks = 3) {
      await api.writeIr("held.json", held);
      const res = await api.post("/api/v1/runs", { pipeline: "held.json", params: { ticks, gate: join(api.project.dir, gate) } });
      assert.equal(res.status, 202, await res.clone().text());
      return ((await res.json()) as any).run.id as string;
    }

    it("starts a run of compiled IR (202), drives it, and streams its progress as server-sent events", TIMEOUT, async () => {
      await api.writeIr("train.json", P.train);
      const res = await api.post("/api/v1/runs", { pipeline: "train.json", params: { rows: 2 }, options: { concurrency: 2 } });
      assert.equal(res.status, 202);
      const body = (await res.json()) as any;
      assert.equal(body.run.trigger, "api");
      assert.deepEqual(body.run.params, { rows: 2, scale: 1 });
      assert.equal(body.run.options.concurrency, 2);
      assert.equal(res.headers.get("location"), `/api/v1/runs/${body.run.id}`);
      assert.equal(body.links.events, `/api/v1/runs/${body.run.id}/events`);

      const stream = await api.fetch(body.links.events, SSE);
      assert.equal(stream.status, 200);
      assert.match(stream.headers.get("content-type") ?? "", /^text\/event-stream/);
      const events = await collect(sse(stream));
      assert.deepEqual(events.at(-1), { event: "end", id: undefined, data: { type: "end", status: "succeeded", reason: "ended" } });
      assert.deepEqual(statusesByTask(events)["fit-a"]?.at(-1), "succeeded");
      assert.equal(events.filter((e) => e.event === "run").at(-1)?.data.run.status, "succeeded");
      const run = await api.json(`/api/v1/runs/${body.run.id}`);
      assert.deepEqual(
        run.tasks.map((t: any) => t.outputs),
        [{ count: 2 }, { score: 0.2 }, { score: 0.4 }],
      );
    });

    it("starts a run of a pipeline module under the project root", TIMEOUT, async () => {
      await writeFile(join(api.project.dir, "train.mts"), `export { train as default } from ${JSON.stringify(PIPELINES)};\n`);
      const res = await api.post("/api/v1/runs", { pipeline: "train.mts", params: { rows: 6 } });
      assert.equal(res.status, 202, await res.clone().text());
      const { run } = (await res.json()) as any;
      const events = await collect(ndjson(await api.fetch(`/api/v1/runs/${run.id}/events`)));
      assert.deepEqual(events.at(-1), { type: "end", status: "succeeded", reason: "ended" });
      assert.equal((await api.json(`/api/v1/runs/${run.id}`)).tasks[0].outputs.count, 6);
    });

    it("streams task status changes live, and ends with the run", TIMEOUT, async () => {
      const id = await startHeld("gate-events");
      const events = sse(await api.fetch(`/api/v1/runs/${id}/events`, SSE));
      const before = await readUntil(events, (e) => e.event === "task" && e.data.task.name === "first" && e.data.task.status === "running");
      assert.equal((await api.json(`/api/v1/runs/${id}`)).run.status, "running", "the event came while the run was going on");
      await writeFile(join(api.project.dir, "gate-events"), "");
      const rest = await collect({ [Symbol.asyncIterator]: () => events });
      const all = [...before, ...rest];
      // The first events are the whole state: the run and every task.
      assert.equal(all[0]?.event, "run");
      assert.deepEqual(new Set(all.slice(1, 3).map((e) => e.data.task?.name)), new Set(["first", "second"]));
      // The store is polled, so a change quicker than a poll may be seen only in its outcome;
      // "first" is held running until the gate opens, so that state is always seen.
      const statuses = statusesByTask(all);
      assert.deepEqual(statuses.first?.slice(-2), ["running", "succeeded"]);
      assert.equal(statuses.second?.[0], "pending");
      assert.equal(statuses.second?.at(-1), "succeeded");
      assert.deepEqual(all.at(-1)?.data, { type: "end", status: "succeeded", reason: "ended" });

      // Event ids are the run's change numbers: reconnecting after one gives the run and only what changed since.
      const ids = all.slice(0, -1).map((e) => Number(e.id));
      assert.deepEqual(ids, [...ids].sort((a, b) => a - b));
      const running = all.find((e) => e.event === "task" && e.data.task.name === "first" && e.data.task.status === "running");
      assert.ok(running?.id);
      const resumed = await collect(sse(await api.fetch(`/api/v1/runs/${id}/events`, { headers: { ...SSE.headers, "last-event-id": running.id } })));
      assert.deepEqual(
        resumed.map((e) => (e.event === "task" ? `${e.data.task.name} ${e.data.task.status}` : e.event === "run" ? `run ${e.data.run.status}` : e.event)),
        ["run succeeded", "first succeeded", "second succeeded", "end"],
      );
    });

    it("follows log lines as they are written, as NDJSON and as SSE, resuming after Last-Event-ID", TIMEOUT, async () => {
      const id = await startHeld("gate-logs", 3);
      const lines = ndjson(await api.fetch(`/api/v1/runs/${id}/logs?follow=1`));
      const first = await readUntil(lines, (l) => l.message === "tick 2");
      assert.equal((await api.json(`/api/v1/runs/${id}`)).run.status, "running", "lines came while the run was going on");
      await writeFile(join(api.project.dir, "gate-logs"), "");
      const rest = await collect({ [Symbol.asyncIterator]: () => lines });
      const all = [...first, ...rest];
      assert.deepEqual(
        all.map((l) => (l.type === "end" ? `end ${l.status}` : `${l.task}#${l.attempt} ${l.message}`)),
        ["first#1 tick 0", "first#1 tick 1", "first#1 tick 2", "second#1 tick 0", "end succeeded"],
      );

      const events = await collect(sse(await api.fetch(`/api/v1/runs/${id}/logs?follow=1`, SSE)));
      assert.deepEqual(
        events.map((e) => e.event),
        ["log", "log", "log", "log", "end"],
      );
      assert.equal(events[0]?.id, String(all[0].id));
      const resumed = await collect(
        sse(await api.fetch(`/api/v1/runs/${id}/logs?follow=1`, { headers: { accept: "text/event-stream", "last-event-id": String(all[1].id) } })),
      );
      assert.deepEqual(
        resumed.map((e) => e.data.message ?? e.event),
        ["tick 2", "tick 0", "end"],
      );
      const second = await collect(ndjson(await api.fetch(`/api/v1/runs/${id}/tasks/second/logs?follow=1`)));
      assert.deepEqual(
        second.map((l) => l.message ?? l.type),
        ["tick 0", "end"],
      );
    });

    it("stops following a run that no process drives, saying so", TIMEOUT, async () => {
      const orphan = await api.project.engine().createRun(await compile(P.train), {});
      const started = Date.now();
      const lines = await collect(ndjson(await api.fetch(`/api/v1/runs/${orphan.id}/logs?follow=1`)));
      assert.deepEqual(lines, [{ type: "end", status: "pending", reason: "undriven" }]);
      assert.ok(Date.now() - started >= 5000, "it waited for a process to take the run");
    });

    it("cancels a running run (202), and refuses to cancel it again (409)", TIMEOUT, async () => {
      const id = await startHeld("gate-never");
      const events = sse(await api.fetch(`/api/v1/runs/${id}/events`, SSE));
      await readUntil(events, (e) => e.event === "task" && e.data.task.status === "running");
      const res = await api.post(`/api/v1/runs/${id}/cancel`);
      assert.equal(res.status, 202);
      assert.equal(((await res.json()) as any).cancelRequested, true);
      const rest = await collect({ [Symbol.asyncIterator]: () => events });
      assert.deepEqual(rest.at(-1)?.data, { type: "end", status: "cancelled", reason: "ended" });
      const again = await api.post(`/api/v1/runs/${id}/cancel`);
      assert.equal(again.status, 409);
      assert.equal(((await again.json()) as any).code, "run_finished");
    });
  });

  it(`closing the server on ${kind} ends its streams and cancels the runs it drives, leaving them resumable`, TIMEOUT, async () => {
    const api = await startServer(kind);
    try {
      await api.writeIr("held.json", held);
      const res = await api.post("/api/v1/runs", { pipeline: "held.json", params: { ticks: 1, gate: join(api.project.dir, "never") } });
      const { run } = (await res.json()) as any;
      const events = sse(await api.fetch(`/api/v1/runs/${run.id}/events`, SSE));
      await readUntil(events, (e) => e.event === "task" && e.data.task.status === "running");
      await api.app.close();
      const rest = await collect({ [Symbol.asyncIterator]: () => events });
      assert.ok(rest.every((e) => e.event !== "end"), "the stream stopped without claiming the run ended");
      const stopped = await api.project.store.getRun(run.id);
      assert.equal(stopped?.status, "cancelled");
      assert.equal(stopped?.leaseOwner, null, "no process holds it: `conveyor resume` can take it");
    } finally {
      await api.project.cleanup();
    }
  });
}
