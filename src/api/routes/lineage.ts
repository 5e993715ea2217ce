/** Lineage of a run (each task's inputs and outputs) and of an artifact (who made it, who used it). */
import { artifactLineage, runLineage } from "../../inspect/lineage-graph.ts";
import { type Api, API, type ApiContext } from "../context.ts";
import { artifactOrFail, runOrFail } from "../lookup.ts";
import { ArtifactParams } from "../schemas/artifacts.ts";
import { errorResponses } from "../schemas/common.ts";
import { LineageGraph } from "../schemas/lineage.ts";
import { RunParams } from "../schemas/runs.ts";

export function lineageRoutes(app: Api, { store }: ApiContext): void {
  app.get(
    `${API}/runs/:run/lineage`,
    {
      schema: {
        summary: "Lineage graph of a run: its tasks and the artifacts each used and produced",
        tags: ["lineage"],
        params: RunParams,
        response: { 200: LineageGraph, ...errorResponses(404, 409) },
      },
    },
    async (request) => runLineage(store, await runOrFail(store, request.params.run)),
  );

  app.get(
    `${API}/artifacts/:artifact/lineage`,
    {
      schema: {
        summary: "Lineage graph of an artifact's content: the tasks (of any run) that produced and used it",
        tags: ["lineage"],
        params: ArtifactParams,
        response: { 200: LineageGraph, ...errorResponses(404) },
      },
    },
    async (request) => {
      const artifact = await artifactOrFail(store, request.params.artifact);
      // Every record of the same content: the same bytes, whichever task recorded them.
      return artifactLineage(store, await store.findArtifactsByDigest(artifact.digest));
    },
  );
}
