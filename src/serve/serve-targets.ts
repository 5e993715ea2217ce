/**
 * What `conveyor serve` is given: model references (`models:/churn@champion`, `churn/3`) and
 * deployment names (`churn-api`: no "/" nor "@"). A deployment is served by its own endpoint,
 * whose stable and candidate references are opened like any model reference.
 */
import { ConveyorError } from "../errors.ts";
import { resolveModel } from "../registry/resolve.ts";
import type { MetadataStore } from "../store/types.ts";
import { deploymentEndpoint } from "./deployment-endpoint.ts";
import type { Endpoint } from "./endpoint.ts";
import type { LabelledPredictionSource } from "./live-quality.ts";
import { modelRefEndpoint } from "./model-ref-endpoint.ts";
import type { ServeLog } from "./serve-log.ts";
import type { ModelSource } from "./version-loader.ts";

export function isDeploymentName(target: string): boolean {
  return !/[/@]/.test(target);
}

/** A bare name that names no deployment: the user may as well have meant a model. */
function nothingNamed(target: string, location: string): ConveyorError {
  return new ConveyorError(
    `"${target}" is neither a deployment in ${location} nor a model reference`,
    `give a model reference (models:/${target}@champion, models:/${target}/3) or a deployment (see \`conveyor deploy list\`)`,
    "not_found",
  );
}

/** A ModelSource whose store also holds deployments: the project's own store. */
export interface DeploymentSource extends ModelSource {
  readonly store: ModelSource["store"] & Pick<MetadataStore, "getDeployment" | "updateDeployment">;
}

/**
 * The deployments' endpoints; none is left open when one fails. Given `labels` (the prediction
 * log the server writes), their candidates are also judged on live quality.
 */
export async function openDeployments(
  names: readonly string[],
  options: { source: DeploymentSource; pollMs?: number; log: ServeLog; labels?: LabelledPredictionSource },
): Promise<Endpoint[]> {
  const { source, pollMs, log, labels } = options;
  const opened: Endpoint[] = [];
  try {
    for (const name of names) {
      if (!(await source.store.getDeployment(name))) throw nothingNamed(name, source.store.location);
      opened.push(await deploymentEndpoint({ store: source.store, name, pollMs, log, labels, openModel: (reference) => modelRefEndpoint({ ...source, reference, pollMs, log }) }));
    }
    return opened;
  } catch (error) {
    await Promise.all(opened.map((e) => e.close()));
    throw error;
  }
}

/** Checks that a target names something to serve, without loading it: not_found naming what is missing. */
export async function checkServeTarget(store: Pick<MetadataStore, "location" | "getModel" | "getModelVersion" | "getDeployment">, target: string): Promise<void> {
  if (!isDeploymentName(target)) {
    await resolveModel(store, target);
    return;
  }
  const deployment = await store.getDeployment(target);
  if (!deployment) throw nothingNamed(target, store.location);
  await resolveModel(store, deployment.stable);
}
