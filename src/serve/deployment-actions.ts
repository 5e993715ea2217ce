/**
 * What `conveyor deploy` and the HTTP API do to a deployment: create it, give it a candidate
 * under a traffic policy, promote the candidate, roll back. Every model reference is resolved
 * against the registry first, so a typo fails before anything is written, and each change
 * records the version it put into service (lineage: model version → deployment).
 */
import { ConveyorError } from "../errors.ts";
import { resolveModel } from "../registry/resolve.ts";
import { modelUri, parseModelRef } from "../registry/uri.ts";
import type {
  DeployedVersion,
  DeploymentChange,
  DeploymentEvent,
  DeploymentRecord,
  DeploymentStage,
  RollbackThresholds,
  TrafficPolicy,
} from "../store/deployment-types.ts";
import { deploymentNotFound } from "../store/deployment-errors.ts";
import type { MetadataStore } from "../store/types.ts";

export type DeploymentActionStore = Pick<
  MetadataStore,
  | "location"
  | "getModel"
  | "getModelVersion"
  | "setAlias"
  | "rollbackAlias"
  | "createDeployment"
  | "getDeployment"
  | "updateDeployment"
  | "deploymentEvents"
>;

/** A deployment after a change, and the audit event that recorded it. */
export interface DeploymentResult {
  deployment: DeploymentRecord;
  event: DeploymentEvent;
}

export interface CreateDeployment {
  name: string;
  /** `models:/churn@champion` (followed as the alias moves) or `models:/churn/3`. */
  model: string;
  stage?: DeploymentStage;
  thresholds?: Partial<RollbackThresholds>;
}

/** The reference in its full form, and the version it names now. */
async function resolved(store: DeploymentActionStore, reference: string): Promise<{ uri: string; deployed: DeployedVersion }> {
  const uri = modelUri(parseModelRef(reference));
  const version = await resolveModel(store, uri);
  return { uri, deployed: { model: version.model, version: version.version } };
}

async function existing(store: DeploymentActionStore, name: string): Promise<DeploymentRecord> {
  const deployment = await store.getDeployment(name);
  if (!deployment) throw deploymentNotFound(name, store.location);
  return deployment;
}

export async function createDeployment(store: DeploymentActionStore, d: CreateDeployment, change: DeploymentChange): Promise<DeploymentResult> {
  const { uri, deployed } = await resolved(store, d.model);
  return store.createDeployment({ name: d.name, stage: d.stage ?? "staging", stable: uri, thresholds: d.thresholds, deployed }, change);
}

/** Gives the deployment a candidate (or changes its policy): canary, shadow or A/B. */
export async function setCandidate(
  store: DeploymentActionStore,
  name: string,
  candidate: { model: string; policy: TrafficPolicy },
  change: DeploymentChange,
): Promise<DeploymentResult> {
  const deployment = await existing(store, name);
  const [stable, next] = await Promise.all([resolveModel(store, deployment.stable), resolved(store, candidate.model)]);
  if (stable.model === next.deployed.model && stable.version === next.deployed.version) {
    throw new ConveyorError(
      `${candidate.model} is version ${stable.version} of "${stable.model}", the one deployment "${name}" already serves as stable`,
      "give a candidate that differs from the stable version",
      "same_version",
    );
  }
  return store.updateDeployment(
    name,
    { kind: candidate.policy.kind, to: { stable: deployment.stable, candidate: { model: next.uri, policy: candidate.policy } }, deployed: next.deployed },
    change,
  );
}

function noCandidate(name: string, what: string): ConveyorError {
  return new ConveyorError(
    `deployment "${name}" has no candidate to ${what}`,
    `it may have been rolled back automatically: see \`conveyor deploy show ${name}\``,
    "no_candidate",
  );
}

/**
 * The candidate becomes what serves. A stable alias of the same model (`models:/churn@champion`)
 * is moved to the candidate's version, so everything following that alias follows; otherwise
 * the candidate's reference becomes the stable one.
 */
export async function promote(store: DeploymentActionStore, name: string, change: DeploymentChange): Promise<DeploymentResult> {
  const deployment = await existing(store, name);
  if (!deployment.candidate) throw noCandidate(name, "promote");
  const candidate = await resolved(store, deployment.candidate.model);
  const stable = parseModelRef(deployment.stable);
  const movesAlias = "alias" in stable && stable.name === candidate.deployed.model;
  const result = await store.updateDeployment(
    name,
    {
      kind: "promote",
      to: { stable: movesAlias ? deployment.stable : candidate.uri, candidate: null },
      deployed: candidate.deployed,
      ifCandidate: deployment.candidate.model,
    },
    change,
  );
  // After the deployment's own change, which checked that nothing moved meanwhile: both references were resolved above.
  if (movesAlias) await store.setAlias(stable.name, stable.alias, candidate.deployed.version, change);
  return result;
}

/**
 * Without a candidate to drop, undoes the last promotion: the stable reference it replaced comes
 * back, or the alias it moved goes back to the version that held it before. Each promotion is
 * undone at most once; `no_rollback` when there is nothing left to undo.
 */
export async function rollback(store: DeploymentActionStore, name: string, change: DeploymentChange): Promise<DeploymentResult> {
  const deployment = await existing(store, name);
  if (deployment.candidate) {
    return store.updateDeployment(
      name,
      { kind: "rollback", to: { stable: deployment.stable, candidate: null }, ifCandidate: deployment.candidate.model },
      change,
    );
  }
  const events = await store.deploymentEvents(name);
  const last = events.findLast((e) => e.kind === "promote" || (e.kind === "rollback" && e.from?.candidate === null));
  if (!last || last.kind === "rollback" || !last.from) {
    throw new ConveyorError(
      `deployment "${name}" has no candidate and no promotion left to roll back`,
      `to serve an older version, give it as a candidate and promote it: conveyor deploy canary ${name} --model <ref> --percent 10`,
      "no_rollback",
    );
  }
  const stable = parseModelRef(deployment.stable);
  if (last.from.stable === last.to.stable && "alias" in stable) {
    const moved = await store.rollbackAlias(stable.name, stable.alias, change);
    const deployed = moved.toVersion === null ? null : { model: stable.name, version: moved.toVersion };
    return store.updateDeployment(name, { kind: "rollback", to: { stable: deployment.stable, candidate: null }, deployed, ifCandidate: null }, change);
  }
  const { uri, deployed } = await resolved(store, last.from.stable);
  return store.updateDeployment(name, { kind: "rollback", to: { stable: uri, candidate: null }, deployed, ifCandidate: null }, change);
}
