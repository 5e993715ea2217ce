/** Loads the pipeline a user points the CLI at: a .ts/.js module, or compiled IR as .json. */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { extname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ConveyorError } from "../errors.ts";
import { compile } from "../ir/compile.ts";
import { loadIr } from "../ir/load.ts";
import type { PipelineIR } from "../ir/schema.ts";
import { type AnyPipeline, isPipeline } from "../sdk/pipeline.ts";

/** esbuild (inside tsx) reports syntax errors with their location in `errors`. */
interface TransformFailure {
  errors?: { text: string; location?: { file: string; line: number; column: number; lineText?: string } }[];
}

function compileFailure(file: string, error: unknown): ConveyorError | undefined {
  const first = (error as TransformFailure).errors?.[0];
  if (first) {
    const at = first.location ? `${first.location.file}:${first.location.line}:${first.location.column + 1}` : file;
    return new ConveyorError(`${at}: ${first.text}`, "fix the syntax error and run again", "compile_error");
  }
  if (error instanceof SyntaxError) {
    return new ConveyorError(`${file} does not compile: ${error.message}`, "fix the syntax error and run again", "compile_error");
  }
  return undefined;
}

export async function importPipeline(file: string): Promise<AnyPipeline> {
  const path = resolve(file);
  let exports: Record<string, unknown>;
  try {
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

/** The IR of a pipeline file, compiled now (.ts/.js) or loaded (.json). */
export async function loadPipelineFile(file: string, root: string): Promise<PipelineIR> {
  if (!existsSync(file)) {
    throw new ConveyorError(`pipeline file ${file} does not exist`, "check the path (relative to the current folder)", "not_found");
  }
  if (extname(file) === ".json") {
    let value: unknown;
    try {
      value = JSON.parse(await readFile(file, "utf8"));
    } catch (error) {
      throw new ConveyorError(`${file} is not valid JSON: ${(error as Error).message}`, "recompile it with `conveyor compile`", "invalid_ir");
    }
    return loadIr(value, file);
  }
  return compile(await importPipeline(file), { root });
}
