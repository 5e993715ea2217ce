/** Reads monitor definitions: a TypeScript or JavaScript module's default export, or a JSON file. */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ConveyorError } from "../errors.ts";
import { type Monitor, parseMonitors } from "./definition.ts";

export async function loadMonitors(root: string, file: string): Promise<{ file: string; monitors: Monitor[] }> {
  const path = resolve(root, file);
  if (!existsSync(path)) {
    throw new ConveyorError(`no such monitors file: ${file}`, "give a .ts, .js or .json file defining monitors, or the name of a monitor run before", "not_found");
  }
  const shown = relative(root, path) || path;
  let input: unknown;
  if (path.endsWith(".json")) {
    try {
      input = JSON.parse(await readFile(path, "utf8"));
    } catch (error) {
      throw new ConveyorError(`${shown} is not valid JSON: ${(error as Error).message}`, "fix the file", "invalid_monitor");
    }
  } else {
    input = ((await import(pathToFileURL(path).href)) as { default?: unknown }).default;
  }
  return { file: shown, monitors: parseMonitors(input, shown) };
}
