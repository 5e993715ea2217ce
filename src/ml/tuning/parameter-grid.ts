import { ConveyorError } from "../../errors.ts";
import type { ParamValue, Params } from "../models/model-params.ts";

/** Each parameter's candidate values. */
export type ParamGrid = Readonly<Record<string, readonly ParamValue[]>>;

/**
 * Every combination of the grid's values, in scikit-learn's ParameterGrid order: parameter
 * names sorted, the last name's values varying fastest.
 */
export function parameterGrid(grid: ParamGrid): Params[] {
  const names = Object.keys(grid).sort();
  let combinations: Record<string, ParamValue>[] = [{}];
  for (const name of names) {
    const values = grid[name]!;
    if (values.length === 0) {
      throw new ConveyorError(`parameter "${name}" has no values to try`, "give at least one value per parameter", "invalid_param");
    }
    combinations = combinations.flatMap((partial) => values.map((value) => ({ ...partial, [name]: value })));
  }
  return combinations;
}
