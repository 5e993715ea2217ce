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

/**
 * Node options a child process or a worker thread of Conveyor needs to load Conveyor itself:
 * none for the built package (its threads register tsx as this process does, on their first
 * `.ts` file, so a thread running only built-in components starts without it: about 2 s less
 * under load), tsx's ES module hooks when running from the sources. Registered through tsx's
 * API in a `data:` module, not `--import tsx/esm`: on Node 20 that registers nothing in a worker
 * thread. Nor tsx's CommonJS hook: it lexes every CommonJS file loaded with a WebAssembly lexer
 * whose memory grows on large files, and growing detaches an ArrayBuffer: after the first
 * detach in a process, V8 stops trusting typed arrays' lengths in optimised code, and loops
 * over them (the ML kernels) run about a third slower for the process's life.
 */
export const TYPESCRIPT_EXEC_ARGV: readonly string[] = fromSources
  ? ["--import", `data:text/javascript,${encodeURIComponent(`import { register } from ${JSON.stringify(import.meta.resolve("tsx/esm/api"))}; register();`)}`]
  : [];

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
