/** A registered model as a predictor, by its reference: what serving code calls. */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { openArtifactStore } from "../artifacts/open.ts";
import { ConveyorError } from "../errors.ts";
import { modelVersionFile } from "../registry/version-file.ts";
import { openStore } from "../store/open.ts";
import { loadModel } from "./load-model.ts";
import type { TrainedModel } from "./trained-model.ts";

export interface LoadRegisteredModelOptions {
  /** The project folder; defaults to CONVEYOR_ROOT, else the working folder. */
  root?: string;
  /** A postgres:// store; defaults to CONVEYOR_DB, else the project's SQLite store. Its artifacts are where CONVEYOR_ARTIFACTS says. */
  url?: string;
}

/**
 * Loads `models:/churn@champion` (or `models:/churn/3`) from the project's registry, its file
 * checked against the digest recorded when it was registered.
 *
 *   const model = await loadRegisteredModel("models:/churn@champion");
 *   const predictions = await model.predict(table);
 */
export async function loadRegisteredModel(reference: string, options: LoadRegisteredModelOptions = {}): Promise<TrainedModel> {
  const root = resolve(options.root ?? process.env.CONVEYOR_ROOT ?? process.cwd());
  const store = await openStore({ root, url: options.url });
  let file: Awaited<ReturnType<typeof modelVersionFile>>;
  try {
    file = await modelVersionFile(store, await openArtifactStore({ root }), reference);
  } finally {
    await store.close();
  }
  if (file.artifact.type !== "Model") {
    throw new ConveyorError(
      `models:/${file.version.model}/${file.version.version} is a ${file.artifact.type} artifact, not a Model`,
      "copy its file with `conveyor models download` and read it yourself",
      "not_a_model",
    );
  }
  return loadModel(JSON.parse(await readFile(file.path, "utf8")));
}
