/** What a monitor watches, resolved now: the deployment (if any) and the model version whose answers it judges. */
import { ConveyorError, isConveyorError } from "../errors.ts";
import { resolveModel } from "../registry/resolve.ts";
import { parseModelRef } from "../registry/uri.ts";
import type { DeploymentRecord } from "../store/deployment-types.ts";
import type { ModelVersionRecord } from "../store/registry-types.ts";
import type { MetadataStore } from "../store/types.ts";
import type { Monitor } from "./definition.ts";

export interface ResolvedTarget {
  deployment: DeploymentRecord | null;
  version: ModelVersionRecord;
  /** Which rows of the prediction log are the target's. */
  query: { deployment: string } | { model: string; version?: number };
}

export async function resolveTarget(store: MetadataStore, monitor: Monitor): Promise<ResolvedTarget> {
  if (monitor.deployment !== undefined) {
    const deployment = await store.getDeployment(monitor.deployment);
    if (!deployment) {
      const known = (await store.listDeployments()).map((d) => d.name);
      throw new ConveyorError(
        `monitor "${monitor.name}": no deployment named "${monitor.deployment}" in ${store.location}`,
        known.length > 0 ? `the deployments are ${known.join(", ")}` : "create one with `conveyor deploy create`",
        "not_found",
      );
    }
    return { deployment, version: await version(store, monitor, deployment.stable), query: { deployment: deployment.name } };
  }
  const reference = monitor.model!;
  const found = await version(store, monitor, reference);
  const pinned = "version" in parseModelRef(reference);
  return { deployment: null, version: found, query: { model: found.model, ...(pinned && { version: found.version }) } };
}

async function version(store: MetadataStore, monitor: Monitor, reference: string): Promise<ModelVersionRecord> {
  try {
    return await resolveModel(store, reference);
  } catch (error) {
    if (!isConveyorError(error)) throw error;
    throw new ConveyorError(`monitor "${monitor.name}": ${error.message}`, error.hint, error.code);
  }
}
