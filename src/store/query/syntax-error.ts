import { ConveyorError } from "../../errors.ts";

/**
 * A mistake in a filter or sort expression, shown as the expression with a caret under the
 * column where it goes wrong, the way compilers point at a token.
 */
export function syntaxError(what: "filter" | "sort", source: string, column: number, problem: string): ConveyorError {
  const caret = `${" ".repeat(Math.max(0, column - 1))}^`;
  return new ConveyorError(
    `malformed ${what} at column ${column}: ${problem}\n  ${source}\n  ${caret}`,
    what === "filter"
      ? 'a filter is comparisons joined by and/or, e.g. metrics.auc > 0.9 and params.trees >= 100 and tags.team = "x"'
      : "a sort is fields separated by commas, each with - for descending, e.g. -metrics.auc,created",
    `invalid_${what}`,
  );
}
