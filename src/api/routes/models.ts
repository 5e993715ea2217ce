/**
 * The model registry: models, versions (by number or alias), registering, aliases with their
 * audit trail, rollback and deletion. Who made an alias change is the body's `actor`, else the
 * X-Conveyor-Actor header, else "api": the API has no user accounts to take it from.
 */
import { z } from "zod";
import { modelLineage } from "../../inspect/lineage-graph.ts";
import { registerModel } from "../../registry/register.ts";
import { checkAliasName, checkModelName } from "../../store/names.ts";
import type { ModelSignature } from "../../store/registry-types.ts";
import { actorChange } from "../actor-change.ts";
import { type Api, API, type ApiContext } from "../context.ts";
import { modelOrFail, versionOrFail } from "../lookup.ts";
import { linkWith, namePage, sendPage, storePage } from "../pagination.ts";
import { Cursor, DeleteQuery, errorResponses, Limit, page } from "../schemas/common.ts";
import { LineageGraph } from "../schemas/lineage.ts";
import {
  AliasChangeBody,
  AliasChangeQuery,
  AliasEvent,
  AliasParams,
  AliasSet,
  EventsQuery,
  Model,
  ModelDetail,
  ModelParams,
  ModelVersion,
  NumberedVersionParams,
  RegisterVersion,
  SetAlias,
  VersionDeletion,
  VersionParams,
} from "../schemas/models.ts";

const PageQuery = z.object({ limit: Limit, cursor: Cursor });


