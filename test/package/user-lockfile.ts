/**
 * A package-lock.json for a user project that depends on Conveyor's packed tarball, pinning
 * Conveyor's dependencies to the versions the repository's lockfile holds. With every version
 * and tarball URL known, `npm ci --offline` installs from npm's cache alone: it needs no registry
 * metadata, which the cache may not hold for every package.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { REPO_ROOT } from "../helpers/project.ts";

interface LockEntry {
  version?: string;
  resolved?: string;
  dev?: boolean;
  [field: string]: unknown;
}

/** The tarball URL npm would record: the lockfile here omits them (omit-lockfile-registry-resolved). */
function tarballUrl(registry: string, path: string, version: string): string {
  const name = path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length);
  const base = name.slice(name.lastIndexOf("/") + 1);
  return new URL(`${name}/-/${base}-${version}.tgz`, registry).href;
}

/** `spec` is how the user's package.json names the tarball (`file:…`), `tarball` its path. */
export async function userLockfile(spec: string, tarball: string, registry: string): Promise<object> {
  const manifest = JSON.parse(await readFile(join(REPO_ROOT, "package.json"), "utf8"));
  const repoLock = JSON.parse(await readFile(join(REPO_ROOT, "package-lock.json"), "utf8")) as {
    packages: Record<string, LockEntry>;
  };
  const packages: Record<string, object> = {
    "": { name: "user-project", dependencies: { conveyor: spec } },
    "node_modules/conveyor": {
      version: manifest.version,
      resolved: spec,
      integrity: `sha512-${createHash("sha512").update(await readFile(tarball)).digest("base64")}`,
      license: manifest.license,
      dependencies: manifest.dependencies,
      optionalDependencies: manifest.optionalDependencies,
      bin: manifest.bin,
      engines: manifest.engines,
    },
  };
  // The repository's own dependencies are Conveyor's, installed at the same places; its
  // development tools are not.
  for (const [path, entry] of Object.entries(repoLock.packages)) {
    if (path === "" || entry.dev) continue;
    packages[path] = { ...entry, resolved: entry.resolved ?? tarballUrl(registry, path, entry.version as string) };
  }
  return { name: "user-project", lockfileVersion: 3, requires: true, packages };
}
