/**
 * Lets Node import a user's TypeScript modules (pipelines, components). The built package is
 * JavaScript and registers tsx, its own dependency, only when it first meets a `.ts` file, so
 * commands that load none start without it. Run from Conveyor's sources, a TypeScript loader is
 * registered already (this very module is `.ts`).
 */
import { extname } from "node:path";
import { siblingModule } from "./sibling-module.ts";

const TYPESCRIPT_EXTENSIONS = new Set([".ts", ".mts", ".cts", ".tsx"]);
const fromSources = import.meta.url.endsWith(".ts");
let registered: Promise<void> | undefined;

/** Registers tsx's ES module hooks once, when `file` is TypeScript and no loader is there yet. */
export function loadTypeScriptFor(file: string): Promise<void> {
  if (fromSources || !TYPESCRIPT_EXTENSIONS.has(extname(file))) return Promise.resolve();
  // Conveyor's own modules, which the user's file will import, are loaded first: once tsx's
  // hooks are registered every module loaded goes through them, a round trip to their thread
  // (and its source map is parsed), which made up a third of `conveyor run`'s start.
  // ES module hooks only: tsx's CommonJS hook slows the ML kernels (see executors/process.ts).
  registered ??= Promise.all([import("tsx/esm/api"), import(siblingModule(import.meta.url, "./index").href)]).then(([{ register }]) => {
    register();
  });
  return registered;
}
