/**
 * The content digest of what a new-data trigger watches: a file, a folder, or a glob. It hashes
 * each file's relative path and content, in path order, so a renamed, added, removed or changed
 * file changes the digest, and a touched but unchanged one does not.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";

/** `**` any folders, `*` and `?` within one name; everything else literal. */
function globRegExp(glob: string): RegExp {
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === "*" && glob[i + 1] === "*") {
      source += glob[i + 2] === "/" ? "(?:.*/)?" : ".*";
      i += glob[i + 2] === "/" ? 2 : 1;
    } else if (c === "*") source += "[^/]*";
    else if (c === "?") source += "[^/]";
    else source += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}

/** The files `pattern` names under `root`, as paths relative to `root` with '/' separators, sorted. */
export async function matchFiles(root: string, pattern: string): Promise<string[]> {
  const wild = pattern.search(/[*?]/);
  const base = wild === -1 ? pattern : pattern.slice(0, pattern.lastIndexOf("/", wild) + 1);
  const basePath = resolve(root, base || ".");
  const info = await stat(basePath).catch(() => undefined);
  if (!info) return [];
  if (info.isFile()) return wild === -1 ? [relative(root, basePath).split(sep).join("/")] : [];
  const entries = await readdir(basePath, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)).split(sep).join("/"));
  const matcher = wild === -1 ? undefined : globRegExp(pattern.replace(/^\.\//, ""));
  return files.filter((f) => matcher === undefined || matcher.test(f)).sort();
}

/** The digest of the files and their number; `sha256:` of nothing when none match. */
export async function filesDigest(root: string, pattern: string): Promise<{ digest: string; files: number }> {
  const files = await matchFiles(root, pattern);
  const hash = createHash("sha256");
  for (const file of files) {
    const content = createHash("sha256");
    for await (const chunk of createReadStream(resolve(root, file))) content.update(chunk as Buffer);
    hash.update(`${file}\0${content.digest("hex")}\n`);
  }
  return { digest: `sha256:${hash.digest("hex")}`, files: files.length };
}
