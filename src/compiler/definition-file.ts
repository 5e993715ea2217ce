/**
 * Reads a file of definitions a user points the CLI at (triggers, monitors): a JSON file, or a
 * TypeScript or JavaScript module's default export. Modules go through the same loader as
 * pipeline files, so a `.ts` file loads under the built CLI, where Node alone cannot import it.
 */
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { ConveyorError } from "../errors.ts";
import { importModule } from "../typescript-loader.ts";
import { compileFailure } from "./pipeline-file.ts";

/** The file's content as parsed JSON, or its module's default export; `shown` names it in errors. */
export async function readDefinitionFile(path: string, shown: string, invalidCode: string): Promise<unknown> {
  if (path.endsWith(".json")) {
    try {
      return JSON.parse(await readFile(path, "utf8"));
    } catch (error) {
      throw new ConveyorError(`${shown} is not valid JSON: ${(error as Error).message}`, "fix the file", invalidCode);
    }
  }
  try {
    return (await importModule(pathToFileURL(path).href)).default;
  } catch (error) {
    throw compileFailure(shown, error) ?? error;
  }
}
