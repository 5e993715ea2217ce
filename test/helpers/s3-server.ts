/** A real S3-compatible server (s3rver) on loopback, in its own process and temporary folder, for a test file. */
import { type ChildProcess, fork } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface S3TestServer {
  endpoint: string;
  /** The AWS_* variables that reach it with the key it accepts. */
  env: Record<string, string>;
  /** Every object created so far, with how: "ObjectCreated:Put", ":Post" (a completed multipart upload) or ":Copy". */
  created(): Promise<{ key: string; how: string }[]>;
  stop(): Promise<void>;
}

/** s3rver's one account's key; any other access key id is refused (InvalidAccessKeyId). */
export const S3RVER_KEY = "S3RVER";

const SERVER = join(import.meta.dirname, "s3-server-process.ts");

export async function startS3Server(buckets: string[]): Promise<S3TestServer> {
  const directory = await mkdtemp(join(tmpdir(), "conveyor-s3rver-"));
  const child: ChildProcess = fork(SERVER, [directory, ...buckets], {
    execArgv: ["--openssl-legacy-provider", "--import", "tsx/esm"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const [first] = (await Promise.race([once(child, "message"), once(child, "exit").then(() => [undefined])])) as [{ port: number } | undefined];
  if (!first) throw new Error("s3rver exited before it listened");
  const endpoint = `http://127.0.0.1:${first.port}`;
  return {
    endpoint,
    env: { AWS_ENDPOINT_URL: endpoint, AWS_REGION: "us-east-1", AWS_ACCESS_KEY_ID: S3RVER_KEY, AWS_SECRET_ACCESS_KEY: S3RVER_KEY },
    async created() {
      const answer = once(child, "message");
      child.send("created");
      return ((await answer)[0] as { created: { key: string; how: string }[] }).created;
    },
    async stop() {
      const exited = once(child, "exit");
      child.disconnect();
      await exited;
      await rm(directory, { recursive: true, force: true });
    },
  };
}
