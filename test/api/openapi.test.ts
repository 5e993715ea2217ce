/** /openapi.json: a valid OpenAPI 3.1 document listing every route, whose schemas the real answers satisfy. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Ajv2020 } from "ajv/dist/2020.js";
import * as P from "../engine/fixtures/pipelines.ts";
import { REPO_ROOT } from "../helpers/project.ts";
import { type ApiServer, STORES, startServer } from "./harness.ts";
import { ingest } from "./fixtures.ts";

const ROUTES = [
  "get /api/v1/runs",
  "post /api/v1/runs",
  "get /api/v1/runs/{run}",
  "post /api/v1/runs/{run}/cancel",
  "post /api/v1/runs/{run}/resume",
  "post /api/v1/runs/{run}/rerun",
  "get /api/v1/runs/{run}/tasks/{task}/cache",
  "get /api/v1/pipelines",
  "get /api/v1/pipelines/{digest}",
  "get /api/v1/runs/{run}/tasks",
  "get /api/v1/runs/{run}/tasks/{task}",
  "get /api/v1/runs/{run}/tasks/{task}/attempts",
  "get /api/v1/runs/{run}/attempts",
  "get /api/v1/runs/{run}/logs",
  "get /api/v1/runs/{run}/tasks/{task}/logs",
  "get /api/v1/runs/{run}/events",
  "get /api/v1/runs/{run}/artifacts",
  "get /api/v1/runs/{run}/metrics",
  "get /api/v1/runs/{run}/lineage",
  "get /api/v1/artifacts/{artifact}",
  "get /api/v1/artifacts/{artifact}/content",
  "get /api/v1/artifacts/{artifact}/preview",
  "get /api/v1/artifacts/{artifact}/profile",
  "get /api/v1/artifacts/{artifact}/lineage",
  "get /openapi.json",
  "get /api/v1",
  "delete /api/v1/runs/{run}",
  "get /api/v1/runs/search",
  "get /api/v1/runs/best",
  "get /api/v1/runs/compare",
  "get /api/v1/runs/{run}/tags",
  "get /api/v1/runs/{run}/context",
  "get /api/v1/runs/{run}/details",
  "get /api/v1/runs/{run}/metrics/latest",
  "get /api/v1/tasks/{task}",
  "get /api/v1/artifacts",
  "get /api/v1/experiments",
  "post /api/v1/experiments",
  "get /api/v1/experiments/{experiment}",
  "get /api/v1/models",
  "get /api/v1/models/{model}",
  "get /api/v1/models/{model}/versions",
  "post /api/v1/models/{model}/versions",
  "get /api/v1/models/{model}/versions/{version}",
  "delete /api/v1/models/{model}/versions/{version}",
  "get /api/v1/models/{model}/versions/{version}/lineage",
  "get /api/v1/models/{model}/events",
  "put /api/v1/models/{model}/aliases/{alias}",
  "delete /api/v1/models/{model}/aliases/{alias}",
  "post /api/v1/models/{model}/aliases/{alias}/rollback",
  "get /api/v1/deployments",
  "post /api/v1/deployments",
  "get /api/v1/deployments/{name}",
  "get /api/v1/deployments/{name}/events",
  "put /api/v1/deployments/{name}/candidate",
  "post /api/v1/deployments/{name}/promote",
  "post /api/v1/deployments/{name}/rollback",
  "get /api/v1/triggers",
  "get /api/v1/triggers/{trigger}",
  "get /api/v1/triggers/{trigger}/events",
  "post /api/v1/triggers/{trigger}/events",
  "get /api/v1/monitors",
  "get /api/v1/monitors/{monitor}",
  "get /api/v1/monitors/{monitor}/windows",
  "get /api/v1/monitors/{monitor}/windows/{seq}/report",
  "get /api/v1/monitors/{monitor}/windows/{seq}/report.html",
  "get /api/v1/monitors/{monitor}/figures/{name}",
  "get /api/v1/monitor-alerts",
];

for (const kind of STORES) {
  describe(`OpenAPI document on ${kind}`, () => {
    let api: ApiServer;
    let doc: any;
    /** Checks `body` against the schema the document gives for this route, status and media type. */
    let check: (route: string, status: number, body: unknown, mediaType?: string) => void;
    before(async () => {
      api = await startServer(kind);
      doc = await api.json("/openapi.json");
      const ajv = new Ajv2020({ strict: false, validateFormats: false });
      check = (route, status, body, mediaType = "application/json") => {
        const [method, path] = route.split(" ") as [string, string];
        const schema = doc.paths[path]?.[method]?.responses?.[status]?.content?.[mediaType]?.schema;
        assert.ok(schema, `${route} documents ${status} ${mediaType}`);
        // Refs point into the document's components, so the schema is checked with them beside it.
        const validate = ajv.compile({ ...schema, components: doc.components });
        assert.ok(validate(body), `${route} ${status}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 500)}`);
      };
    });
    after(() => api.close());

    it("is OpenAPI 3.1 and lists exactly the routes the server has", () => {
      assert.equal(doc.openapi, "3.1.0");
      assert.equal(doc.info.title, "Conveyor API");
      const documented = Object.entries(doc.paths).flatMap(([path, ops]: [string, any]) => Object.keys(ops).map((m) => `${m} ${path}`));
      assert.deepEqual(documented.sort(), [...ROUTES].sort());
      for (const route of ROUTES) {
        const [method, path] = route.split(" ") as [string, string];
        const op = doc.paths[path][method];
        assert.ok(op.summary, `${route} has a summary`);
        for (const status of ["400", "401", "500"]) assert.ok(op.responses[status], `${route} documents ${status}`);
        const pathParams = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        const declared = (op.parameters ?? []).filter((p: any) => p.in === "path").map((p: any) => p.name);
        assert.deepEqual(declared.sort(), pathParams.sort(), `${route} declares its path parameters`);
      }
      assert.deepEqual(doc.components.securitySchemes.bearer, {
        type: "http",
        scheme: "bearer",
        description: "the server's CONVEYOR_TOKEN, when it has one",
      });
    });

    it("has schemas that compile, and that the server's answers satisfy", async () => {
      // Compiling throws on a schema that is not valid JSON Schema 2020-12 (OpenAPI 3.1's dialect).
      const ajv = new Ajv2020({ strict: false, validateFormats: false });
      for (const schema of Object.values(doc.components.schemas)) ajv.compile({ ...(schema as object), components: doc.components });
      const { run } = await api.project.run(P.train, { rows: 3 });
      await api.project.run(ingest, { path: join(REPO_ROOT, "data/wine.csv") });
      const r = `/api/v1/runs/${run.id}`;
      check("get /api/v1/runs", 200, await api.json("/api/v1/runs?limit=1"));
      check("get /api/v1/runs/{run}", 200, await api.json(r));
      check("get /api/v1/runs/{run}/tasks", 200, await api.json(`${r}/tasks?limit=1`));
      check("get /api/v1/runs/{run}/tasks/{task}", 200, await api.json(`${r}/tasks/fit-a`));
      check("get /api/v1/runs/{run}/tasks/{task}/attempts", 200, await api.json(`${r}/tasks/fit-a/attempts`));
      check("get /api/v1/runs/{run}/attempts", 200, await api.json(`${r}/attempts`));
      check("get /api/v1/runs/{run}/logs", 200, await api.json(`${r}/logs?limit=1`));
      check("get /api/v1/runs/{run}/tasks/{task}/logs", 200, await api.json(`${r}/tasks/fit-a/logs`));
      check("get /api/v1/runs/{run}/metrics", 200, await api.json(`${r}/metrics`));
      check("get /api/v1/runs/{run}/lineage", 200, await api.json(`${r}/lineage`));
      const uses = await api.json(`${r}/artifacts`);
      check("get /api/v1/runs/{run}/artifacts", 200, uses);
      const artifact = uses.items[0].artifact.id;
      check("get /api/v1/artifacts/{artifact}", 200, await api.json(`/api/v1/artifacts/${artifact}`));
      check("get /api/v1/artifacts/{artifact}/preview", 200, await api.json(`/api/v1/artifacts/${artifact}/preview`));
      check("get /api/v1/artifacts/{artifact}/lineage", 200, await api.json(`/api/v1/artifacts/${artifact}/lineage`));
      const parquet = (await api.json("/api/v1/runs?pipeline=ingest")).items[0].id;
      const ingested = (await api.json(`/api/v1/runs/${parquet}/artifacts`)).items[0].artifact.id;
      check("get /api/v1/artifacts/{artifact}/preview", 200, await api.json(`/api/v1/artifacts/${ingested}/preview?rows=2`));
      const events = (await (await api.fetch(`${r}/events`)).text()).trim().split("\n");
      for (const line of events) check("get /api/v1/runs/{run}/events", 200, JSON.parse(line), "application/x-ndjson");
      const logs = (await (await api.fetch(`${r}/logs?follow=1`)).text()).trim().split("\n");
      for (const line of logs) check("get /api/v1/runs/{run}/logs", 200, JSON.parse(line), "application/x-ndjson");
      check("get /api/v1/runs/{run}", 404, await (await api.fetch("/api/v1/runs/nope")).json());
      check("get /api/v1/runs", 400, await (await api.fetch("/api/v1/runs?limit=x")).json());
      await api.writeIr("train.json", P.train);
      const started = await api.post("/api/v1/runs", { pipeline: "train.json" });
      const body = (await started.json()) as any;
      check("post /api/v1/runs", 202, body);
      await (await api.fetch(body.links.events)).text();
      check("post /api/v1/runs/{run}/cancel", 409, await (await api.post(`/api/v1/runs/${body.run.id}/cancel`)).json());
    });

    it("describes the tracking and registry answers as the server gives them", async () => {
      const { run } = await api.project.run(P.train, { rows: 4 });
      const r = `/api/v1/runs/${run.id}`;
      check("get /api/v1", 200, await api.json("/api/v1"));
      check("get /api/v1/runs/search", 200, await api.json("/api/v1/runs/search?where=params.rows%20%3E%3D%201&sort=-metrics.fit-a.score"));
      check("get /api/v1/runs/search", 400, await (await api.fetch("/api/v1/runs/search?where=rows")).json());
      check("get /api/v1/runs/best", 200, await api.json("/api/v1/runs/best?metric=fit-a.score"));
      check("get /api/v1/runs/best", 400, await (await api.fetch("/api/v1/runs/best?metric=score")).json());
      check("get /api/v1/runs/compare", 200, await api.json(`/api/v1/runs/compare?runs=${run.id},${run.id}`));
      check("get /api/v1/runs/{run}/tags", 200, await api.json(`${r}/tags`));
      check("get /api/v1/runs/{run}/context", 200, await api.json(`${r}/context`));
      const details = await api.json(`${r}/details`);
      check("get /api/v1/runs/{run}/details", 200, details);
      check("get /api/v1/runs/{run}/metrics/latest", 200, await api.json(`${r}/metrics/latest`));
      check("get /api/v1/tasks/{task}", 200, await api.json(`/api/v1/tasks/${details.tasks[0].id}`));
      const digest = (await api.json(`${r}/artifacts`)).items[0].artifact.digest;
      check("get /api/v1/artifacts", 200, await api.json(`/api/v1/artifacts?digest=${digest.slice(0, 20)}`));
      check("get /api/v1/experiments", 200, await api.json("/api/v1/experiments"));
      check("get /api/v1/experiments/{experiment}", 200, await api.json("/api/v1/experiments/train"));
      check("post /api/v1/experiments", 201, await (await api.post("/api/v1/experiments", { name: "documented" })).json());
      const registered = await api.post("/api/v1/models/doc/versions", { run: run.id, task: "fit-a", alias: "champion" });
      check("post /api/v1/models/{model}/versions", 201, await registered.json());
      await api.post("/api/v1/models/doc/versions", { run: run.id, task: "fit-b" });
      check("post /api/v1/models/{model}/versions", 409, await (await api.post("/api/v1/models/doc/versions", { run: run.id, task: "fit-b" })).json());
      check("get /api/v1/models", 200, await api.json("/api/v1/models"));
      check("get /api/v1/models/{model}", 200, await api.json("/api/v1/models/doc"));
      check("get /api/v1/models/{model}/versions", 200, await api.json("/api/v1/models/doc/versions"));
      check("get /api/v1/models/{model}/versions/{version}", 200, await api.json("/api/v1/models/doc/versions/champion"));
      check("get /api/v1/models/{model}/versions/{version}/lineage", 200, await api.json("/api/v1/models/doc/versions/1/lineage"));
      const put = (version: number) =>
        api.fetch("/api/v1/models/doc/aliases/champion", { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ version }) });
      check("put /api/v1/models/{model}/aliases/{alias}", 200, await (await put(2)).json());
      check("put /api/v1/models/{model}/aliases/{alias}", 200, await (await put(2)).json());
      check("post /api/v1/models/{model}/aliases/{alias}/rollback", 200, await (await api.post("/api/v1/models/doc/aliases/champion/rollback")).json());
      check("get /api/v1/models/{model}/events", 200, await api.json("/api/v1/models/doc/events"));
      check("delete /api/v1/models/{model}/aliases/{alias}", 200, await (await api.fetch("/api/v1/models/doc/aliases/champion", { method: "DELETE" })).json());
      check("delete /api/v1/models/{model}/versions/{version}", 200, await (await api.fetch("/api/v1/models/doc/versions/2", { method: "DELETE" })).json());
      check("delete /api/v1/runs/{run}", 409, await (await api.fetch(r, { method: "DELETE" })).json());
      const other = (await api.project.run(P.train, { rows: 2 })).run.id;
      check("delete /api/v1/runs/{run}", 200, await (await api.fetch(`/api/v1/runs/${other}?dryRun=1`, { method: "DELETE" })).json());
    });

    it("describes the start request's body", () => {
      const body = doc.paths["/api/v1/runs"].post.requestBody;
      assert.equal(body.required, true);
      const schema = body.content["application/json"].schema;
      const resolved = schema.$ref ? doc.components.schemas[schema.$ref.split("/").at(-1)] : schema;
      // Either a file or a stored pipeline's digest, which the route checks: neither is required alone.
      assert.equal(resolved.required, undefined);
      assert.deepEqual(Object.keys(resolved.properties).sort(), ["digest", "options", "params", "pipeline"]);
    });
  });
}
