import { ConveyorError } from "../../errors.ts";

/** Which sample a drift statistic is looking at, for error messages. */
export type Side = "reference" | "current";

/** A statistic of an empty sample means nothing: say so instead of returning NaN. */
export function requireValues(values: ArrayLike<unknown>, side: Side): void {
  if (values.length > 0) return;
  throw new ConveyorError(
    `the ${side} sample has no values`,
    "drift statistics compare two non-empty samples; check the data and its missing values",
    "invalid_data",
  );
}
