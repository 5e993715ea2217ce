/** A real S3-compatible server (s3rver) on loopback, in its own temporary folder, for a test file. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import S3rver from "s3rver";

export interface S3TestServer {
  endpoint: string;
  /** The AWS_* variables that reach it with the key it accepts. */
  env: Record<string, string>;
  /** Every object key created so far, with how: "ObjectCreated:Put", ":Post" (a completed multipart upload) or ":Copy". */
  created: { key: string; how: string }[];
  stop(): Promise<void>;
}

/** s3rver's one account's key; any other access key id is refused (InvalidAccessKeyId). */
export const S3RVER_KEY = "S3RVER";

export async function startS3Server(buckets: string[]): Promise<S3TestServer> {
  const directory = await mkdtemp(join(tmpdir(), "conveyor-s3rver-"));
  const server = new S3rver({ address: "127.0.0.1", port: 0, directory, silent: true, configureBuckets: buckets.map((name) => ({ name })) });
  const { port } = await server.run();
  const created: S3TestServer["created"] = [];
  server.on("event", (event) => {
    for (const record of event.Records) {
      if (record.eventName.startsWith("ObjectCreated")) created.push({ key: record.s3.object.key, how: record.eventName });
    }
  });
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    env: { AWS_ENDPOINT_URL: endpoint, AWS_REGION: "us-east-1", AWS_ACCESS_KEY_ID: S3RVER_KEY, AWS_SECRET_ACCESS_KEY: S3RVER_KEY },
    created,
    async stop() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
