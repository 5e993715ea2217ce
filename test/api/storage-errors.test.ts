/**
 * A server whose disk fills answers 507 naming the cause: a storage failure on the server is not
 * the client's fault (never a 400), and the server stays up.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { LocalArtifactStore } from "../../src/artifacts/local.ts";
import type { Api } from "../../src/api/context.ts";
import { createServer } from "../../src/api/server.ts";
import type { Engine } from "../../src/engine/engine.ts";
import { LocalEngine } from "../../src/executors/local-engine.ts";
import { openStore } from "../../src/store/open.ts";
import type { MetadataStore } from "../../src/store/types.ts";
import { mountTmpfs } from "../helpers/tmpfs.ts";

/** Fills the filesystem holding `dir` until a write fails. */
async function fill(dir: string): Promise<void> {
  try {
    execFileSync("dd", ["if=/dev/zero", `of=${join(dir, "filler")}`, "bs=64k"], { stdio: "ignore" });
  } catch {
    // dd stops with "No space left on device": the disk is full, as wanted.
  }
}

describe("the API on a server whose storage fails", () => {
  let dir: string;
  let mounted = false;
  let store: MetadataStore;
  let engine: Engine;
  let app: Api;
  let url: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "conveyor-api-storage-"));
    mounted = mountTmpfs(dir, "4m");
    if (!mounted) return;
    store = await openStore({ root: dir, url: "" });
    const artifacts = new LocalArtifactStore(dir);
    engine = new LocalEngine({ store, artifacts, root: dir });
    app = await createServer({ store, artifacts, engine, root: dir, token: "", log: { level: "silent" } });
    url = await app.listen({ port: 0, host: "127.0.0.1" });
  });
  after(async () => {
    if (mounted) {
      await app.close();
      await engine.close();
      await store.close();
      execFileSync("umount", [dir]);
    }
    await rm(dir, { recursive: true, force: true });
  });

  const createExperiment = (name: string) =>
    fetch(`${url}/api/v1/experiments`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name, description: "x".repeat(200_000) }),
    });

  it("answers 507 disk_full on a full disk, and 201 again once there is space", async (t) => {
    if (!mounted) return t.skip("mounting a tmpfs needs root");
    await fill(dir);
    const full = await createExperiment("full");
    const body = (await full.json()) as { code: string; message: string; hint?: string };
    assert.equal(full.status, 507, JSON.stringify(body));
    assert.equal(body.code, "disk_full");
    assert.match(body.message, /the disk holding it is full/);
    await rm(join(dir, "filler"));
    assert.equal((await createExperiment("roomy")).status, 201);
  });
});
