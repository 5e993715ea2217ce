/**
 * The CLI's runs, experiments and registry at a Conveyor server (CONVEYOR_URL): the store
 * methods it calls, and the operations a server does in one request.
 */
import { Artifact } from "../api/schemas/artifacts.ts";
import { ServerInfo } from "../api/schemas/info.ts";
import { LineageGraph } from "../api/schemas/lineage.ts";
import { ModelVersion } from "../api/schemas/models.ts";
import { Run } from "../api/schemas/runs.ts";
import { RunDetails } from "../api/schemas/tracking.ts";
import type { StoredRuns } from "../inspect/stored-runs.ts";
import type { LineageTarget } from "../inspect/lineage-graph.ts";
import type { RegisterModelOptions } from "../registry/register.ts";
import { resolveModel } from "../registry/resolve.ts";
import { ApiClient } from "./http.ts";
import { remoteDeployments } from "./remote-deployments.ts";
import { RemoteLogTail } from "./remote-log-tail.ts";
import { RemoteStore } from "./remote-store.ts";

const enc = encodeURIComponent;

function lineagePath(target: LineageTarget): string {
  if ("run" in target) return `/api/v1/runs/${enc(target.run.id)}/lineage`;
  if ("version" in target) return `/api/v1/models/${enc(target.version.model)}/versions/${target.version.version}/lineage`;
  // The records of one content: the server finds them all from the digest, as the CLI did.
  return `/api/v1/artifacts/${enc(target.artifacts[0]?.digest ?? "")}/lineage`;
}

/** Asks the server who it is first: an unreachable server or a wrong token fails here, before any command's work. */
export async function connect(url: string, token: string | undefined): Promise<StoredRuns> {
  const api = new ApiClient(url, token);
  const info = await api.request(ServerInfo, "/api/v1");
  const store = new RemoteStore(api, info.store);
  return {
    store,
    runDetails: (run) => api.request(RunDetails, `/api/v1/runs/${enc(run.id)}/details`),
    lineage: (target) => api.request(LineageGraph, lineagePath(target)),
    async registerModel(options: RegisterModelOptions) {
      const { name, ...body } = options;
      const created = await api.request(ModelVersion, `/api/v1/models/${enc(name)}/versions`, { method: "POST", body });
      return created;
    },
    cancelRun: (runId) => api.request(Run, `/api/v1/runs/${enc(runId)}/cancel`, { method: "POST" }),
    logTail: (runId) => new RemoteLogTail(api, runId),
    deployments: remoteDeployments(api),
    async modelFile(reference) {
      const version = await resolveModel(store, reference);
      const artifact = await api.request(Artifact, `/api/v1/artifacts/${enc(version.artifactId)}`);
      return { version, artifact, content: await api.download(`/api/v1/artifacts/${enc(version.artifactId)}/content`) };
    },
  };
}
