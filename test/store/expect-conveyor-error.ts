import assert from "node:assert/strict";
import { isConveyorError } from "../../src/errors.ts";

/** An `assert.rejects`/`assert.throws` validator: a ConveyorError with this code, a hint, and these words in its message. */
export function conveyorError(code: string, ...mentions: string[]): (error: unknown) => true {
  return (error) => {
    assert.ok(isConveyorError(error), `expected a ConveyorError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    assert.ok(error.hint, "a ConveyorError must say what to do");
    for (const m of mentions) assert.ok(error.message.includes(m), `"${error.message}" should mention "${m}"`);
    return true;
  };
}
