import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { codeVersion } from "../../src/tracking/git.ts";

async function withFolder(body: (dir: string, git: (...args: string[]) => string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "conveyor-git-"));
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd: dir, encoding: "utf8" }).trim();
  try {
    await body(dir, git);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe("codeVersion", () => {
  it("is null outside a repository", () =>
    withFolder(async (dir) => {
      assert.equal(await codeVersion(dir), null);
    }));

  it("tells the commit, the branch and whether tracked files changed", () =>
    withFolder(async (dir, git) => {
      git("init", "-q", "-b", "trunk");
      assert.deepEqual(await codeVersion(dir), { commit: null, branch: "trunk", dirty: false });
      await writeFile(join(dir, "pipeline.ts"), "export {};\n");
      git("add", "pipeline.ts");
      git("commit", "-q", "-m", "first");
      const head = git("rev-parse", "HEAD");
      assert.deepEqual(await codeVersion(dir), { commit: head, branch: "trunk", dirty: false });
      await writeFile(join(dir, "data.csv"), "a\n1\n");
      assert.equal((await codeVersion(dir))?.dirty, false, "an untracked file does not make it dirty");
      await writeFile(join(dir, "pipeline.ts"), "export const changed = 1;\n");
      assert.equal((await codeVersion(dir))?.dirty, true);
      git("checkout", "-q", "--detach");
      assert.deepEqual(await codeVersion(dir), { commit: head, branch: null, dirty: true });
    }));
});
