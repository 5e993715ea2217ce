/** Tasks of a run and their attempts. */
import { z } from "zod";
import { explainCache } from "../../inspect/cache-explain.ts";
import { type Api, API, type ApiContext } from "../context.ts";
import { runOrFail, taskByIdOrFail, taskOrFail } from "../lookup.ts";
import { linkWith, sendPage, storePage } from "../pagination.ts";
import { Cursor, errorResponses, Limit, page } from "../schemas/common.ts";
import { Attempt, CacheExplanation, RunAttempt, RunParams, Task, TaskDetail, TaskParams } from "../schemas/runs.ts";
import { TaskIdParams } from "../schemas/tracking.ts";

const PageQuery = z.object({ limit: Limit, cursor: Cursor });

export function taskRoutes(app: Api, { store }: ApiContext): void {
  app.get(
    `${API}/runs/:run/tasks`,
    {
      schema: {
        summary: "Tasks of a run, in the order they were created",
        tags: ["tasks"],
        params: RunParams,
        querystring: PageQuery,
        response: { 200: page(Task), ...errorResponses(404, 409) },
      },
    },
    async (request, reply) => {
      const run = await runOrFail(store, request.params.run);
      const { items, cursor } = await storePage(request.query.limit, request.query.cursor, (window) => store.listTasks(run.id, window));
      return sendPage(reply, items, cursor ? linkWith(request, { cursor }) : null);
    },
  );

  app.get(
    `${API}/runs/:run/tasks/:task`,
    {
      schema: {
        summary: "A task and its attempts",
        tags: ["tasks"],
        params: TaskParams,
        response: { 200: TaskDetail, ...errorResponses(404, 409) },
      },
    },
    async (request) => {
      const task = await taskOrFail(store, await runOrFail(store, request.params.run), request.params.task);
      return { task, attempts: await store.listAttempts(task.id) };
    },
  );

  app.get(
    `${API}/runs/:run/tasks/:task/cache`,
    {
      schema: {
        summary: "Why a task was a cache hit (and from where), or what changed in its cache key since the same task of the previous run",
        tags: ["tasks"],
        params: TaskParams,
        response: { 200: CacheExplanation, ...errorResponses(404, 409) },
      },
    },
    async (request) => {
      const run = await runOrFail(store, request.params.run);
      return explainCache(store, run, await taskOrFail(store, run, request.params.task));
    },
  );

  app.get(
    `${API}/runs/:run/tasks/:task/attempts`,
    {
      schema: {
        summary: "Attempts of a task, first to last",
        tags: ["tasks"],
        params: TaskParams,
        querystring: PageQuery,
        response: { 200: page(Attempt), ...errorResponses(404, 409) },
      },
    },
    async (request, reply) => {
      const task = await taskOrFail(store, await runOrFail(store, request.params.run), request.params.task);
      const { items, cursor } = await storePage(request.query.limit, request.query.cursor, (window) => store.listAttempts(task.id, window));
      return sendPage(reply, items, cursor ? linkWith(request, { cursor }) : null);
    },
  );

  app.get(
    `${API}/runs/:run/attempts`,
    {
      schema: {
        summary: "Attempts of every task of a run, in the order they started",
        tags: ["tasks"],
        params: RunParams,
        querystring: PageQuery,
        response: { 200: page(RunAttempt), ...errorResponses(404, 409) },
      },
    },
    async (request, reply) => {
      const run = await runOrFail(store, request.params.run);
      const { items, cursor } = await storePage(request.query.limit, request.query.cursor, (window) => store.listRunAttempts(run.id, window));
      const attempts = items.map(({ taskName, ...attempt }) => ({ ...attempt, task: taskName }));
      return sendPage(reply, attempts, cursor ? linkWith(request, { cursor }) : null);
    },
  );

  app.get(
    `${API}/tasks/:task`,
    {
      schema: {
        summary: "A task of any run, by its id (a cached task's cachedFromTaskId names one)",
        tags: ["tasks"],
        params: TaskIdParams,
        response: { 200: Task, ...errorResponses(404) },
      },
    },
    async (request) => taskByIdOrFail(store, request.params.task),
  );
}
