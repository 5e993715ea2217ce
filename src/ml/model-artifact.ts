import type { InputArtifact } from "../sdk/handles.ts";
import { loadModel } from "./model-file.ts";
import type { TrainedModel } from "./trained-model.ts";

/** The model a Model artifact holds (see model-file.ts), whichever component saved it. */
export async function readModel(artifact: InputArtifact): Promise<TrainedModel> {
  return loadModel(await artifact.json());
}
