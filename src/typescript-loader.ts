/**
 * Lets Conveyor import a user's TypeScript modules (pipelines, components) in the thread that
 * needs them. Node 20 has no in-thread module hooks: registering tsx's starts a loader thread
 * (about 0.1 s on a quiet machine, 0.4 s under load) and every module loaded after it makes a
 * round trip there. Instead each TypeScript module is compiled by esbuild (tsx's own, so it is
 * there wherever tsx is) to an ES module in a folder of this process, with each import rewritten
 * to the URL it resolves to from the original file (a compiled one for a TypeScript module), and
 * `import.meta.url`, `dirname` and `filename` kept as the original's. The compiled copy's path
 * names its source (`sourceModule`), so the compiler records the user's file, not the copy.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire, isBuiltin } from "node:module";
import { tmpdir } from "node:os";
import { dirname, extname, join, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Plugin } from "esbuild";
import { ConveyorError } from "./errors.ts";
import { CONVEYOR_ENTRY, CONVEYOR_MODULE } from "./ir/conveyor-module.ts";

const TYPESCRIPT_EXTENSIONS = new Set([".ts", ".mts", ".cts", ".tsx"]);
const fromSources = import.meta.url.endsWith(".ts");

/**
 * Node options a child process or a worker thread of Conveyor needs to load Conveyor itself:
 * none for the built package, tsx's ES module hooks when running from the sources. Registered
 * through tsx's API in a `data:` module, not `--import tsx/esm`: on Node 20 that registers
 * nothing in a worker thread. Nor tsx's CommonJS hook: it lexes every CommonJS file loaded with a
 * WebAssembly lexer whose memory grows on large files, and growing detaches an ArrayBuffer: after
 * the first detach in a process, V8 stops trusting typed arrays' lengths in optimised code, and
 * loops over them (the ML kernels) run about a third slower for the process's life.
 */
export const TYPESCRIPT_EXEC_ARGV: readonly string[] = fromSources
  ? ["--import", `data:text/javascript,${encodeURIComponent(`import { register } from ${JSON.stringify(import.meta.resolve("tsx/esm/api"))}; register();`)}`]
  : [];

/**
 * The folder of compiled modules, shared by this process's threads and child processes through
 * the environment they inherit (each compiles what it imports, to the same files), and removed
 * when the process that made it exits.
 */
const OUTPUT_ENV = "CONVEYOR_COMPILED_TS";

function outputFolder(): string {
  const inherited = process.env[OUTPUT_ENV];
  if (inherited) return inherited;
  const folder = mkdtempSync(join(tmpdir(), "conveyor-ts-"));
  process.env[OUTPUT_ENV] = folder;
  process.once("exit", () => rmSync(folder, { recursive: true, force: true }));
  return folder;
}

const COMPILED_SUFFIX = ".mjs";

function compiledPath(source: string): string {
  return join(outputFolder(), `${source}${COMPILED_SUFFIX}`);
}

/** The user's module that `file` (a path or file URL) was compiled from, or `file` itself. */
export function sourceModule(file: string): string {
  const folder = process.env[OUTPUT_ENV];
  const path = file.startsWith("file:") ? fileURLToPath(file) : file;
  if (!folder || !path.startsWith(`${folder}${sep}`) || !path.endsWith(COMPILED_SUFFIX)) return file;
  const source = path.slice(folder.length, -COMPILED_SUFFIX.length);
  return file.startsWith("file:") ? pathToFileURL(source).href : source;
}

interface PackageJson {
  name?: string;
  type?: string;
}

