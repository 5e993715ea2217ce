import { ConveyorError } from "../errors.ts";

export function deploymentNotFound(name: string, location: string): ConveyorError {
  return new ConveyorError(
    `deployment "${name}" was not found in ${location}`,
    "list deployments with `conveyor deploy list`, or create one with `conveyor deploy create <name> --model <ref>`",
    "not_found",
  );
}
