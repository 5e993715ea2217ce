/** Reads a project's trigger definitions: a TypeScript or JavaScript module's default export, or a JSON file. */
import { existsSync } from "node:fs";
import { relative, resolve } from "node:path";
import { readDefinitionFile } from "../compiler/definition-file.ts";
import { ConveyorError } from "../errors.ts";
import { parseTriggers, type Trigger } from "./definition.ts";

/** Looked for in the project root, in this order, when no file is given. */
export const DEFAULT_TRIGGER_FILES = ["triggers.ts", "triggers.js", "triggers.json"];

/** The triggers of `file` (relative to `root`), or of the first default file found. */
export async function loadTriggers(root: string, file?: string): Promise<{ file: string; triggers: Trigger[] }> {
  const path = file ? resolve(root, file) : DEFAULT_TRIGGER_FILES.map((f) => resolve(root, f)).find((f) => existsSync(f));
  if (!path || !existsSync(path)) {
    throw new ConveyorError(
      file ? `no such triggers file: ${file}` : `no triggers file in ${root} (looked for ${DEFAULT_TRIGGER_FILES.join(", ")})`,
      "write one (see docs/triggers.md) or name it with --triggers <file>",
      "not_found",
    );
  }
  const shown = relative(root, path) || path;
  const input = await readDefinitionFile(path, shown, "invalid_trigger");
  return { file: shown, triggers: parseTriggers(input, shown) };
}
