/**
 * The port `conveyor deploy` works through: the local store answers it on the project's machine,
 * a Conveyor server answers it in the remote client (CONVEYOR_URL), each change one operation.
 */
import { createDeployment, type CreateDeployment, type DeploymentResult, promote, rollback, setCandidate } from "../serve/deployment-actions.ts";
import { deploymentNotFound } from "../store/deployment-errors.ts";
import type { CandidateRoute, DeploymentChange, DeploymentEvent, DeploymentRecord } from "../store/deployment-types.ts";
import type { MetadataStore } from "../store/types.ts";

export interface DeploymentDetail {
  deployment: DeploymentRecord;
  events: DeploymentEvent[];
}

export interface Deployments {
  list(): Promise<DeploymentRecord[]>;
  /** not_found for an unknown deployment. */
  show(name: string): Promise<DeploymentDetail>;
  create(d: CreateDeployment, change: DeploymentChange): Promise<DeploymentResult>;
  setCandidate(name: string, candidate: CandidateRoute, change: DeploymentChange): Promise<DeploymentResult>;
  promote(name: string, change: DeploymentChange): Promise<DeploymentResult>;
  rollback(name: string, change: DeploymentChange): Promise<DeploymentResult>;
}

export function localDeployments(store: MetadataStore): Deployments {
  return {
    list: () => store.listDeployments(),
    async show(name) {
      const deployment = await store.getDeployment(name);
      if (!deployment) throw deploymentNotFound(name, store.location);
      return { deployment, events: await store.deploymentEvents(name) };
    },
    create: (d, change) => createDeployment(store, d, change),
    setCandidate: (name, candidate, change) => setCandidate(store, name, candidate, change),
    promote: (name, change) => promote(store, name, change),
    rollback: (name, change) => rollback(store, name, change),
  };
}
