/** Reads monitor definitions: a TypeScript or JavaScript module's default export, or a JSON file. */
import { existsSync } from "node:fs";
import { relative, resolve } from "node:path";
import { readDefinitionFile } from "../compiler/definition-file.ts";
import { ConveyorError } from "../errors.ts";
import { type Monitor, parseMonitors } from "./definition.ts";

export async function loadMonitors(root: string, file: string): Promise<{ file: string; monitors: Monitor[] }> {
  const path = resolve(root, file);
  if (!existsSync(path)) {
    throw new ConveyorError(`no such monitors file: ${file}`, "give a .ts, .js or .json file defining monitors, or the name of a monitor run before", "not_found");
  }
  const shown = relative(root, path) || path;
  const input = await readDefinitionFile(path, shown, "invalid_monitor");
  return { file: shown, monitors: parseMonitors(input, shown) };
}
