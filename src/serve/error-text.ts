import { isConveyorError } from "../errors.ts";

/** What an endpoint's log line says of an error: a user error's message, else the error as text. */
export function errorText(error: unknown): string {
  return isConveyorError(error) ? error.message : String(error);
}
