/** Log lines of a run or of one task: a page of stored lines, or a live stream until the run ends. */
import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { LogTail } from "../../inspect/log-tail.ts";
import type { RunRecord, TaskRecord } from "../../store/types.ts";
import { type Api, API, type ApiContext } from "../context.ts";
import { sendStream, streamFormat, untilGone } from "../event-stream.ts";
import { followRun } from "../../inspect/follow-run.ts";
import { newLines, storedLines } from "../log-lines.ts";
import { runOrFail, taskOrFail } from "../lookup.ts";
import { linkWith, sendPage } from "../pagination.ts";
import { errorResponses, page } from "../schemas/common.ts";
import { RunEnd } from "../schemas/events.ts";
import { LogLine, LogQuery } from "../schemas/logs.ts";
import { RunParams, TaskParams } from "../schemas/runs.ts";

const streamed = {
  description:
    "with ?follow=1: server-sent events (`log` events, then one `end`) for Accept: text/event-stream, otherwise NDJSON (log lines, then the `end` object)",
  content: {
    "application/json": { schema: page(LogLine) },
    "text/event-stream": { schema: z.string() },
    "application/x-ndjson": { schema: z.union([LogLine, RunEnd]) },
  },
};

/** EventSource sends the id of the last event it received when it reconnects. */
function lastEventId(request: FastifyRequest): number | undefined {
  const header = request.headers["last-event-id"];
  return typeof header === "string" && /^\d+$/.test(header) ? Number(header) : undefined;
}

export function logRoutes(app: Api, { store, engine, closing }: ApiContext): void {
  async function serve(
    request: FastifyRequest,
    reply: FastifyReply,
    query: z.output<typeof LogQuery>,
    run: RunRecord,
    task: TaskRecord | undefined,
  ) {
    // Listed again on every read: loop iterations and retries appear as the run goes.
    const tasksOf = async (r: RunRecord) => (task ? [(await store.getTask(task.id)) as TaskRecord] : store.listTasks(r.id));
    if (!query.follow) {
      // One more than a page tells whether there is a next one.
      const lines = await storedLines(store, await tasksOf(run), query.after, query.limit + 1);
      const items = lines.slice(0, query.limit);
      const last = items.at(-1);
      return sendPage(reply, items, lines.length > query.limit && last ? linkWith(request, { after: String(last.id) }) : null);
    }
    const after = query.after ?? lastEventId(request);
    const tail = new LogTail(store);
    return sendStream(
      reply,
      streamFormat(request),
      followRun({ store, engine }, run.id, async (r) => newLines(tail, await tasksOf(r), after), untilGone(reply, closing)),
      (line) => ({ event: "log", id: line.id, data: LogLine.encode(line) }),
      (ending) => ({ event: "end", data: RunEnd.encode({ type: "end", ...ending }) }),
    );
  }

  app.get(
    `${API}/runs/:run/logs`,
    {
      schema: {
        summary: "Log lines of every task of a run, oldest first; ?follow=1 streams them until the run ends",
        tags: ["logs"],
        params: RunParams,
        querystring: LogQuery,
        response: { 200: streamed, ...errorResponses(404, 409) },
      },
    },
    async (request, reply) => serve(request, reply, request.query, await runOrFail(store, request.params.run), undefined),
  );

  app.get(
    `${API}/runs/:run/tasks/:task/logs`,
    {
      schema: {
        summary: "Log lines of one task (every attempt), oldest first; ?follow=1 streams them until the run ends",
        tags: ["logs"],
        params: TaskParams,
        querystring: LogQuery,
        response: { 200: streamed, ...errorResponses(404, 409) },
      },
    },
    async (request, reply) => {
      const run = await runOrFail(store, request.params.run);
      return serve(request, reply, request.query, run, await taskOrFail(store, run, request.params.task));
    },
  );
}
