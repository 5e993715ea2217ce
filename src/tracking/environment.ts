/** What a run ran with: code version and environment, captured when the run is created. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { RunContext } from "../store/tracking-types.ts";
import { codeVersion } from "./git.ts";

const CONVEYOR_PACKAGE = new URL("../../package.json", import.meta.url);

function readJson(path: string | URL): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** Installed versions don't change under a running process as far as it is concerned: read once per root. */
const packagesByRoot = new Map<string, Record<string, string>>();

/** The installed version of each of the project's direct dependencies (those its package.json lists). */
function projectPackages(root: string): Record<string, string> {
  let packages = packagesByRoot.get(root);
  if (packages) return packages;
  const manifest = readJson(join(root, "package.json"));
  const wanted = Object.keys({ ...(manifest?.dependencies as object | undefined) }).sort();
  packages = {};
  for (const name of wanted) {
    const version = readJson(join(root, "node_modules", name, "package.json"))?.version;
    if (typeof version === "string") packages[name] = version;
  }
  packagesByRoot.set(root, packages);
  return packages;
}

export async function captureRunContext(root: string): Promise<RunContext> {
  return {
    code: await codeVersion(root),
    environment: {
      node: process.version,
      platform: process.platform,
      arch: process.arch,
      conveyor: String(readJson(CONVEYOR_PACKAGE)?.version ?? "unknown"),
      packages: projectPackages(root),
    },
  };
}
