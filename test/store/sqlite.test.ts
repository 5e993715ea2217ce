import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { once } from "node:events";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { openStore } from "../../src/store/open.ts";
import { deletionSuite } from "./deletion-suite.ts";
import { deploymentSuite } from "./deployment-suite.ts";
import { logSegmentSuite } from "./log-segment-suite.ts";
import { conveyorError } from "./expect-conveyor-error.ts";
import { registrySuite } from "./registry-suite.ts";
import { type StoreHarness, type StorePlace, storeSuite } from "./store-suite.ts";
import { trackingSuite } from "./tracking-suite.ts";

const made: string[] = [];
const CONTENDER = fileURLToPath(new URL("./sqlite-contender.ts", import.meta.url));

/** sqlite-contender.ts in its own process: read what it prints line by line, and answer on its stdin. */
function startContender(root: string, owner: string) {
  const child = spawn(process.execPath, ["--import", "tsx", CONTENDER, root, owner], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const exitCode = once(child, "exit").then(([code]) => code);
  return {
    nextLine: async () => (await lines.next()).value as string | undefined,
    send: (line: string) => child.stdin.write(`${line}\n`),
    /** The last line it reads: closing stdin lets it exit. */
    answer: (line: string) => child.stdin.end(`${line}\n`),
    exitCode,
    /** So a failed test does not leave contenders waiting on stdin, keeping the test run alive. */
    stop: () => child.kill(),
  };
}

function tempRoot(): string {
  const root = mkdtempSync(join(tmpdir(), "conveyor-store-"));
  made.push(root);
  return root;
}

function place(root: string): StorePlace {
  const dir = join(root, ".conveyor");
  const file = join(dir, "conveyor.db");
  return {
    location: file,
    open: () => openStore({ root, url: "" }),
    async exec(sql) {
      mkdirSync(dir, { recursive: true });
      const db = new Database(file);
      try {
        db.exec(sql);
      } finally {
        db.close();
      }
    },
    // The file's bytes and the folder's listing, so stray -wal/-shm files count as changes too.
    async fingerprint() {
      const bytes = existsSync(file) ? createHash("sha256").update(readFileSync(file)).digest("hex") : "absent";
      return JSON.stringify({ bytes, files: readdirSync(dir).sort() });
    },
  };
}

const harness: StoreHarness = {
  backend: "sqlite",
  fresh: async () => place(tempRoot()),
  async dispose() {
    for (const root of made.splice(0)) rmSync(root, { recursive: true, force: true });
  },
};

storeSuite("SQLite", harness);
trackingSuite("SQLite", harness);
registrySuite("SQLite", harness);
deletionSuite("SQLite", harness);
deploymentSuite("SQLite", harness);
logSegmentSuite("SQLite", harness);

describe("SQLite store files", () => {
  after(() => harness.dispose());

  it("lives at <root>/.conveyor/conveyor.db, in WAL mode", async () => {
    const root = tempRoot();
    const store = await openStore({ root, url: "" });
    await store.close();
    const file = join(root, ".conveyor", "conveyor.db");
    assert.equal(store.location, file);
    const db = new Database(file, { readonly: true });
    try {
      assert.equal(db.pragma("journal_mode", { simple: true }), "wal");
    } finally {
      db.close();
    }
  });

  it("refuses a file that is not SQLite at all, and leaves it untouched", async () => {
    const root = tempRoot();
    const file = join(root, ".conveyor", "conveyor.db");
    mkdirSync(join(root, ".conveyor"));
    const content = "name,value\nnot,a database at all, but long enough to have a header of sorts........\n";
    writeFileSync(file, content);
    await assert.rejects(openStore({ root, url: "" }), conveyorError("foreign_database", file));
    assert.equal(readFileSync(file, "utf8"), content);
    assert.deepEqual(readdirSync(join(root, ".conveyor")), ["conveyor.db"]);
  });

  it("is used with url \"\" even when CONVEYOR_DB names another database", async () => {
    const saved = process.env.CONVEYOR_DB;
    process.env.CONVEYOR_DB = "postgres://nobody@127.0.0.1:1/none";
    try {
      const root = tempRoot();
      const store = await openStore({ root, url: "" });
      assert.equal(store.location, join(root, ".conveyor", "conveyor.db"));
      await store.close();
    } finally {
      if (saved === undefined) delete process.env.CONVEYOR_DB;
      else process.env.CONVEYOR_DB = saved;
    }
  });

  it("refuses a CONVEYOR_DB it does not understand instead of quietly using SQLite", async () => {
    const saved = process.env.CONVEYOR_DB;
    process.env.CONVEYOR_DB = "mysql://user:secret@localhost/db";
    try {
      await assert.rejects(openStore({ root: tempRoot() }), (error) => {
        conveyorError("invalid_config", "mysql:", "CONVEYOR_DB")(error);
        assert.ok(!(error as Error).message.includes("secret"));
        return true;
      });
    } finally {
      if (saved === undefined) delete process.env.CONVEYOR_DB;
      else process.env.CONVEYOR_DB = saved;
    }
  });

  it("is shared by processes: they migrate a fresh file once, and exactly one wins a lease", async () => {
    const root = tempRoot();
    const owners = ["host:1", "host:2", "host:3", "host:4"];
    const contenders = owners.map((owner) => startContender(root, owner));
    try {
      assert.deepEqual(await Promise.all(contenders.map((c) => c.nextLine())), ["ready", "ready", "ready", "ready"]);
      for (const c of contenders) c.send("go");
      const created = await Promise.all(contenders.map((c) => c.nextLine()));
      const store = await openStore({ root, url: "" });
      try {
        const runs = await store.listRuns();
        assert.deepEqual(runs.map((r) => r.id).sort(), [...created].sort());
        assert.deepEqual(runs.map((r) => r.trigger).sort(), owners);

        const contested = created[0] ?? assert.fail("no run created");
        for (const c of contenders) c.answer(contested);
        const won = await Promise.all(contenders.map((c) => c.nextLine()));
        assert.equal(won.filter((w) => w === "true").length, 1, `lease results: ${won.join(", ")}`);
        assert.equal((await store.getRun(contested))?.leaseOwner, owners[won.indexOf("true")]);
        assert.deepEqual(await Promise.all(contenders.map((c) => c.exitCode)), [0, 0, 0, 0]);
      } finally {
        await store.close();
      }
    } finally {
      for (const c of contenders) c.stop();
    }
  });
});
