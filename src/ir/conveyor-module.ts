/**
 * How the IR names the module of Conveyor's own components (the built-in ML components): the
 * package's name, not a path through the user's node_modules or an `npm link` symlink, so that
 * an IR runs on any machine with Conveyor installed. They are the package entry's exports.
 */
import { fileURLToPath } from "node:url";
import { ConveyorError } from "../errors.ts";
import { siblingModule } from "../sibling-module.ts";

export const CONVEYOR_MODULE = "conveyor";

/**
 * The package entry of this copy of Conveyor: `src/index.ts` run from the sources, `dist/index.js`
 * in the package. Conveyor's parts import it only by this URL, at run time.
 */
export const CONVEYOR_ENTRY: URL = siblingModule(import.meta.url, "../index");

/** This copy's folder of modules, src/ or dist/, with a trailing separator. */
const OWN_FOLDER = fileURLToPath(new URL("../", import.meta.url));
/** The other one, in the repository: its sources beside the build. */
const OTHER_FOLDER = fileURLToPath(new URL(OWN_FOLDER.endsWith("/src/") ? "../dist/" : "../src/", import.meta.url));

/** Whether `file` is one of this copy's modules; a module of the repository's other copy is an error. */
export function isConveyorModule(file: string): boolean {
  if (file.startsWith(OTHER_FOLDER)) {
    throw new ConveyorError(
      `${file} is Conveyor's ${OTHER_FOLDER.endsWith("/src/") ? "source" : "built"} module, but this is Conveyor run from ${OWN_FOLDER}`,
      "in Conveyor's repository, run its sources: node bin/conveyor.js (tsconfig.json maps `conveyor` to src/ for tsx)",
      "invalid_component",
    );
  }
  return file.startsWith(OWN_FOLDER);
}
