import { ConveyorError } from "../errors.ts";

/** A request the server refuses (400 unless `code` says otherwise), with a message naming what and where. */
export function badRequest(message: string): ConveyorError {
  return new ConveyorError(message, undefined, "bad_request");
}

/** An unknown model or version: 404. */
export function notServed(message: string): ConveyorError {
  return new ConveyorError(message, undefined, "not_found");
}
