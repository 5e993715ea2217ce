/** Artifacts: those of a run, one's record, its content, and the first rows of a Dataset. */
import { z } from "zod";
import { sendContent } from "../content.ts";
import { type Api, API, type ApiContext } from "../context.ts";
import { artifactOrFail, runOrFail } from "../lookup.ts";
import { linkWith, sendPage, storePage } from "../pagination.ts";
import { previewDataset } from "../preview.ts";
import { profileDataset } from "../profile.ts";
import { Artifact, ArtifactParams, DatasetProfile, Preview, PreviewQuery, RunArtifact } from "../schemas/artifacts.ts";
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
      const { items, cursor } = await storePage(request.query.limit, request.query.cursor, (window) => store.listArtifactUses(run.id, window));
      const uses = items.map(({ taskId, taskName, kind, name, artifact }) => ({ task: taskName, taskId, kind, name, artifact }));
      return sendPage(reply, uses, cursor ? linkWith(request, { cursor }) : null);
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
      const found = await storePage(limit, cursor, (window) => store.findArtifactsByDigest(digest, window));
      return sendPage(reply, found.items, found.cursor ? linkWith(request, { cursor: found.cursor }) : null);
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
        summary: "Rows of a Dataset (Parquet or CSV) from an offset, its digest verified first",
        tags: ["artifacts"],
        params: ArtifactParams,
        querystring: PreviewQuery,
        response: { 200: Preview, ...errorResponses(404, 409) },
      },
    },
    async (request) => {
      const artifact = await artifactOrFail(store, request.params.artifact);
      return { artifact: artifact.id, ...(await previewDataset(artifacts, artifact, request.query.rows, request.query.offset)) };
    },
  );

  app.get(
    `${API}/artifacts/:artifact/profile`,
    {
      schema: {
        summary: "A Dataset's profile: per column its type, counts, summary statistics, top values and histogram (datasets up to 64 MiB)",
        tags: ["artifacts"],
        params: ArtifactParams,
        response: { 200: DatasetProfile, ...errorResponses(404, 409) },
      },
    },
    async (request) => profileDataset(artifacts, await artifactOrFail(store, request.params.artifact)),
  );
}
