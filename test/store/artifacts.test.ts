import assert from "node:assert/strict";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, describe, it } from "node:test";
import { LocalArtifactStore } from "../../src/artifacts/local.ts";
import { conveyorError } from "./expect-conveyor-error.ts";

const roots: string[] = [];

function freshStore(): { root: string; store: LocalArtifactStore } {
  const root = mkdtempSync(join(tmpdir(), "conveyor-artifacts-"));
  roots.push(root);
  return { root, store: new LocalArtifactStore(root) };
}

async function stage(store: LocalArtifactStore, content: string | Buffer, name = "out.bin", attempt = 1) {
  const dir = await store.stagingDir("run1", "train", attempt);
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const sha256 = (content: string | Buffer) => createHash("sha256").update(content).digest("hex");

/** Blobs are read-only; a test that damages one must make it writable first. */
function overwrite(path: string, content: string): void {
  chmodSync(path, 0o644);
  writeFileSync(path, content);
}

describe("LocalArtifactStore", () => {
  after(() => {
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
  });

  it("stores a staged file at its content address and reports digest, uri and size", async () => {
    const { root, store } = freshStore();
    // Larger than one stream chunk, so hashing really streams.
    const content = randomBytes(3 * 1024 * 1024 + 17);
    const staged = await stage(store, content);
    const hex = sha256(content);

    const stored = await store.ingest(staged, { mediaType: "application/octet-stream" });
    const blob = join(root, ".conveyor", "artifacts", "sha256", hex.slice(0, 2), hex.slice(2));
    assert.deepEqual(stored, { digest: `sha256:${hex}`, uri: `file://${blob}`, size: content.length });
    assert.equal(store.localPath(stored.uri), blob);
    assert.equal(fileURLToPath(stored.uri), blob);
    assert.ok(readFileSync(blob).equals(content));
    assert.equal(statSync(blob).mode & 0o222, 0, "blobs are read-only");
    assert.ok(existsSync(staged), "the staged file stays until the record is committed");
    await store.settle(staged, stored.uri);
    assert.equal(existsSync(staged), false, "settled, the staged file is gone");
    assert.ok(readFileSync(blob).equals(content));
  });

  it("keeps the stored blob when the same content is ingested again, and drops the staged copy", async () => {
    const { store } = freshStore();
    const first = await store.ingest(await stage(store, "a,b\n1,2\n"), { mediaType: "text/csv" });
    const blob = store.localPath(first.uri);
    const inode = statSync(blob).ino;

    const again = await stage(store, "a,b\n1,2\n", "copy.csv", 2);
    assert.deepEqual(await store.ingest(again, { mediaType: "text/csv" }), first);
    await store.settle(again, first.uri);
    assert.equal(statSync(blob).ino, inode, "the existing blob is not replaced");
    assert.equal(existsSync(again), false);

    const other = await store.ingest(await stage(store, "a,b\n1,3\n"), { mediaType: "text/csv" });
    assert.notEqual(other.digest, first.digest);
  });

  it("replaces a damaged blob when its content is ingested again", async () => {
    const { store } = freshStore();
    const stored = await store.ingest(await stage(store, "good content"), { mediaType: "text/plain" });
    overwrite(store.localPath(stored.uri), "bad content");
    assert.deepEqual(await store.ingest(await stage(store, "good content"), { mediaType: "text/plain" }), stored);
    await store.verify(stored.uri, stored.digest);
  });

  it("verifies and opens intact artifacts", async () => {
    const { store } = freshStore();
    const stored = await store.ingest(await stage(store, "model weights"), { mediaType: "application/json" });
    await store.verify(stored.uri, stored.digest);
    const path = await store.open(stored.uri, stored.digest);
    assert.equal(readFileSync(path, "utf8"), "model weights");
  });

  it("detects a changed artifact, naming the file, the expected and the actual digest", async () => {
    const { store } = freshStore();
    const stored = await store.ingest(await stage(store, "accuracy=0.91"), { mediaType: "text/plain" });
    const path = store.localPath(stored.uri);
    overwrite(path, "accuracy=0.99");
    const actual = `sha256:${sha256("accuracy=0.99")}`;
    await assert.rejects(store.verify(stored.uri, stored.digest), conveyorError("corrupt_artifact", path, stored.digest, actual));
    await assert.rejects(store.open(stored.uri, stored.digest), conveyorError("corrupt_artifact", path, actual));
  });

  it("detects a missing artifact", async () => {
    const { store } = freshStore();
    const stored = await store.ingest(await stage(store, "rows"), { mediaType: "text/plain" });
    const path = store.localPath(stored.uri);
    rmSync(path);
    await assert.rejects(store.verify(stored.uri, stored.digest), conveyorError("corrupt_artifact", path, "missing", stored.digest));
    await assert.rejects(store.open(stored.uri, stored.digest), conveyorError("corrupt_artifact", path));
  });

  it("gives each attempt of a task its own staging folder under .conveyor/staging", async () => {
    const { root, store } = freshStore();
    const first = await store.stagingDir("run1", "score[0]", 1);
    assert.equal(first, join(root, ".conveyor", "staging", "run1", encodeURIComponent("score[0]"), "1"));
    assert.ok(statSync(first).isDirectory());
    assert.equal(store.stagingPath("run1", "score[0]", 1), first);
    assert.equal(existsSync(store.stagingPath("run1", "score[0]", 9)), false, "stagingPath creates nothing");
    writeFileSync(join(first, "partial"), "x");
    assert.equal(await store.stagingDir("run1", "score[0]", 1), first);
    assert.ok(existsSync(join(first, "partial")), "asking again does not empty the folder");
    assert.notEqual(await store.stagingDir("run1", "score[0]", 2), first);
    assert.notEqual(await store.stagingDir("run1", "score[1]", 1), first);

    const escaped = await store.stagingDir("run1", "../../etc", 1);
    assert.ok(escaped.startsWith(join(root, ".conveyor", "staging", "run1")), escaped);
    await assert.rejects(store.stagingDir("run1", "..", 1), conveyorError("invalid_name", '".."'));
  });

  it("discards an attempt's staging folder, or a run's, and nothing else", async () => {
    const { root, store } = freshStore();
    const done = await store.stagingDir("run1", "train", 1);
    const next = await store.stagingDir("run1", "train", 2);
    const other = await store.stagingDir("run2", "train", 1);
    writeFileSync(join(done, "partial"), "x");
    await store.discardStaging("run1", { taskName: "train", number: 1 });
    assert.equal(existsSync(done), false);
    assert.ok(existsSync(next));
    await store.discardStaging("run1", { taskName: "train", number: 1 });
    await store.discardStaging("run1");
    assert.equal(existsSync(join(root, ".conveyor", "staging", "run1")), false);
    assert.ok(existsSync(other));
  });

  it("keeps content that a run records while garbage collection removes it, whichever goes first", async () => {
    const { root, store } = freshStore();
    const old = await store.ingest(await stage(store, "shared rows"), { mediaType: "text/csv" });
    const blob = store.localPath(old.uri);
    let recorded = false;
    const referenced = async () => recorded;

    // gc takes the blob after a new run found it stored, before that run's record: settle puts it back.
    const staged = await stage(store, "shared rows", "again.csv", 2);
    assert.deepEqual(await store.ingest(staged, { mediaType: "text/csv" }), old);
    assert.equal(await store.remove(old.uri, referenced), true);
    assert.equal(existsSync(blob), false);
    recorded = true;
    await store.settle(staged, old.uri);
    assert.equal(readFileSync(blob, "utf8"), "shared rows");

    // The run's record comes while gc holds the blob aside: gc puts it back and removes nothing.
    let during = false;
    assert.equal(
      await store.remove(old.uri, async () => {
        during = !existsSync(blob);
        return true;
      }),
      false,
    );
    assert.ok(during, "the blob was out of its place while gc asked");
    assert.equal(readFileSync(blob, "utf8"), "shared rows");
    await store.verify(old.uri, old.digest);

    // Nothing records it: the blob goes, and no trash is left beside it.
    assert.equal(await store.remove(old.uri, async () => false), true);
    assert.equal(existsSync(blob), false);
    assert.deepEqual(readdirSync(dirname(blob)), [], "no trash or temporary file is left");
    assert.equal(await store.remove(old.uri, async () => false), false, "already gone");
    assert.equal(await store.remove(`file://${join(root, "elsewhere.csv")}`, async () => false), false, "not one of the store's blobs");
  });

  it("puts back the files a gc killed half-way set aside, which nothing else would ever find", async () => {
    const { store } = freshStore();
    const kept = await store.ingest(await stage(store, "kept rows"), { mediaType: "text/csv" });
    const twice = await store.ingest(await stage(store, "twice", "t.csv"), { mediaType: "text/csv" });
    // What `remove` leaves when its process dies after setting a blob aside.
    const setAside = (uri: string) => {
      const blob = fileURLToPath(uri);
      const trash = join(dirname(blob), `.${blob.slice(-62)}.${randomUUID()}.gc`);
      renameSync(blob, trash);
      return { blob, trash };
    };
    const lost = setAside(kept.uri);
    const duplicate = setAside(twice.uri);
    await store.ingest(await stage(store, "twice", "t2.csv", 2), { mediaType: "text/csv" });
    assert.equal(await store.restoreSetAside(), 2);
    assert.equal(readFileSync(lost.blob, "utf8"), "kept rows", "the blob is back");
    await store.verify(kept.uri, kept.digest);
    assert.equal(existsSync(lost.trash), false);
    assert.equal(existsSync(duplicate.trash), false, "a copy whose blob was stored again is dropped");
    await store.verify(twice.uri, twice.digest);
    assert.equal(await store.restoreSetAside(), 0, "nothing is left set aside");
  });

  it("removes the temporary files a stopped writer left, but not one changed since the cutoff", async () => {
    const { store } = freshStore();
    const kept = await store.ingest(await stage(store, "kept rows"), { mediaType: "text/csv" });
    const blob = fileURLToPath(kept.uri);
    const temporary = (name: string) => join(dirname(blob), `.${blob.slice(-62)}.${name}.tmp`);
    const stale = temporary(randomUUID());
    writeFileSync(stale, "partial copy");
    // The cutoff falls after the stale file's last change and before the live one's.
    const cutoff = statSync(stale).ctimeMs + 1;
    await new Promise((resolve) => setTimeout(resolve, 20));
    const live = temporary(randomUUID());
    writeFileSync(live, "a writer's copy, about to be renamed");
    assert.ok(statSync(live).ctimeMs >= cutoff);

    assert.deepEqual(await store.removeStaleTemporaries(cutoff), { files: 1, bytes: "partial copy".length });
    assert.equal(existsSync(stale), false);
    assert.equal(existsSync(live), true, "a concurrent writer's file stays");
    await store.verify(kept.uri, kept.digest);
    assert.deepEqual(await store.removeStaleTemporaries(cutoff), { files: 0, bytes: 0 });
  });

  it("lists every content file it holds, and no temporary or set-aside file", async () => {
    const { root, store } = freshStore();
    const listed = async () => {
      const out = [];
      for await (const c of store.contents()) out.push(c);
      return out;
    };
    assert.deepEqual(await listed(), [], "an empty store");
    const a = await store.ingest(await stage(store, "alpha"), { mediaType: "text/plain" });
    const b = await store.ingest(await stage(store, "beta!", "b.txt"), { mediaType: "text/plain" });
    const blobDir = dirname(fileURLToPath(a.uri));
    writeFileSync(join(blobDir, `.${"0".repeat(62)}.1234.tmp`), "partial");
    writeFileSync(join(blobDir, `.${"0".repeat(62)}.1234.gc`), "set aside");
    writeFileSync(join(root, ".conveyor", "artifacts", "sha256", "README"), "not a blob");
    const expected = [a, b].sort((x, y) => x.digest.localeCompare(y.digest));
    assert.deepEqual(await listed(), expected);
  });

  it("explains a missing staged file, a malformed digest and a non-local uri", async () => {
    const { root, store } = freshStore();
    const missing = join(root, "nope.bin");
    await assert.rejects(store.ingest(missing, { mediaType: "text/plain" }), conveyorError("not_found", missing));
    const stored = await store.ingest(await stage(store, "x"), { mediaType: "text/plain" });
    await assert.rejects(store.verify(stored.uri, "md5:abc"), conveyorError("invalid_digest", "md5:abc"));
    assert.throws(() => store.localPath("s3://bucket/key"), conveyorError("unsupported_uri", "s3://bucket/key"));
  });
});
