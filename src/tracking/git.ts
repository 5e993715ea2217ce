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
 * Null outside a repository or without git. Untracked files do not make it dirty: outputs a
 * project does not ignore (data, .conveyor/) would otherwise mark every run dirty.
 */
export async function codeVersion(root: string): Promise<RunContext["code"]> {
  const [status, head] = await Promise.all([
    git(root, ["status", "--porcelain=v1", "--branch", "--untracked-files=no"]),
    git(root, ["rev-parse", "--verify", "--quiet", "HEAD"]),
  ]);
  if (status === undefined) return null;
  const [header = "", ...changes] = status.split("\n").filter((l) => l !== "");
  // "## main...origin/main [ahead 1]", "## No commits yet on main", "## HEAD (no branch)"
  const branch = header.replace(/^## (No commits yet on )?/, "").split("...")[0]?.split(" ")[0] ?? "";
  return {
    commit: head?.trim() || null,
    branch: branch === "" || branch === "HEAD" ? null : branch,
    dirty: changes.length > 0,
  };
}
