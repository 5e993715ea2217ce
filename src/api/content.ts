/** Downloading an artifact's content: checked against its digest, then streamed with its media type. */
import { createReadStream } from "node:fs";
import type { FastifyReply } from "fastify";
import type { ArtifactStore } from "../artifacts/types.ts";
import type { ArtifactRecord } from "../store/types.ts";

const EXTENSIONS: Record<string, string> = {
  "application/json": ".json",
  "application/vnd.apache.parquet": ".parquet",
  "text/csv": ".csv",
  "text/plain": ".txt",
};

export async function sendContent(reply: FastifyReply, artifacts: ArtifactStore, artifact: ArtifactRecord): Promise<FastifyReply> {
  // Reads the file once more than streaming alone would, so damaged content is refused
  // (409) before a single byte goes out, rather than discovered after a 200.
  const path = await artifacts.open(artifact.uri, artifact.digest);
  const hex = artifact.digest.slice("sha256:".length);
  const name = `${artifact.type.toLowerCase()}-${hex.slice(0, 12)}${EXTENSIONS[artifact.mediaType] ?? ""}`;
  return reply
    .header("content-type", artifact.mediaType)
    .header("content-length", String(artifact.size))
    .header("content-disposition", `attachment; filename="${name}"`)
    .header("etag", `"${artifact.digest}"`)
    .header("repr-digest", `sha-256=:${Buffer.from(hex, "hex").toString("base64")}:`)
    .send(createReadStream(path));
}