/** The package.json that governs `dir` (the nearest one up), or none. */
function packageOf(dir: string): PackageJson | undefined {
  for (let at = dir; ; at = dirname(at)) {
    try {
      return JSON.parse(readFileSync(join(at, "package.json"), "utf8")) as PackageJson;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
    if (dirname(at) === at) return undefined;
  }
}

/**
 * Whether `path` is a TypeScript module this loader compiles: any but those of a copy of
 * Conveyor's own sources (this copy, run from them, or another: a project that imports the
 * repository's src/), which rely on module paths and `import.meta.resolve` as they are, and are
 * left to tsx (`loadTsx`).
 */
function compiledHere(path: string): boolean {
  return TYPESCRIPT_EXTENSIONS.has(extname(path)) && packageOf(dirname(path))?.name !== CONVEYOR_MODULE;
}

/** Conveyor is an ES module: a CommonJS pipeline module could not import it. */
function checkEsModule(file: string): void {
  const extension = extname(file);
  if (extension === ".mts" || (extension !== ".cts" && packageOf(dirname(file))?.type === "module")) return;
  throw new ConveyorError(
    `${file} is a CommonJS module, so it cannot import Conveyor (an ES module)`,
    'add "type": "module" to the package.json of its project (or create one), or rename the file to .mts',
    "compile_error",
  );
}

let tsx: Promise<void> | undefined;

/**
 * Registers tsx's ES module hooks, for TypeScript modules not compiled here, once; run from the
 * sources they are registered already. Its CommonJS hook is left out (see TYPESCRIPT_EXEC_ARGV).
 */
function loadTsx(): Promise<void> {
  if (fromSources) return Promise.resolve();
  tsx ??= import("tsx/esm/api").then(({ register }) => {
    register();
  });
  return tsx;
}

let esbuild: typeof import("esbuild") | undefined;

/** tsx's esbuild, required (one file; importing it as an ES module costs more). */
function loadEsbuild(): typeof import("esbuild") {
  esbuild ??= createRequire(createRequire(import.meta.url).resolve("tsx/package.json"))("esbuild") as typeof import("esbuild");
  return esbuild;
}

/** Whether a compiled module imports a TypeScript module left to tsx. */
let tsxNeeded = false;

/**
 * Rewrites each import to the URL Node would load for it from the original file: Node's
 * built-ins stay as they are; a TypeScript module compiled here becomes its compiled copy
 * (compiled in turn by `compileImport`); another is left to tsx.
 */
function rewriteImports(compileImport: (source: string) => void): Plugin {
  const nested = Symbol("resolving");
  return {
    name: "conveyor-imports",
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind === "entry-point" || args.pluginData === nested) return undefined;
        if (isBuiltin(args.path) || args.kind === "require-call" || args.kind === "require-resolve") return { path: args.path, external: true };
        const resolved = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: nested });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        if (!compiledHere(resolved.path)) {
          if (TYPESCRIPT_EXTENSIONS.has(extname(resolved.path))) tsxNeeded = true;
          return { path: pathToFileURL(resolved.path).href, external: true };
        }
        compileImport(resolved.path);
        return { path: pathToFileURL(compiledPath(resolved.path)).href, external: true };
      });
    },
  };
}

/** This thread's compilations, by source path: each module is compiled once. */
const compilations = new Map<string, Promise<void>>();

async function compileModule(source: string, compileImport: (source: string) => void): Promise<void> {
  checkEsModule(source);
  const url = JSON.stringify(pathToFileURL(source).href);
  const result = await loadEsbuild().build({
    entryPoints: [source],
    bundle: true,
    write: false,
    format: "esm",
    platform: "node",
    // Node's resolution: no "module" condition or main field, which esbuild adds by default.
    conditions: [],
    mainFields: ["main"],
    // As tsx compiles, so a component's code, and with it its digest, is the same under both.
    target: `node${process.versions.node}`,
    minifyWhitespace: true,
    keepNames: true,
    define: { "import.meta.url": url, "import.meta.filename": JSON.stringify(source), "import.meta.dirname": JSON.stringify(dirname(source)) },
    logLevel: "silent",
    plugins: [rewriteImports(compileImport)],
  });
  const output = compiledPath(source);
  mkdirSync(dirname(output), { recursive: true });
  // Written whole under another name, then renamed: a thread compiling the same file at once
  // never lets Node read half of it.
  const partial = `${output}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  writeFileSync(partial, result.outputFiles[0]?.text ?? "");
  renameSync(partial, output);
}

/**
 * Compiles `entry` and the TypeScript modules it imports, directly or not; its compiled path,
 * once tsx is registered for any it imports that are not compiled here.
 */
async function compileTree(entry: string): Promise<string> {
  const compile = (source: string) => {
    if (compilations.has(source)) return;
    const done = compileModule(source, compile);
    compilations.set(source, done);
    done.catch(() => compilations.delete(source));
  };
  compile(entry);
  // Each compilation may start others: wait until none is left.
  for (let seen = 0; seen !== compilations.size; ) {
    seen = compilations.size;
    await Promise.all(compilations.values());
  }
  if (tsxNeeded) await loadTsx();
  return compiledPath(entry);
}

let userTypeScriptByTsx = false;

/**
 * For `node --import conveyor/register script.ts`: tsx loads the user's TypeScript modules in
 * this thread, so a component module the engine imports is the very module the script imported,
 * with its state, not a compiled copy of it.
 */
export function leaveTypeScriptToTsx(): void {
  userTypeScriptByTsx = true;
}

/** Imports the module at `url`: a user's TypeScript module through its compiled copy. */
export async function importModule(url: string): Promise<Record<string, unknown>> {
  const path = fileURLToPath(url);
  // Node's own error, naming the file, for a module that is not there.
  if (!existsSync(path)) return (await import(url)) as Record<string, unknown>;
  if (userTypeScriptByTsx || !compiledHere(path)) {
    if (TYPESCRIPT_EXTENSIONS.has(extname(path))) await loadTsx();
    return (await import(url)) as Record<string, unknown>;
  }
  // Conveyor, which the module will import, loads in this thread while esbuild compiles in its
  // own process.
  const [compiled] = await Promise.all([compileTree(path), import(CONVEYOR_ENTRY.href)]);
  return (await import(pathToFileURL(compiled).href)) as Record<string, unknown>;
}
