/** Runs: list, one with its tasks, start, cancel, delete. */
import { z } from "zod";
import { type Api, API, type ApiContext } from "../context.ts";
import { runOrFail } from "../lookup.ts";
import { linkWith, sendPage } from "../pagination.ts";
import { DeleteQuery, errorResponses, Limit, page } from "../schemas/common.ts";
import { ConveyorError } from "../../errors.ts";
import type { RunRecord } from "../../store/types.ts";
import { RUN_STATUSES, Rerun, Run, RunDetail, RunParams, StartRun, Started } from "../schemas/runs.ts";
import { RunDeletion } from "../schemas/tracking.ts";

const ListQuery = z.object({
  pipeline: z.string().min(1).optional().meta({ description: "only runs of this pipeline" }),
  status: z.enum(RUN_STATUSES).optional().meta({ description: "only runs with this status" }),
  limit: Limit,
  before: z.string().min(1).optional().meta({ description: "only runs created before this run id (the next page)" }),
});

/** What a started run answers: the run and where to follow it. */
function started(run: RunRecord) {
  const self = `${API}/runs/${run.id}`;
  return { run, links: { self, events: `${self}/events`, logs: `${self}/logs?follow=1` } };
}

function pipelineOf(body: { pipeline?: string | undefined; digest?: string | undefined }): { file: string } | { digest: string } {
  if (body.pipeline !== undefined && body.digest === undefined) return { file: body.pipeline };
  if (body.digest !== undefined && body.pipeline === undefined) return { digest: body.digest };
  throw new ConveyorError(
    `invalid body: give either "pipeline" (a file) or "digest" (a stored pipeline), ${body.pipeline === undefined ? "not neither" : "not both"}`,
    'e.g. {"pipeline": "churn.json"} or {"digest": "sha256:…"}',
    "invalid_request",
  );
}

export function runRoutes(app: Api, { store, engine, runs }: ApiContext): void {
  app.get(
    `${API}/runs`,
    {
      schema: {
        summary: "List runs, newest first",
        tags: ["runs"],
        querystring: ListQuery,
        response: { 200: page(Run), ...errorResponses() },
      },
    },
    async (request, reply) => {
      const { pipeline, status, limit, before } = request.query;
      // One more than a page tells whether there is a next one without a count query.
      const found = await store.listRuns({ pipelineName: pipeline, status, before, limit: limit + 1 });
      const items = found.slice(0, limit);
      const last = items.at(-1);
      return sendPage(reply, items, found.length > limit && last ? linkWith(request, { before: last.id }) : null);
    },
  );

  app.get(
    `${API}/runs/:run`,
    {
      schema: {
        summary: "A run and its tasks",
        tags: ["runs"],
        params: RunParams,
        response: { 200: RunDetail, ...errorResponses(404, 409) },
      },
    },
    async (request) => {
      const run = await runOrFail(store, request.params.run);
      return { run, tasks: await store.listTasks(run.id) };
    },
  );

  app.post(
    `${API}/runs`,
    {
      schema: {
        summary: "Start a run of a pipeline file under the project root; the server drives it",
        tags: ["runs"],
        body: StartRun,
        response: { 202: Started, ...errorResponses(413, 415) },
      },
    },
    async (request, reply) => {
      const { params, options } = request.body;
      const run = await runs.start(pipelineOf(request.body), params, options);
      return reply.code(202).header("location", `${API}/runs/${run.id}`).send(started(run));
    },
  );

  app.post(
    `${API}/runs/:run/resume`,
    {
      schema: {
        summary: "Continue a run no live process drives (its process died, or it failed or was cancelled); completed tasks are not run again",
        description: "409 `run_finished` for a run that succeeded, `run_active` for one a live process drives.",
        tags: ["runs"],
        params: RunParams,
        response: { 202: Started, ...errorResponses(404, 409) },
      },
    },
    async (request, reply) => {
      const run = await runs.resume(await runOrFail(store, request.params.run));
      return reply.code(202).header("location", `${API}/runs/${run.id}`).send(started(run));
    },
  );

  app.post(
    `${API}/runs/:run/rerun`,
    {
      schema: {
        summary: "Start a new run of an earlier run's stored pipeline with its params, in its experiment (trigger `rerun:<run>`)",
        description: "409 `not_rerunnable` for a run with no stored pipeline, `input_changed` when a file it read has changed since.",
        tags: ["runs"],
        params: RunParams,
        body: Rerun,
        response: { 202: Started, ...errorResponses(404, 409, 415) },
      },
    },
    async (request, reply) => {
      const run = await runs.rerun(await runOrFail(store, request.params.run), request.body?.cache === true);
      return reply.code(202).header("location", `${API}/runs/${run.id}`).send(started(run));
    },
  );

  app.post(
    `${API}/runs/:run/cancel`,
    {
      schema: {
        summary: "Cancel a pending or running run (the process driving it stops it within seconds)",
        tags: ["runs"],
        params: RunParams,
        response: { 202: Run, ...errorResponses(404, 409) },
      },
    },
    async (request, reply) => {
      const run = await runOrFail(store, request.params.run);
      return reply.code(202).send(await engine.cancel(run.id));
    },
  );

  app.delete(
    `${API}/runs/:run`,
    {
      schema: {
        summary: "Delete a finished run with its tasks, attempts, logs, metrics and lineage (its artifacts go with `conveyor gc`)",
        description: "409 for a run still pending or running, or one that model versions were registered from.",
        tags: ["runs"],
        params: RunParams,
        querystring: DeleteQuery,
        response: { 200: RunDeletion, ...errorResponses(404, 409) },
      },
    },
    async (request) => {
      const run = await runOrFail(store, request.params.run);
      const { dryRun } = request.query;
      return { dryRun, ...(await store.deleteRun(run.id, { dryRun })) };
    },
  );
}
