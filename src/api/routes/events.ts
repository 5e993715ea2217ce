/** Live progress of a run: the run and each task whenever their state changes, until the run ends. */
import { z } from "zod";
import type { RunRecord, TaskRecord } from "../../store/types.ts";
import { type Api, API, type ApiContext } from "../context.ts";
import { sendStream, streamFormat, untilGone } from "../event-stream.ts";
import { followRun } from "../../inspect/follow-run.ts";
import { runOrFail } from "../lookup.ts";
import { errorResponses } from "../schemas/common.ts";
import { RunEnd, RunEvent } from "../schemas/events.ts";
import { RunParams } from "../schemas/runs.ts";

type Change = { type: "run"; run: RunRecord } | { type: "task"; task: TaskRecord };

/**
 * Reads what changed since the last read: everything the first time, unless the client
 * reconnects with the id of the last event it saw. Only the tasks changed since are read,
 * not every task of the run on every poll. Each change carries the run's change number as
 * its event id.
 */
function changes(store: ApiContext["store"], lastSeen: number | undefined) {
  let runSeen = "";
  let seq = lastSeen;
  return async (run: RunRecord): Promise<{ seq: number; change: Change }[]> => {
    const read = await store.runChanges(run.id, seq);
    if (!read) return [];
    const out: { seq: number; change: Change }[] = [];
    const runNow = `${read.run.status} ${read.run.cancelRequested}`;
    if (runNow !== runSeen) out.push({ seq: read.seq, change: { type: "run", run: read.run } });
    runSeen = runNow;
    for (const task of read.tasks) out.push({ seq: read.seq, change: { type: "task", task } });
    seq = read.seq;
    return out;
  };
}

/** The id of the last event a reconnecting EventSource saw, when it is one this API sent. */
function lastEventId(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && /^\d{1,9}$/.test(value) ? Number(value) : undefined;
}

export function eventRoutes(app: Api, { store, engine, closing }: ApiContext): void {
  app.get(
    `${API}/runs/:run/events`,
    {
      schema: {
        summary: "Server-sent events of a run's progress: `run` and `task` events on each change, then `end`",
        description:
          "The first events give the run and every task as they are; later ones each task that changed, and the run when its status " +
          "changes. Each event's id is the run's change number: a client reconnecting with Last-Event-ID gets the run and the tasks " +
          "changed since. Without Accept: text/event-stream the same events come as NDJSON.",
        tags: ["runs"],
        params: RunParams,
        response: {
          200: {
            description: "a stream that ends with the run",
            content: { "text/event-stream": { schema: z.string() }, "application/x-ndjson": { schema: RunEvent } },
          },
          ...errorResponses(404, 409),
        },
      },
    },
    async (request, reply) => {
      const run = await runOrFail(store, request.params.run);
      return sendStream(
        reply,
        streamFormat(request),
        followRun({ store, engine }, run.id, changes(store, lastEventId(request.headers["last-event-id"])), untilGone(reply, closing)),
        ({ seq, change }) => ({ event: change.type, id: seq, data: RunEvent.encode(change) }),
        (ending) => ({ event: "end", data: RunEnd.encode({ type: "end", ...ending }) }),
      );
    },
  );
}
