/**
 * `monitor({...})` for a project's monitors file: it only types the definition, so importing
 * the package loads no zod; `conveyor monitors run` checks it when it loads the file.
 */
import type { MonitorInput } from "./definition.ts";

/** A typed monitor definition: `export default monitor({ name, deployment, window: { rows: 1000 } })`. */
export function monitor(definition: MonitorInput): MonitorInput {
  return definition;
}
