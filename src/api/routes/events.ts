/** Live progress of a run: the run and each task whenever their state changes, until the run ends. */
import { z } from "zod";
import type { RunRecord, TaskRecord } from "../../store/types.ts";
import { type Api, API, type ApiContext } from "../context.ts";
import { sendStream, streamFormat, untilGone } from "../event-stream.ts";
import { followRun } from "../follow-run.ts";
import { runOrFail } from "../lookup.ts";
import { errorResponses } from "../schemas/common.ts";
import { RunEnd, RunEvent } from "../schemas/events.ts";
import { RunParams } from "../schemas/runs.ts";

type Change = { type: "run"; run: RunRecord } | { type: "task"; task: TaskRecord };

/** Reads the run's state and returns what changed since the last read: everything, the first time. */
function changes(store: ApiContext["store"]) {
  let runSeen = "";
  const tasksSeen = new Map<string, string>();
  return async (run: RunRecord): Promise<Change[]> => {
    const out: Change[] = [];
    const runNow = `${run.status} ${run.cancelRequested}`;
    if (runNow !== runSeen) out.push({ type: "run", run });
    runSeen = runNow;
    for (const task of await store.listTasks(run.id)) {
      const now = `${task.status} ${task.attempts}`;
      if (tasksSeen.get(task.id) !== now) out.push({ type: "task", task });
      tasksSeen.set(task.id, now);
    }
    return out;
  };
}

export function eventRoutes(app: Api, { store, closing }: ApiContext): void {
  app.get(
    `${API}/runs/:run/events`,
    {
      schema: {
        summary: "Server-sent events of a run's progress: `run` and `task` events on each change, then `end`",
        description:
          "The first events give the run and every task as they are; later ones each change of status (and each new attempt). " +
          "Without Accept: text/event-stream the same events come as NDJSON.",
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
      // No event ids: a reconnecting client gets the whole state again, which is what it needs.
      return sendStream(
        reply,
        streamFormat(request),
        followRun(store, run.id, untilGone(reply, closing), changes(store)),
        (change) => ({ event: change.type, data: RunEvent.encode(change) }),
        (ending) => ({ event: "end", data: RunEnd.encode({ type: "end", ...ending }) }),
      );
    },
  );
}
