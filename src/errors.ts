import { hasBrand, setBrand } from "./brand.ts";

/**
 * A user error: something the user can fix (bad pipeline, bad parameter, malformed data,
 * unknown run). The CLI prints `message` and `hint` and exits non-zero without a stack
 * trace; anything that is not a ConveyorError is a bug in Conveyor and keeps its stack.
 */
export class ConveyorError extends Error {
  override readonly name = "ConveyorError";
  constructor(
    message: string,
    /** What to do about it. */
    readonly hint?: string,
    /** Machine-readable kind, e.g. "not_found", "invalid_param", "corrupt_artifact". */
    readonly code: string = "user_error",
  ) {
    super(message);
    setBrand(this, "ConveyorError");
  }
}

/** Whether `e` is a ConveyorError (or one of its subclasses), of any copy of Conveyor (see brand.ts). */
export function isConveyorError(e: unknown): e is ConveyorError {
  return hasBrand(e, "ConveyorError");
}
