/** The code version of a project folder, by asking git: the commit, the branch, and whether tracked files changed. */
import { execFile } from "node:child_process";
import type { RunContext } from "../store/tracking-types.ts";

function git(cwd: string, args: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    // GIT_OPTIONAL_LOCKS=0: `git status` must not take the index lock a user's own git command may need.
    execFile("git", args, { cwd, timeout: 5000, env: { ...process.env, GIT_OPTIONAL_LOCKS: "0" } }, (error, stdout) =>
      resolve(error ? undefined : stdout),
    );
  });
}

/**
 * Null outside a repository or without git. One `git status` tells all three (a process
 * start costs milliseconds, and every run pays it). Untracked files do not make it dirty:
 * outputs a project does not ignore (data, .conveyor/) would otherwise mark every run dirty.
 */
export async function codeVersion(root: string): Promise<RunContext["code"]> {
  const status = await git(root, ["status", "--porcelain=v2", "--branch", "--untracked-files=no"]);
  if (status === undefined) return null;
  const lines = status.split("\n").filter((l) => l !== "");
  // "# branch.oid <sha> | (initial)", "# branch.head <name> | (detached)"
  const header = (key: string) => lines.find((l) => l.startsWith(`# ${key} `))?.slice(key.length + 3);
  const commit = header("branch.oid");
  const branch = header("branch.head");
  return {
    commit: commit && commit !== "(initial)" ? commit : null,
    branch: branch && branch !== "(detached)" ? branch : null,
    dirty: lines.some((l) => !l.startsWith("#")),
  };
}
