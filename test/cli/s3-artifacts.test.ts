/**
 * examples/s3-artifacts through `conveyor run`, `models download` and `gc`, and the start of a
 * command, with CONVEYOR_ARTIFACTS=s3://…, against a real S3-compatible server.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import { s3Connection } from "../../src/artifacts/s3-client.ts";
import { type S3TestServer, startS3Server } from "../helpers/s3-server.ts";
import { assertOk, assertUserError, json, type Project, project, type Result, SDK } from "./harness.ts";

/** The example, run as it is but for its `conveyor` import: the SDK is not installed in the test's folder. */
const EXAMPLE = readFileSync(join(import.meta.dirname, "../../examples/s3-artifacts/pipeline.ts"), "utf8").replace(
  'from "conveyor";',
  `from ${JSON.stringify(SDK)};`,
);

interface RunJson {
  run: { id: string; status: string };
  tasks: { name: string; status: string }[];
}

const BUCKET = "team-artifacts";
let s3: S3TestServer;
let client: S3Client;
let p: Project;

/** The CLI run with these environment variables (the harness passes the test's environment on). */
async function cliWith(env: Record<string, string>, ...args: string[]): Promise<Result> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return await p.cli(...args);
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

async function objectKeys(): Promise<string[]> {
  const page = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "forest/" }));
  return (page.Contents ?? []).map((o) => o.Key as string).sort();
}

before(async () => {
  s3 = await startS3Server([BUCKET]);
  client = s3Connection(s3.env).client;
  Object.assign(process.env, s3.env, { CONVEYOR_ARTIFACTS: `s3://${BUCKET}/forest` });
  p = await project();
  await p.write("forest.ts", EXAMPLE);
});
after(async () => {
  client.destroy();
  await s3.stop();
});

describe("artifacts on S3 (CONVEYOR_ARTIFACTS=s3://bucket/prefix)", () => {
  let first: string;

  it("runs a pipeline with its outputs stored in the bucket, and reuses them from there", async () => {
    const run = json<RunJson>(await p.cli("run", "forest.ts", "--json"));
    assert.equal(run.run.status, "succeeded");
    first = run.run.id;
    const keys = await objectKeys();
    assert.equal(keys.length, 2, `the dataset and the model: ${keys}`);
    for (const key of keys) assert.match(key, /^forest\/sha256\/[0-9a-f]{2}\/[0-9a-f]{62}$/);
    assert.equal(existsSync(join(p.dir, ".conveyor", "artifacts")), false, "nothing is kept under .conveyor/artifacts");

    // Another machine: no local copy of anything. The cache hit is checked against the bucket,
    // and fit's input is fetched from it (and checked) to run.
    rmSync(join(p.dir, ".conveyor", "cache"), { recursive: true, force: true });
    const again = json<RunJson>(await p.cli("run", "forest.ts", "--param", "trees=2", "--json"));
    assert.deepEqual(
      again.tasks.map((t) => [t.name, t.status]),
      [
        ["make", "cached"],
        ["fit", "succeeded"],
      ],
    );
    assert.equal((await objectKeys()).length, 3, "one more model, the same dataset");
    assertOk(await p.cli("models", "register", "forest", "--run", again.run.id, "--task", "fit"));
    rmSync(join(p.dir, ".conveyor", "cache"), { recursive: true, force: true });
    assertOk(await p.cli("models", "download", "models:/forest/1", "-o", join(p.dir, "models")));
    assert.deepEqual(JSON.parse(readFileSync(join(p.dir, "models", "forest-v1.json"), "utf8")), { trees: 2, rows: 2 });
  });

  it("collects the objects of deleted runs with `conveyor gc`", async () => {
    assertOk(await p.cli("runs", "delete", first));
    const plan = json<{ files: { uri: string }[] }>(await p.cli("gc", "--dry-run", "--json"));
    assert.equal(plan.files.length, 1, "the first run's model; its dataset is the second run's too");
    assert.match(plan.files[0]?.uri ?? "", new RegExp(`^s3://${BUCKET}/forest/sha256/`));
    assert.equal((await objectKeys()).length, 3, "a dry run removes nothing");
    assertOk(await p.cli("gc"));
    assert.equal((await objectKeys()).length, 2);
    assert.ok(!(await objectKeys()).includes((plan.files[0]?.uri ?? "").slice(`s3://${BUCKET}/`.length)));
  });

  it("refuses to start with a bucket that does not exist, naming it, its endpoint and the fix", async () => {
    const result = await cliWith({ CONVEYOR_ARTIFACTS: "s3://no-such-bucket/forest" }, "run", "forest.ts");
    assertUserError(result, "s3://no-such-bucket", s3.endpoint, "does not exist", "aws s3 mb");
  });

  it("refuses to start with credentials the server refuses", async () => {
    const result = await cliWith({ AWS_ACCESS_KEY_ID: "SOMEONE-ELSE" }, "gc", "--dry-run");
    assertUserError(result, `s3://${BUCKET}`, s3.endpoint, "refused the credentials", "AWS_ACCESS_KEY_ID");
  });

  it("refuses to start when nothing answers at the endpoint", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    await new Promise((resolve) => server.close(resolve));
    const result = await cliWith({ AWS_ENDPOINT_URL: endpoint }, "run", "forest.ts");
    assertUserError(result, "cannot reach the artifact store", endpoint, "AWS_ENDPOINT_URL");
  });
});
