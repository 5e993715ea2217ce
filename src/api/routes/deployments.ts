/**
 * Deployments over HTTP: create, list, show with the audit trail, give a candidate under a
 * traffic policy, promote, roll back. The actor is the body's `actor`, else the X-Conveyor-Actor
 * header, else "api", as for the registry's aliases.
 */
import { z } from "zod";
import { createDeployment, promote, rollback, setCandidate } from "../../serve/deployment-actions.ts";
import { deploymentNotFound } from "../../store/deployment-errors.ts";
import { actorChange } from "../actor-change.ts";
import { type Api, API, type ApiContext } from "../context.ts";
import { linkWith, namePage, sendPage, storePage } from "../pagination.ts";
import { Cursor, errorResponses, Limit, page } from "../schemas/common.ts";
import {
  CreateDeployment,
  Deployment,
  DeploymentChange,
  DeploymentChanged,
  DeploymentDetail,
  DeploymentEvent,
  DeploymentParams,
  SetCandidate,
} from "../schemas/deployments.ts";

const PageQuery = z.object({ limit: Limit, cursor: Cursor });

export function deploymentRoutes(app: Api, { store }: ApiContext): void {
  app.get(
    `${API}/deployments`,
    {
      schema: {
        summary: "Deployments by name (compared by code point), with what each serves",
        tags: ["deployments"],
        querystring: PageQuery,
        response: { 200: page(Deployment), ...errorResponses() },
      },
    },
    async (request, reply) => {
      const { items, cursor } = await namePage(request.query.limit, request.query.cursor, (window) => store.listDeployments(window));
      return sendPage(reply, items, cursor ? linkWith(request, { cursor }) : null);
    },
  );

  app.post(
    `${API}/deployments`,
    {
      schema: {
        summary: "Create a deployment serving a model reference (an alias is followed as it moves)",
        description: "404 when the reference names no version; 409 when the name is taken.",
        tags: ["deployments"],
        body: CreateDeployment,
        response: { 201: DeploymentChanged, ...errorResponses(404, 409, 413, 415) },
      },
    },
    async (request, reply) => {
      const { name, model, stage, thresholds } = request.body;
      const created = await createDeployment(store, { name, model, stage, thresholds }, actorChange(request, request.body));
      return reply.code(201).header("location", `${API}/deployments/${name}`).send(created);
    },
  );

  app.get(
    `${API}/deployments/:name`,
    {
      schema: {
        summary: "A deployment with its audit trail, oldest first",
        tags: ["deployments"],
        params: DeploymentParams,
        response: { 200: DeploymentDetail, ...errorResponses(404) },
      },
    },
    async (request) => {
      const deployment = await store.getDeployment(request.params.name);
      if (!deployment) throw deploymentNotFound(request.params.name, store.location);
      return { deployment, events: await store.deploymentEvents(deployment.name) };
    },
  );

  app.get(
    `${API}/deployments/:name/events`,
    {
      schema: {
        summary: "The audit trail of a deployment, oldest first",
        tags: ["deployments"],
        params: DeploymentParams,
        querystring: PageQuery,
        response: { 200: page(DeploymentEvent), ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const slice = await storePage(request.query.limit, request.query.cursor, (window) => store.deploymentEvents(request.params.name, window));
      return sendPage(reply, slice.items, slice.cursor ? linkWith(request, { cursor: slice.cursor }) : null);
    },
  );

  app.put(
    `${API}/deployments/:name/candidate`,
    {
      schema: {
        summary: "Give the deployment a candidate under a traffic policy (canary, shadow or A/B), or change its policy",
        description: "409 when the candidate is the version the deployment already serves as stable.",
        tags: ["deployments"],
        params: DeploymentParams,
        body: SetCandidate,
        response: { 200: DeploymentChanged, ...errorResponses(404, 409, 413, 415) },
      },
    },
    async (request) => {
      const { model, policy } = request.body;
      return setCandidate(store, request.params.name, { model, policy }, actorChange(request, request.body));
    },
  );

  app.post(
    `${API}/deployments/:name/promote`,
    {
      schema: {
        summary: "Make the candidate what serves (a stable alias of the same model is moved to it)",
        description: "409 when there is no candidate (it may have been rolled back automatically).",
        tags: ["deployments"],
        params: DeploymentParams,
        body: DeploymentChange.nullish(),
        response: { 200: DeploymentChanged, ...errorResponses(404, 409, 413, 415) },
      },
    },
    async (request) => promote(store, request.params.name, actorChange(request, request.body ?? {})),
  );

  app.post(
    `${API}/deployments/:name/rollback`,
    {
      schema: {
        summary: "Drop the candidate; without one, undo the last promotion",
        description: "409 when there is nothing to roll back.",
        tags: ["deployments"],
        params: DeploymentParams,
        body: DeploymentChange.nullish(),
        response: { 200: DeploymentChanged, ...errorResponses(404, 409, 413, 415) },
      },
    },
    async (request) => rollback(store, request.params.name, actorChange(request, request.body ?? {})),
  );
}
