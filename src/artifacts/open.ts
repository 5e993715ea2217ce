import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ConveyorError } from "../errors.ts";
import { LocalArtifactStore } from "./local.ts";
import type { CollectableArtifactStore } from "./types.ts";

export interface OpenArtifactStoreOptions {
  /** The project folder: staging (and a remote store's local cache) live under its `.conveyor/`. */
  root: string;
  /**
   * `s3://bucket/prefix` for an S3-compatible object store, or a folder for content files;
   * defaults to CONVEYOR_ARTIFACTS. Without either, `<root>/.conveyor/artifacts`.
   */
  location?: string;
  /** The environment the S3 endpoint and credentials are read from (AWS_*); defaults to process.env. */
  env?: NodeJS.ProcessEnv;
}

/**
 * The artifact store the configuration names. An S3 store is checked before it is returned,
 * so a missing bucket, refused credentials or an endpoint that does not answer fail here, in
 * one clear error, rather than in the middle of a run.
 */
export async function openArtifactStore(options: OpenArtifactStoreOptions): Promise<CollectableArtifactStore> {
  const env = options.env ?? process.env;
  const location = options.location ?? env.CONVEYOR_ARTIFACTS;
  const from = options.location !== undefined ? "the location option" : "CONVEYOR_ARTIFACTS";
  if (!location) return new LocalArtifactStore(options.root);
  if (location.startsWith("s3://")) {
    // Loaded only for an S3 store: the AWS SDK is a large part of a command's start.
    const [{ S3ArtifactStore }, { s3Connection }, { parseS3Url }] = await Promise.all([
      import("./s3.ts"),
      import("./s3-client.ts"),
      import("./s3-location.ts"),
    ]);
    const store = new S3ArtifactStore({ root: options.root, location: parseS3Url(location, from), ...s3Connection(env) });
    await store.check();
    return store;
  }
  // Silently storing under a folder named "gs:" would lose a team's artifacts to one machine.
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(location) && !location.startsWith("file://")) {
    throw new ConveyorError(
      `unsupported artifact store "${location}" (from ${from})`,
      "use s3://bucket/prefix for an S3-compatible object store, or a folder path; unset it to keep artifacts under .conveyor/",
      "invalid_config",
    );
  }
  const folder = location.startsWith("file://") ? fileURLToPath(location) : location;
  return new LocalArtifactStore(options.root, resolve(options.root, folder));
}
