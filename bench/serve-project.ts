/**
 * The serving bench's project: a temporary folder whose registry holds breast_cancer models
 * (each at alias `champion`), registered as a pipeline would, so the bench loads them through
 * the real server exactly as `conveyor serve models:/<name>@champion` does.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LocalArtifactStore } from "../src/artifacts/local.ts";
import { fitModel } from "../src/ml/fit-model.ts";
import { modelSignature } from "../src/ml/model-signature.ts";
import { modelKind } from "../src/ml/models/model-kinds.ts";
import type { Table } from "../src/ml/table.ts";
import { registerModel } from "../src/registry/register.ts";
import type { ModelSource } from "../src/serve/version-loader.ts";
import { openStore } from "../src/store/open.ts";
import type { MetadataStore } from "../src/store/types.ts";
import { startRun } from "../src/tracking/api.ts";

export interface BenchModel {
  /** Its registered name. */
  readonly name: string;
  readonly kind: string;
  readonly params: Record<string, number>;
}

export interface ServeProject {
  readonly root: string;
  readonly store: MetadataStore;
  readonly source: ModelSource;
  close(): Promise<void>;
}

/** Fits each model on `table` (predicting `target`) and registers it at alias `champion`. */
export async function serveProject(table: Table, target: string, models: readonly BenchModel[]): Promise<ServeProject> {
  const root = await mkdtemp(join(tmpdir(), "conveyor-serve-bench-"));
  const store = await openStore({ root, url: "" });
  const artifacts = new LocalArtifactStore(root);
  for (const { name, kind, params } of models) {
    const model = await fitModel(table, { target, kind: modelKind(kind), params, steps: [] });
    const file = join(root, `${name}.json`);
    await writeFile(file, JSON.stringify(model.toJSON()));
    const run = await startRun({ experiment: "serve-bench", root, store, artifacts });
    await run.logArtifact(file, { type: "Model", name: "model", metadata: { signature: modelSignature(model) } });
    await run.end();
    await registerModel(store, { name, run: run.id, task: "main", alias: "champion", actor: "bench" });
  }
  return {
    root,
    store,
    source: { store, artifacts },
    async close() {
      await store.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}
