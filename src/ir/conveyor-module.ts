/**
 * How the IR names the module of Conveyor's own components (the built-in ML components): the
 * package's name, not a path through the user's node_modules or an `npm link` symlink, so that
 * an IR runs on any machine with Conveyor installed. They are the package entry's exports.
 */
import { fileURLToPath } from "node:url";
import { siblingModule } from "../sibling-module.ts";

export const CONVEYOR_MODULE = "conveyor";

/**
 * The package entry of this copy of Conveyor: `src/index.ts` run from the sources, `dist/index.js`
 * in the package. Conveyor's parts import it only by this URL, at run time.
 */
export const CONVEYOR_ENTRY: URL = siblingModule(import.meta.url, "../index");

/** This copy's folder of modules, src/ or dist/, with a trailing separator. */
const OWN_FOLDER = fileURLToPath(new URL("../", import.meta.url));

/**
 * Whether `file` is one of this copy's modules. Another copy's (the repository's src/ seen from
 * dist/, a nested node_modules) is named by its path like a user's module: its components' code
 * digests are that copy's, which this copy's modules would not match.
 */
export function isConveyorModule(file: string): boolean {
  return file.startsWith(OWN_FOLDER);
}
