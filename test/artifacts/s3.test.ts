/** S3ArtifactStore against a real S3-compatible server (s3rver) on loopback. */
import assert from "node:assert/strict";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { openArtifactStore } from "../../src/artifacts/open.ts";
import { S3ArtifactStore } from "../../src/artifacts/s3.ts";
import { s3Connection } from "../../src/artifacts/s3-client.ts";
import { parseS3Url } from "../../src/artifacts/s3-location.ts";
import type { StoredContent } from "../../src/artifacts/types.ts";
import { type S3TestServer, startS3Server } from "../helpers/s3-server.ts";
import { conveyorError } from "../store/expect-conveyor-error.ts";
import { TrackingRun } from "../../src/tracking/tracking-run.ts";

const BUCKET = "artifacts";
const MiB = 1024 * 1024;
const roots: string[] = [];
let s3: S3TestServer;
let client: S3Client;

before(async () => {
  s3 = await startS3Server([BUCKET]);
  client = s3Connection(s3.env).client;
});
after(async () => {
  client.destroy();
  await s3.stop();
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A store over the test bucket in a fresh project folder (another machine, for its local cache). */
function machine(options: { prefix?: string; partSize?: number } = {}): { root: string; store: S3ArtifactStore } {
  const root = mkdtempSync(join(tmpdir(), "conveyor-s3-"));
  roots.push(root);
  const location = parseS3Url(`s3://${BUCKET}/${options.prefix ?? "team/ml"}`, "the test");
  return { root, store: new S3ArtifactStore({ root, location, ...s3Connection(s3.env), partSize: options.partSize }) };
}

async function stage(store: S3ArtifactStore, content: string | Buffer, name = "out.bin", attempt = 1): Promise<string> {
  const path = join(await store.stagingDir("run1", "train", attempt), name);
  writeFileSync(path, content);
  return path;
}

const sha256 = (content: string | Buffer) => createHash("sha256").update(content).digest("hex");
const keyOf = (uri: string) => uri.slice(`s3://${BUCKET}/`.length);

async function objectBytes(key: string): Promise<Buffer> {
  const { Body } = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return Buffer.from(await (Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
}

async function listed(store: S3ArtifactStore): Promise<StoredContent[]> {
  const out: StoredContent[] = [];
  for await (const c of store.contents()) out.push(c);
  return out;
}

/** A loopback port nothing listens on: one the system just gave out and took back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("S3ArtifactStore", () => {
  it("stores a staged file under its digest in the bucket, and another machine opens it checked", async () => {
    const { store } = machine();
    const content = randomBytes(200_000);
    const hex = sha256(content);
    const staged = await stage(store, content);
    const stored = await store.ingest(staged, { mediaType: "application/octet-stream" });
    assert.deepEqual(stored, { digest: `sha256:${hex}`, uri: `s3://${BUCKET}/team/ml/sha256/${hex.slice(0, 2)}/${hex.slice(2)}`, size: content.length });
    assert.ok((await objectBytes(keyOf(stored.uri))).equals(content), "the object holds the content");
    assert.ok(existsSync(staged), "the staged file stays until the record is committed");
    await store.settle(staged, stored.uri);
    assert.equal(existsSync(staged), false);

    const other = machine().store;
    assert.equal(await other.has(stored.uri, content.length), true);
    assert.equal(await other.has(stored.uri, content.length + 1), false, "a different size is not this content");
    const path = await other.open(stored.uri, stored.digest);
    assert.equal(path, other.localPath(stored.uri));
    assert.ok(readFileSync(path).equals(content));
    assert.equal(statSync(path).mode & 0o222, 0, "the local copy is read-only, as a local store's files are");
    await other.verify(stored.uri, stored.digest);
  });

  it("stores and reads an empty file", async () => {
    const { store } = machine({ prefix: "empty" });
    const stored = await store.ingest(await stage(store, ""), { mediaType: "text/plain" });
    assert.equal(stored.digest, `sha256:${sha256("")}`);
    assert.equal(readFileSync(await machine({ prefix: "empty" }).store.open(stored.uri, stored.digest), "utf8"), "");
  });

  it("uploads content it already holds once, whichever machine stores it again", async () => {
    const { store } = machine({ prefix: "dedupe" });
    const before = (await s3.created()).length;
    const first = await store.ingest(await stage(store, "same rows"), { mediaType: "text/csv" });
    const again = await machine({ prefix: "dedupe" }).store.ingest(await stage(store, "same rows", "again.csv", 2), { mediaType: "text/csv" });
    assert.deepEqual(again, first);
    assert.deepEqual(
      (await s3.created()).slice(before).map((c) => c.key),
      [keyOf(first.uri)],
      "one upload",
    );
  });

  it("detects an object changed or deleted after it was stored, and keeps no copy of the wrong bytes", async () => {
    const { store } = machine({ prefix: "corrupt" });
    const stored = await store.ingest(await stage(store, "the real rows"), { mediaType: "text/csv" });
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: keyOf(stored.uri), Body: "tampered rows" }));
    const reader = machine({ prefix: "corrupt" }).store;
    await assert.rejects(
      reader.open(stored.uri, stored.digest),
      conveyorError("corrupt_artifact", stored.uri, stored.digest, `sha256:${sha256("tampered rows")}`),
    );
    assert.equal(existsSync(reader.localPath(stored.uri)), false, "the wrong bytes are not cached");
    await client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: keyOf(stored.uri) }));
    await assert.rejects(reader.verify(stored.uri, stored.digest), conveyorError("corrupt_artifact", stored.uri, "missing"));
    assert.equal(await reader.has(stored.uri, stored.size), false);
  });

  it("uploads a file larger than a part in parts, and a small one in one request", async () => {
    const { store } = machine({ prefix: "multipart", partSize: 5 * MiB });
    const large = randomBytes(11 * MiB + 3);
    const before = (await s3.created()).length;
    const big = await store.ingest(await stage(store, large, "model.bin"), { mediaType: "application/octet-stream" });
    const small = await store.ingest(await stage(store, "tiny", "tiny.txt"), { mediaType: "text/plain" });
    // s3rver reports a completed multipart upload as a POST, a single upload as a PUT.
    assert.deepEqual((await s3.created()).slice(before), [
      { key: keyOf(big.uri), how: "ObjectCreated:Post" },
      { key: keyOf(small.uri), how: "ObjectCreated:Put" },
    ]);
    const path = await machine({ prefix: "multipart" }).store.open(big.uri, big.digest);
    assert.equal(sha256(readFileSync(path)), sha256(large), "the parts were put together in order");
  });

  it("lists its content, removes what nothing references, and keeps what a run records meanwhile", async () => {
    const { store } = machine({ prefix: "gc" });
    assert.deepEqual(await listed(store), []);
    const a = await store.ingest(await stage(store, "alpha"), { mediaType: "text/plain" });
    const b = await store.ingest(await stage(store, "beta!", "b.txt"), { mediaType: "text/plain" });
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: "gc/sha256/README", Body: "not content" }));
    assert.deepEqual(await listed(store), [a, b].sort((x, y) => x.uri.localeCompare(y.uri)));

    let during = false;
    const referenced = async () => {
      during = !(await store.has(a.uri, a.size));
      return true;
    };
    assert.equal(await store.remove(a.uri, referenced), false, "recorded meanwhile: kept");
    assert.ok(during, "the object was out of its place while gc asked");
    await machine({ prefix: "gc" }).store.verify(a.uri, a.digest);

    assert.equal(await store.remove(a.uri, async () => false), true);
    assert.equal(await store.has(a.uri, a.size), false);
    assert.equal(existsSync(store.localPath(a.uri)), false, "this machine's copy goes too");
    assert.equal(await store.remove(a.uri, async () => false), false, "already gone");
    assert.equal(await store.remove("file:///tmp/elsewhere.csv", async () => false), false, "not the store's");
    assert.deepEqual(await listed(store), [b], "no set-aside object is left or listed");

    // A removal whose gc taken meanwhile keeps settle's promise: the staged copy puts it back.
    const staged = await stage(store, "beta!", "b2.txt", 2);
    await store.ingest(staged, { mediaType: "text/plain" });
    assert.equal(await store.remove(b.uri, async () => false), true);
    await store.settle(staged, b.uri);
    assert.equal(await store.has(b.uri, b.size), true);
  });

  it("puts back the objects a gc killed half-way set aside", async () => {
    const { store } = machine({ prefix: "aside" });
    const kept = await store.ingest(await stage(store, "kept rows"), { mediaType: "text/csv" });
    const key = keyOf(kept.uri);
    // What `remove` leaves when its process dies after setting the object aside.
    const trash = `${key.slice(0, key.lastIndexOf("/") + 1)}.${key.slice(-62)}.${randomUUID()}.gc`;
    await client.send(new CopyObjectCommand({ Bucket: BUCKET, Key: trash, CopySource: `${BUCKET}/${key}` }));
    await client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: key }));
    assert.deepEqual(await listed(store), []);
    assert.equal(await store.restoreSetAside(), 1);
    await machine({ prefix: "aside" }).store.verify(kept.uri, kept.digest);
    assert.equal(await store.restoreSetAside(), 0, "nothing is left set aside");
    assert.deepEqual(await store.removeStaleTemporaries(Date.now()), { files: 0, bytes: 0 }, "an object appears only whole");
  });

  it("refuses a URI of another store, naming it and the store", async () => {
    const { store } = machine();
    assert.throws(() => store.localPath("file:///tmp/x"), conveyorError("unsupported_uri", "file:///tmp/x", `s3://${BUCKET}/team/ml/`));
    await assert.rejects(store.open(`s3://other/team/ml/sha256/00/${"0".repeat(62)}`, `sha256:${"0".repeat(64)}`), conveyorError("unsupported_uri"));
    assert.equal(await store.has("file:///tmp/x", 1), false);
  });
});

describe("openArtifactStore", () => {
  const root = mkdtempSync(join(tmpdir(), "conveyor-open-"));
  roots.push(root);

  it("opens the S3 store CONVEYOR_ARTIFACTS names, with the AWS_* endpoint and credentials", async () => {
    const store = await openArtifactStore({ root, env: { ...s3.env, CONVEYOR_ARTIFACTS: `s3://${BUCKET}/opened/` } });
    assert.ok(store instanceof S3ArtifactStore);
    const stored = await store.ingest(join(await store.stagingDir("r", "t", 1), "x"), { mediaType: "text/plain" }).catch((e) => e);
    assert.equal((stored as { code?: string }).code, "not_found", "a missing staged file is named, as in a local store");
  });

  it("names a bucket that does not exist, and where", async () => {
    await assert.rejects(
      openArtifactStore({ root, env: { ...s3.env, CONVEYOR_ARTIFACTS: "s3://no-such-bucket/p" } }),
      conveyorError("bucket_not_found", "s3://no-such-bucket", s3.endpoint),
    );
  });

  it("names refused credentials", async () => {
    await assert.rejects(
      openArtifactStore({ root, env: { ...s3.env, AWS_ACCESS_KEY_ID: "NOT-A-KEY", CONVEYOR_ARTIFACTS: `s3://${BUCKET}` } }),
      conveyorError("credentials_refused", `s3://${BUCKET}`, s3.endpoint, "InvalidAccessKeyId"),
    );
  });

  it("names an endpoint nothing answers at", async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    await assert.rejects(
      openArtifactStore({ root, env: { ...s3.env, AWS_ENDPOINT_URL: endpoint, CONVEYOR_ARTIFACTS: `s3://${BUCKET}` } }),
      conveyorError("artifact_store_unreachable", `s3://${BUCKET}`, endpoint, "ECONNREFUSED"),
    );
  });

  it("refuses a malformed bucket, endpoint or scheme, naming the variable", async () => {
    await assert.rejects(openArtifactStore({ root, env: { CONVEYOR_ARTIFACTS: "s3://Bad_Bucket/x" } }), conveyorError("invalid_config", "CONVEYOR_ARTIFACTS"));
    await assert.rejects(
      openArtifactStore({ root, env: { AWS_ENDPOINT_URL: "not a url", CONVEYOR_ARTIFACTS: `s3://${BUCKET}` } }),
      conveyorError("invalid_config", "AWS_ENDPOINT_URL"),
    );
    await assert.rejects(openArtifactStore({ root, env: { CONVEYOR_ARTIFACTS: "gs://bucket/x" } }), conveyorError("invalid_config", "gs://bucket/x"));
  });

  it("is where a tracking run (startRun) logs its artifacts", async () => {
    const saved = { ...process.env };
    Object.assign(process.env, s3.env, { CONVEYOR_ARTIFACTS: `s3://${BUCKET}/tracking` });
    try {
      const run = await TrackingRun.start({ root, experiment: "s3" });
      const file = join(root, "notes.txt");
      writeFileSync(file, "logged from a script");
      const artifact = await run.logArtifact(file);
      await run.end();
      assert.match(artifact.uri, new RegExp(`^s3://${BUCKET}/tracking/sha256/`));
      assert.ok((await objectBytes(keyOf(artifact.uri))).equals(Buffer.from("logged from a script")));
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  });

  it("keeps content files in the folder CONVEYOR_ARTIFACTS names, or under .conveyor without it", async () => {
    const shared = join(root, "shared-artifacts");
    const store = await openArtifactStore({ root, env: { CONVEYOR_ARTIFACTS: shared } });
    const staged = join(await store.stagingDir("r", "t", 1), "x.txt");
    writeFileSync(staged, "in a shared folder");
    const stored = await store.ingest(staged, { mediaType: "text/plain" });
    assert.ok(store.localPath(stored.uri).startsWith(join(shared, "sha256")));
    const local = await openArtifactStore({ root, env: {} });
    assert.equal(await local.has(stored.uri, stored.size), true, "a file:// URI is readable by any local store");
  });
});
