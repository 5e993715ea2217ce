/** Models registered in a test project, and a model server over them on loopback. */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fitModel } from "../../src/ml/fit-model.ts";
import { modelSignature } from "../../src/ml/model-signature.ts";
import { modelKind } from "../../src/ml/models/model-kinds.ts";
import { createTable, getColumn, type Table } from "../../src/ml/table.ts";
import type { TrainedModel } from "../../src/ml/trained-model.ts";
import { defaultSteps } from "../../src/ml/transforms/default-steps.ts";
import type { StepSpec } from "../../src/ml/transforms/table-step.ts";
import { registerModel } from "../../src/registry/register.ts";
import { createModelServer, type ModelServer, type ModelServerOptions } from "../../src/serve/server.ts";
import type { ModelVersionRecord } from "../../src/store/registry-types.ts";
import { startRun } from "../../src/tracking/api.ts";
import type { TestProject } from "../helpers/project.ts";

/** A churn table: tenure (number), plan (text) → churned ("no" / "yes"), deterministic. */
export function churnTable(rows = 120): Table {
  const tenure = new Float64Array(rows);
  const plan: string[] = [];
  const churned: string[] = [];
  for (let i = 0; i < rows; i++) {
    tenure[i] = (i * 7) % 60;
    plan.push(["basic", "pro", "team"][i % 3]!);
    churned.push(tenure[i]! < 20 && plan[i] !== "team" ? "yes" : "no");
  }
  return createTable([
    { name: "tenure", type: "number", values: tenure },
    { name: "plan", type: "string", values: plan },
    { name: "churned", type: "string", values: churned },
  ]);
}

/** The churn table with every label flipped: a model fitted to it is wrong where one fitted to the table is right. */
export function flippedChurn(table: Table): Table {
  const churned = getColumn(table, "churned").values as readonly string[];
  return createTable([...table.columns.filter((c) => c.name !== "churned"), { name: "churned", type: "string", values: churned.map((v) => (v === "yes" ? "no" : "yes")) }]);
}

/** price = 3·size + 2·rooms + 1, numbers only. */
export function priceTable(rows = 60): Table {
  const size = Float64Array.from({ length: rows }, (_, i) => (i * 13) % 50);
  const rooms = Float64Array.from({ length: rows }, (_, i) => 1 + (i % 5));
  const price = size.map((s, i) => 3 * s + 2 * rooms[i]! + 1);
  return createTable([
    { name: "size", type: "number", values: size },
    { name: "rooms", type: "number", values: rooms },
    { name: "price", type: "number", values: price },
  ]);
}

export async function fit(table: Table, target: string, kind: string, params: Record<string, number> = {}, steps?: StepSpec[]): Promise<TrainedModel> {
  const features = table.columns.map((c) => c.name).filter((n) => n !== target);
  return fitModel(table, { target, kind: modelKind(kind, params), params, steps: steps ?? defaultSteps(table, features) });
}

let counter = 0;

/** Registers the model as the next version of `name` (its file logged as a run's Model artifact). */
export async function register(project: TestProject, name: string, model: TrainedModel, alias?: string): Promise<ModelVersionRecord> {
  counter += 1;
  const file = join(project.dir, `model-${counter}.json`);
  await writeFile(file, JSON.stringify(model.toJSON()));
  const run = await startRun({ experiment: "serving", root: project.dir, store: project.store, artifacts: project.artifacts });
  await run.logArtifact(file, { type: "Model", name: "model", metadata: { signature: modelSignature(model) } });
  await run.end();
  return registerModel(project.store, { name, run: run.id, task: "main", alias, actor: "test" });
}

/** A model server over the project's registry, listening on loopback. */
export async function serve(project: TestProject, options: Partial<ModelServerOptions>): Promise<{ server: ModelServer; url: string }> {
  const server = await createModelServer({ source: { store: project.store, artifacts: project.artifacts }, pollMs: 50, ...options });
  const url = await server.listen({ port: 0, host: "127.0.0.1" });
  return { server, url };
}

export async function post(url: string, body: unknown, contentType = "application/json"): Promise<{ status: number; body: unknown; text: string }> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": contentType }, body: typeof body === "string" ? body : JSON.stringify(body) });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, body: parsed, text };
}
