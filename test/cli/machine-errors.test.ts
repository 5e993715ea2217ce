/**
 * When the machine stops a command (a full disk, a folder it may not write), the CLI names the
 * cause and the path, exits 1 without a stack trace, and leaves the run resumable.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { assertOk, json, project, SDK } from "./harness.ts";
import { STEPS } from "./pipelines.ts";
import { mountTmpfs } from "../helpers/tmpfs.ts";

/** A task that logs `lines` lines of 4 KB: each goes to the metadata store. */
const CHATTY = `import { component, param, pipeline } from ${JSON.stringify(SDK)};
export const chatty = component({
  name: "chatty",
  inputs: { lines: param.int() },
  async run({ lines }, ctx) {
    for (let i = 0; i < lines; i++) {
      ctx.log.info(\`line \${i} \${"x".repeat(4096)}\`);
      if (i % 50 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    }
  },
});
export default pipeline({ name: "chatty", params: { lines: param.int({ default: 2000 }) } }, (p) => {
  chatty({ lines: p.lines });
});
`;

/** A task that writes an output of `megabytes` MB. */
const BULKY = `import { component, Dataset, param, pipeline } from ${JSON.stringify(SDK)};
export const bulky = component({
  name: "bulky",
  inputs: { megabytes: param.int() },
  outputs: { data: Dataset },
  async run({ megabytes, data }) {
    await data.writeBytes(new Uint8Array(megabytes * 1024 * 1024).fill(7));
  },
});
export default pipeline({ name: "bulky", params: { megabytes: param.int({ default: 16 }) } }, (p) => {
  bulky({ megabytes: p.megabytes });
});
`;

describe("conveyor on a full disk", () => {
  let dir: string;
  let mounted = false;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "conveyor-full-"));
    // A real full disk: SQLite itself must hit SQLITE_FULL, as it does in the field.
    mounted = mountTmpfs(dir, "3m");
  });
  after(async () => {
    if (mounted) execFileSync("umount", [dir]);
    await rm(dir, { recursive: true, force: true });
  });

  it("names SQLITE_FULL and the database, exits 1, and the run resumes once there is space", async (t) => {
    if (!mounted) return t.skip("mounting a tmpfs needs root");
    const p = await project(dir);
    await p.write("chatty.ts", CHATTY);
    const full = await p.cli("run", "chatty.ts");
    assert.equal(full.code, 1, full.stderr);
    assert.match(full.stderr, /^error: cannot write to .*\.conveyor\/conveyor\.db: the disk holding it is full \(SQLITE_FULL\)/);
    assert.doesNotMatch(full.stderr, /^ {4}at |cannot rollback/m, "no stack trace, and not the rollback's error");
    const runId = /^run (\w+) /.exec(full.stdout)?.[1];
    assert.ok(runId, full.stdout);
    assert.match(full.stderr, new RegExp(`conveyor resume ${runId}`));

    execFileSync("mount", ["-o", "remount,size=64m", "tmpfs", dir]);
    const resumed = await p.cli("resume", runId, "--json");
    assert.equal(resumed.code, 0, resumed.stderr);
    const details = json<{ run: { status: string }; tasks: { status: string }[] }>(resumed);
    assert.equal(details.run.status, "succeeded");
  });
});

describe("conveyor on a disk that fills while a task writes an artifact", () => {
  let dir: string;
  let mounted = false;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "conveyor-full-artifact-"));
    mounted = mountTmpfs(dir, "8m");
  });
  after(async () => {
    if (mounted) execFileSync("umount", [dir]);
    await rm(dir, { recursive: true, force: true });
  });

  it("names ENOSPC and the folder, exits 1, keeps no partial file, and the run resumes once there is space", async (t) => {
    if (!mounted) return t.skip("mounting a tmpfs needs root");
    const p = await project(dir);
    await p.write("bulky.ts", BULKY);
    const full = await p.cli("run", "bulky.ts");
    assert.equal(full.code, 1, full.stderr);
    const staging = join(dir, ".conveyor", "staging");
    assert.match(full.stdout, new RegExp(`cannot write to the artifact folder ${staging}/\\S+: the disk holding it is full \\(ENOSPC at `));
    assert.doesNotMatch(`${full.stdout}${full.stderr}`, /^ {4}at /m, "no stack trace");
    const runId = /^run (\w+) /.exec(full.stdout)?.[1];
    assert.ok(runId, full.stdout);
    assert.match(full.stdout, new RegExp(`resume it with: conveyor resume ${runId}`));
    const left = await readdir(join(dir, ".conveyor"), { recursive: true });
    assert.deepEqual(left.filter((name) => name.startsWith("staging/") || name.endsWith(".tmp")), [], "no staged or temporary file left");

    execFileSync("mount", ["-o", "remount,size=64m", "tmpfs", dir]);
    const resumed = await p.cli("resume", runId, "--json");
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.equal(json<{ run: { status: string } }>(resumed).run.status, "succeeded");
  });
});

describe("conveyor with an artifact folder it may not write", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "conveyor-readonly-"));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it("names the folder and the fix instead of a bare EACCES", async () => {
    // Root ignores file modes: as root, the CLI runs as nobody (65534) in a folder nobody owns,
    // so the mode below yields the real EACCES a user gets.
    const root = process.getuid?.() === 0;
    const owner = await project(dir);
    await owner.write("steps.ts", STEPS);
    assertOk(await owner.cli("run", "steps.ts"));
    if (root) execFileSync("chown", ["-R", "65534:65534", dir]);
    // Every folder under it, too: a new blob may land in a prefix folder the first run made.
    const folder = join(dir, ".conveyor", "artifacts", "sha256");
    execFileSync("chmod", ["-R", "a-w", folder]);
    const user = root ? await project(dir, { uid: 65534, gid: 65534 }) : owner;
    const refused = await user.cli("run", "steps.ts", "--param", "n=3", "--json");
    execFileSync("chmod", ["-R", "u+w", folder]);
    assert.equal(refused.code, 1, refused.stderr);
    const failed = JSON.parse(refused.stdout) as { run: { status: string; error: string } };
    assert.equal(failed.run.status, "failed");
    assert.ok(failed.run.error.includes(`the artifact folder ${folder} is not writable by this user (EACCES at ${folder}/`), failed.run.error);
  });
});
