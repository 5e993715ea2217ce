import { ConveyorError } from "../../errors.ts";
import { type Params, readParams } from "../models/model-params.ts";
import { type ParamGrid, parameterGrid } from "./parameter-grid.ts";
import { type ParamSpace, sampleParameters } from "./parameter-sampler.ts";

export type SearchKind = "grid" | "random";

/**
 * The parameter sets a search tries, from a pipeline's JSON: every combination of a grid
 * ({ "maxDepth": [3, 5], "learningRate": [0.05, 0.1] }), or `iterations` draws from a space
 * whose entries are lists or { "uniform" | "logUniform" | "integers": [low, high] } (drawn
 * with `seed`).
 */
export function candidateParams(
  space: unknown,
  search: SearchKind,
  options: { iterations: number; seed: number },
): Params[] {
  if (typeof space !== "object" || space === null || Array.isArray(space) || Object.keys(space).length === 0) {
    throw new ConveyorError(
      `the search space must be an object of parameter values to try, got ${JSON.stringify(space)}`,
      'e.g. { "maxDepth": [3, 5, 8] }',
      "invalid_param",
    );
  }
  const candidates =
    search === "grid"
      ? parameterGrid(gridOf(space as Record<string, unknown>))
      : sampleParameters(space as ParamSpace, options.iterations, options.seed);
  return candidates.map((params, i) => readParams(params, `candidate ${i + 1}`));
}

function gridOf(space: Record<string, unknown>): ParamGrid {
  for (const [name, values] of Object.entries(space)) {
    if (!Array.isArray(values)) {
      throw new ConveyorError(
        `grid parameter "${name}" is ${JSON.stringify(values)}, not a list of values`,
        `give a list, e.g. "${name}": [${JSON.stringify(values)}]; ranges are for random search`,
        "invalid_param",
      );
    }
  }
  return space as ParamGrid;
}
