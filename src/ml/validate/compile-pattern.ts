import { ConveyorError } from "../../errors.ts";

/**
 * The regular expression of a `matches` check, refused with the engine's reason when it does
 * not compile. The g and y flags are refused too: they make RegExp.test remember where the
 * last match ended, so a row's result would depend on the rows before it.
 */
export function compilePattern(pattern: string, flags: string | undefined, where: string): RegExp {
  if (flags !== undefined && /[gy]/.test(flags)) {
    throw new ConveyorError(
      `${where}: flags "${flags}" include g or y, which make matching depend on earlier rows`,
      "leave them out; matches tests each value on its own",
      "invalid_param",
    );
  }
  try {
    return new RegExp(pattern, flags);
  } catch (error) {
    throw new ConveyorError(
      `${where}: ${JSON.stringify(pattern)} is not a valid regular expression (${(error as Error).message})`,
      "fix the pattern; it uses JavaScript RegExp syntax",
      "invalid_param",
    );
  }
}
