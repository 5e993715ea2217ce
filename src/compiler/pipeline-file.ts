/** Loads the pipeline a user points the CLI at: a .ts/.js module, or compiled IR as .json. */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { extname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ConveyorError } from "../errors.ts";
import type { PipelineIR } from "../ir/schema.ts";
import { type AnyPipeline, isPipeline } from "../sdk/pipeline.ts";
import { loadTypeScriptFor } from "../typescript-loader.ts";

/** esbuild (inside tsx) reports syntax errors with their location in `errors`. */
interface TransformFailure {
  errors?: { text: string; location?: { file: string; line: number; column: number; lineText?: string } }[];
}

/**
 * When the error crosses from tsx's loader thread, `errors` is lost and only esbuild's message
 * is left: "file:line:column: ERROR: text", the column counted from 0.
 */
const ESBUILD_MESSAGE = /^(.+):(\d+):(\d+): ERROR: (.+)$/m;

/**
 * Node loads a .ts file as CommonJS when no package.json above it says "type": "module";
 * its `import` statements then fail with this code, naming the module.
 */
const COMMONJS_MODULE = /Cannot require\(\) ES Module (.+?) in a cycle/;

function compileFailure(file: string, error: unknown): ConveyorError | undefined {
  const syntaxHint = "fix the syntax error and run again";
  const first = (error as TransformFailure).errors?.[0];
  if (first) {
    const at = first.location ? `${first.location.file}:${first.location.line}:${first.location.column + 1}` : file;
    return new ConveyorError(`${at}: ${first.text}`, syntaxHint, "compile_error");
  }
  const message = error instanceof Error ? error.message : "";
  const esbuild = ESBUILD_MESSAGE.exec(message);
  if (esbuild) {
    const [, at, line, column, text] = esbuild;
    return new ConveyorError(`${at}:${line}:${Number(column) + 1}: ${text}`, syntaxHint, "compile_error");
  }
  const commonJs = (error as { code?: string }).code === "ERR_REQUIRE_CYCLE_MODULE" ? COMMONJS_MODULE.exec(message) : null;
  if (commonJs) {
    return new ConveyorError(
      `${commonJs[1]} was loaded as CommonJS, so it cannot import Conveyor (an ES module)`,
      'add "type": "module" to the package.json of its project (or create one), or rename the file to .mts',
      "compile_error",
    );
  }
  if (error instanceof SyntaxError) {
    return new ConveyorError(`${file} does not compile: ${error.message}`, syntaxHint, "compile_error");
  }
  return undefined;
}

export async function importPipeline(file: string): Promise<AnyPipeline> {
  const path = resolve(file);
  let exports: Record<string, unknown>;
  try {
    await loadTypeScriptFor(path);
    exports = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    throw compileFailure(file, error) ?? error;
  }
  if (isPipeline(exports.default)) return exports.default;
  const found = Object.entries(exports).filter(([, v]) => isPipeline(v));
  if (found.length === 1) return (found[0] as [string, AnyPipeline])[1];
  if (found.length === 0) {
    throw new ConveyorError(`${file} exports no pipeline`, "export one: export default pipeline({ name: ... }, (p) => { ... })", "no_pipeline");
  }
  throw new ConveyorError(
    `${file} exports several pipelines (${found.map(([k]) => k).join(", ")}) and no default`,
    "export the one to run as the default export",
    "no_pipeline",
  );
}

/** What Node (with tsx) imports as an ES module, which pipeline modules must be to share Conveyor's SDK. */
const MODULE_EXTENSIONS = [".ts", ".mts", ".tsx", ".js", ".mjs", ".jsx"];

/** The IR of a pipeline file, compiled now (.ts/.js) or loaded (.json). */
export async function loadPipelineFile(file: string, root: string): Promise<PipelineIR> {
  if (!existsSync(file)) {
    throw new ConveyorError(`pipeline file ${file} does not exist`, "check the path (relative to the current folder)", "not_found");
  }
  const extension = extname(file);
  if (extension !== ".json" && !MODULE_EXTENSIONS.includes(extension)) {
    throw new ConveyorError(
      `${file} is not a pipeline file (${extension ? `"${extension}"` : "no extension"})`,
      "give a pipeline module (.ts, .mts, .js, .mjs) or IR compiled by `conveyor compile` (.json)",
      "not_a_pipeline",
    );
  }
  if (extension === ".json") {
    let value: unknown;
    try {
      value = JSON.parse(await readFile(file, "utf8"));
    } catch (error) {
      throw new ConveyorError(`${file} is not valid JSON: ${(error as Error).message}`, "recompile it with `conveyor compile`", "invalid_ir");
    }
    const { loadIr } = await import("../ir/load.ts");
    return await loadIr(value, file);
  }
  const pipeline = await importPipeline(file);
  const { compile } = await import("./compile.ts");
  return compile(pipeline, { root });
}
