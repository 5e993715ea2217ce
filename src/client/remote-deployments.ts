/** `conveyor deploy` at a Conveyor server (CONVEYOR_URL): each command one request to its deployment routes. */
import { Deployment, DeploymentChanged, DeploymentDetail } from "../api/schemas/deployments.ts";
import type { Deployments } from "../inspect/deployments.ts";
import type { ApiClient } from "./http.ts";

/** The most items the server gives in one page. */
const PAGE = 1000;

const path = (...parts: string[]) => `/api/v1/deployments${parts.map((p) => `/${encodeURIComponent(p)}`).join("")}`;

export function remoteDeployments(api: ApiClient): Deployments {
  return {
    list: () => api.all(Deployment, path(), { limit: PAGE }),
    show: (name) => api.request(DeploymentDetail, path(name)),
    create: ({ name, model, stage, thresholds }, change) =>
      api.request(DeploymentChanged, path(), { method: "POST", body: { name, model, stage, thresholds, ...change } }),
    setCandidate: (name, { model, policy }, change) => api.request(DeploymentChanged, path(name, "candidate"), { method: "PUT", body: { model, policy, ...change } }),
    promote: (name, change) => api.request(DeploymentChanged, path(name, "promote"), { method: "POST", body: change }),
    rollback: (name, change) => api.request(DeploymentChanged, path(name, "rollback"), { method: "POST", body: change }),
  };
}
