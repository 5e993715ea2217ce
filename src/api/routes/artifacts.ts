/** Artifacts: those of a run, one's record, its content, and the first rows of a Dataset. */
import { z } from "zod";
import type { ArtifactRecord } from "../../store/types.ts";
import { sendContent } from "../content.ts";
import { type Api, API, type ApiContext } from "../context.ts";
import { artifactOrFail, runOrFail } from "../lookup.ts";
import { linkWith, sendPage, slicePage } from "../pagination.ts";
import { previewDataset } from "../preview.ts";
import { Artifact, ArtifactParams, Preview, PreviewQuery, RunArtifact } from "../schemas/artifacts.ts";
import { Cursor, errorResponses, Limit, page } from "../schemas/common.ts";
import { RunParams } from "../schemas/runs.ts";

const DigestQuery = z.object({
  digest: z
    .string()
    .regex(/^(sha256:)?[0-9a-fA-F]{4,64}$/, "expected at least 4 hex digits of a digest, with or without sha256:")
    .meta({ description: "a digest or the start of one" }),
  limit: Limit,
  cursor: Cursor,
});

interface Use {
  task: string;
  taskId: string;
  kind: "input" | "output";
  name: string;
  artifact: ArtifactRecord;
  createdAt: Date;
}

export function artifactRoutes(app: Api, { store, artifacts }: ApiContext): void {
  app.get(
    `${API}/runs/:run/artifacts`,
    {
      schema: {
        summary: "Artifacts each task of a run used and produced, in the order they were recorded",
        tags: ["artifacts"],
        params: RunParams,
        querystring: z.object({ limit: Limit, cursor: Cursor }),
        response: { 200: page(RunArtifact), ...errorResponses(404, 409) },
      },
    },
    async (request, reply) => {
      const run = await runOrFail(store, request.params.run);
      const uses = new Map<string, Use>();
      for (const task of await store.listTasks(run.id)) {
        for (const e of await store.taskLineage(task.id)) {
          // A retried task records its inputs once per attempt; the API lists each use once.
          const key = `${task.id} ${e.kind} ${e.name} ${e.artifact.id}`;
          if (!uses.has(key)) uses.set(key, { task: task.name, taskId: task.id, kind: e.kind, name: e.name, artifact: e.artifact, createdAt: e.createdAt });
        }
      }
      // Recording order (a stable sort keeps task order within one instant), so later records come last.
      const all = [...uses.values()].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
      const { items, cursor } = slicePage(all, request.query.limit, request.query.cursor);
      return sendPage(reply, items, cursor ? linkWith(request, { cursor }) : null);
    },
  );

  app.get(
    `${API}/artifacts`,
    {
      schema: {
        summary: "Artifact records whose content digest starts with a prefix (at least 4 hex digits, with or without sha256:)",
        tags: ["artifacts"],
        querystring: DigestQuery,
        response: { 200: page(Artifact), ...errorResponses() },
      },
    },
    async (request, reply) => {
      const { digest, limit, cursor } = request.query;
      const slice = slicePage(await store.findArtifactsByDigest(digest), limit, cursor);
      return sendPage(reply, slice.items, slice.cursor ? linkWith(request, { cursor: slice.cursor }) : null);
    },
  );

  app.get(
    `${API}/artifacts/:artifact`,
    {
      schema: {
        summary: "An artifact's record: digest, size, media type, type, metadata",
        tags: ["artifacts"],
        params: ArtifactParams,
        response: { 200: Artifact, ...errorResponses(404) },
      },
    },
    async (request) => artifactOrFail(store, request.params.artifact),
  );

  app.get(
    `${API}/artifacts/:artifact/content`,
    {
      schema: {
        summary: "The artifact's content, streamed with its media type once its digest is verified",
        description: "ETag is the digest; Repr-Digest gives the sha-256 (RFC 9530). 409 when the stored file no longer matches its digest.",
        tags: ["artifacts"],
        params: ArtifactParams,
        response: {
          200: { description: "the content", content: { "application/octet-stream": { schema: z.string().meta({ format: "binary" }) } } },
          ...errorResponses(404, 409),
        },
      },
    },
    async (request, reply) => sendContent(reply, artifacts, await artifactOrFail(store, request.params.artifact)),
  );

  app.get(
    `${API}/artifacts/:artifact/preview`,
    {
      schema: {
        summary: "The first rows of a Dataset (Parquet or CSV), its digest verified first",
        tags: ["artifacts"],
        params: ArtifactParams,
        querystring: PreviewQuery,
        response: { 200: Preview, ...errorResponses(404, 409) },
      },
    },
    async (request) => {
      const artifact = await artifactOrFail(store, request.params.artifact);
      return { artifact: artifact.id, ...(await previewDataset(artifacts, artifact, request.query.rows)) };
    },
  );
}
