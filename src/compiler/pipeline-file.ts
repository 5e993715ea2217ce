/** Loads the pipeline a user points the CLI at: a .ts/.js module, or compiled IR as .json. */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { extname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ConveyorError } from "../errors.ts";
import type { PipelineIR } from "../ir/schema.ts";
import { type AnyPipeline, isPipeline } from "../sdk/pipeline.ts";
import { importModule } from "../typescript-loader.ts";

/** esbuild, which compiles TypeScript modules, reports what stopped it with its location in `errors`. */
interface TransformFailure {
  errors?: { text: string; location?: { file: string; line: number; column: number; lineText?: string } | null }[];
}

export function compileFailure(file: string, error: unknown): ConveyorError | undefined {
  const syntaxHint = "fix the syntax error and run again";
  const first = (error as TransformFailure).errors?.[0];
  if (first) {
    const at = first.location ? `${first.location.file}:${first.location.line}:${first.location.column + 1}` : file;
    const hint = first.text.startsWith("Could not resolve") ? "check the import's path, or install the package it names" : syntaxHint;
    return new ConveyorError(`${at}: ${first.text}`, hint, "compile_error");
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
    exports = await importModule(pathToFileURL(path).href);
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
