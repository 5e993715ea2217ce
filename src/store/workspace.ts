import { join, resolve } from "node:path";

/** Everything Conveyor keeps for a project lives in `<root>/.conveyor/`. */
export function conveyorDir(root: string): string {
  return join(resolve(root), ".conveyor");
}