export function modelRoutes(app: Api, { store }: ApiContext): void {
  app.get(
    `${API}/models`,
    {
      schema: {
        summary: "Registered models by name (compared by code point), with their latest version and aliases",
        tags: ["models"],
        querystring: PageQuery,
        response: { 200: page(Model), ...errorResponses() },
      },
    },
    async (request, reply) => {
      const { items, cursor } = await namePage(request.query.limit, request.query.cursor, (window) => store.listModels(window));
      return sendPage(reply, items, cursor ? linkWith(request, { cursor }) : null);
    },
  );

  app.get(
    `${API}/models/:model`,
    {
      schema: {
        summary: "A model with its versions (oldest first) and the audit trail of its aliases",
        tags: ["models"],
        params: ModelParams,
        response: { 200: ModelDetail, ...errorResponses(404) },
      },
    },
    async (request) => {
      const model = await modelOrFail(store, request.params.model);
      const [versions, aliasEvents] = await Promise.all([store.listModelVersions(model.name), store.aliasEvents(model.name)]);
      return { model, versions, aliasEvents };
    },
  );

  app.get(
    `${API}/models/:model/versions`,
    {
      schema: {
        summary: "A model's versions, oldest first",
        tags: ["models"],
        params: ModelParams,
        querystring: PageQuery,
        response: { 200: page(ModelVersion), ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const { model } = request.params;
      const { items, cursor } = await storePage(request.query.limit, request.query.cursor, (window) => store.listModelVersions(model, window));
      return sendPage(reply, items, cursor ? linkWith(request, { cursor }) : null);
    },
  );

  app.get(
    `${API}/models/:model/versions/:version`,
    {
      schema: {
        summary: "One version, by number (models:/name/3) or by alias (models:/name@champion)",
        tags: ["models"],
        params: VersionParams,
        response: { 200: ModelVersion, ...errorResponses(404) },
      },
    },
    async (request) => versionOrFail(store, request.params.model, request.params.version),
  );

  app.get(
    `${API}/models/:model/versions/:version/lineage`,
    {
      schema: {
        summary: "Upstream lineage of a version: its artifact, the task that produced it, that task's inputs, and so on",
        tags: ["lineage"],
        params: VersionParams,
        response: { 200: LineageGraph, ...errorResponses(404) },
      },
    },
    async (request) => modelLineage(store, await versionOrFail(store, request.params.model, request.params.version)),
  );

  app.post(
    `${API}/models/:model/versions`,
    {
      schema: {
        summary: "Register the artifact a run's task produced as the model's next version (the model is created at version 1)",
        description: "409 when the model already has a version of that artifact; with `alias`, the version and the alias are one transaction.",
        tags: ["models"],
        params: ModelParams,
        body: RegisterVersion,
        response: { 201: ModelVersion, ...errorResponses(404, 409, 413, 415) },
      },
    },
    async (request, reply) => {
      const name = request.params.model;
      const { alias, reason, description, signature, ...rest } = request.body;
      checkModelName(name);
      if (alias !== undefined) checkAliasName(alias);
      const version = await registerModel(store, {
        name,
        ...rest,
        alias,
        reason: reason ?? undefined,
        description: description ?? undefined,
        // A request body is JSON already: what the schema leaves unknown is Json.
        signature: signature as ModelSignature | undefined,
        actor: actorChange(request, request.body).actor,
      });
      return reply.code(201).header("location", `${API}/models/${name}/versions/${version.version}`).send(version);
    },
  );

  app.delete(
    `${API}/models/:model/versions/:version`,
    {
      schema: {
        summary: "Delete one version; its number is never given to another, and its artifact goes with `conveyor gc`",
        description: "409 for a version an alias points to: move or delete the alias first.",
        tags: ["models"],
        params: NumberedVersionParams,
        querystring: DeleteQuery,
        response: { 200: VersionDeletion, ...errorResponses(404, 409) },
      },
    },
    async (request) => {
      const { dryRun } = request.query;
      return { dryRun, version: await store.deleteModelVersion(request.params.model, request.params.version, { dryRun }) };
    },
  );

  app.get(
    `${API}/models/:model/events`,
    {
      schema: {
        summary: "The audit trail of a model's aliases (or one alias), oldest first",
        tags: ["models"],
        params: ModelParams,
        querystring: EventsQuery.extend(PageQuery.shape),
        response: { 200: page(AliasEvent), ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const { alias, limit, cursor } = request.query;
      const slice = await storePage(limit, cursor, (window) => store.aliasEvents(request.params.model, alias, window));
      return sendPage(reply, slice.items, slice.cursor ? linkWith(request, { cursor: slice.cursor }) : null);
    },
  );

  app.put(
    `${API}/models/:model/aliases/:alias`,
    {
      schema: {
        summary: "Point an alias at a version, creating or moving it; `event` is null when it pointed there already",
        tags: ["models"],
        params: AliasParams,
        body: SetAlias,
        response: { 200: AliasSet, ...errorResponses(404, 413, 415) },
      },
    },
    async (request) => {
      const { model, alias } = request.params;
      return { event: await store.setAlias(model, alias, request.body.version, actorChange(request, request.body)) };
    },
  );

  app.delete(
    `${API}/models/:model/aliases/:alias`,
    {
      schema: {
        summary: "Remove an alias; the reason and actor come in the query, as a DELETE has no body",
        tags: ["models"],
        params: AliasParams,
        querystring: AliasChangeQuery,
        response: { 200: AliasEvent, ...errorResponses(404) },
      },
    },
    async (request) => {
      const { model, alias } = request.params;
      return store.deleteAlias(model, alias, actorChange(request, request.query));
    },
  );

  app.post(
    `${API}/models/:model/aliases/:alias/rollback`,
    {
      schema: {
        summary: "Move the alias back to the version that held it before its current one, as its audit trail tells",
        description: "409 when no earlier version held it.",
        tags: ["models"],
        params: AliasParams,
        body: AliasChangeBody.nullish(),
        response: { 200: AliasEvent, ...errorResponses(404, 409, 413, 415) },
      },
    },
    async (request) => {
      const { model, alias } = request.params;
      return store.rollbackAlias(model, alias, actorChange(request, request.body ?? {}));
    },
  );
}
