/**
 * Paths as a user or a client of the server sees them: relative to the project. A client has no use for
 * where the project sits on the server's disk, and an absolute path tells a stranger the
 * server's layout (user names, mount points).
 */
import { realpathSync } from "node:fs";
import { resolve, sep } from "node:path";

/** The project folder's absolute path as given and, when a symbolic link leads there, its real path. */
export function projectRoots(root: string): string[] {
  const given = resolve(root);
  let real = given;
  try {
    real = realpathSync(given);
  } catch {
    // A root that does not exist holds no paths to hide.
  }
  return real === given ? [given] : [given, real];
}

/** `text` with every absolute path inside the project written relative to it ("." for the project itself). */
export function projectRelative(text: string, roots: readonly string[]): string {
  return roots.reduce((shown, root) => shown.replaceAll(`${root}${sep}`, "").replaceAll(root, "."), text);
}
