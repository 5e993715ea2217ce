/** How the CLI reports an error: a user error in two lines, a bug with its stack. */
import pc from "picocolors";
import { isConveyorError } from "../errors.ts";

/**
 * Exit codes: 1 a run that did not succeed, or a command the machine stopped (a full disk,
 * a folder it may not write); 2 a user error; 70 a bug in Conveyor.
 */
export const EXIT = { failed: 1, usage: 2, bug: 70, interrupted: 130 } as const;

/** ConveyorError codes that are no mistake in what the user typed: the same command works once the machine is fixed. */
const MACHINE_CODES = new Set(["disk_full", "not_writable"]);

export function reportError(error: unknown): number {
  if (isConveyorError(error)) {
    process.stderr.write(`${pc.red("error:")} ${error.message}\n`);
    if (error.hint) process.stderr.write(`${pc.dim("hint:")} ${error.hint}\n`);
    return MACHINE_CODES.has(error.code) ? EXIT.failed : EXIT.usage;
  }
  process.stderr.write(`${pc.red("internal error (a bug in Conveyor; please report it):")}\n`);
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return EXIT.bug;
}
