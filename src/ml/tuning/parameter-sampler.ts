import { ConveyorError } from "../../errors.ts";
import { seededRandom, shuffleInPlace } from "../random.ts";
import type { ParamValue, Params } from "../models/model-params.ts";
import { parameterGrid } from "./parameter-grid.ts";

/**
 * Where a random search draws one parameter from: a list (each value equally likely), a
 * uniform range [low, high), a log-uniform range (for scales such as C or alpha), or the
 * whole numbers low..high inclusive.
 */
export type Distribution =
  | readonly ParamValue[]
  | { readonly uniform: readonly [number, number] }
  | { readonly logUniform: readonly [number, number] }
  | { readonly integers: readonly [number, number] };

export type ParamSpace = Readonly<Record<string, Distribution>>;

/**
 * `count` parameter sets drawn from the space with a seeded generator, as scikit-learn's
 * ParameterSampler: when every parameter is a list the combinations are drawn without
 * replacement (all of them, shuffled, if there are no more than `count`); otherwise each
 * set draws every parameter, in sorted name order, independently.
 */
export function sampleParameters(space: ParamSpace, count: number, seed: number): Params[] {
  if (!Number.isInteger(count) || count < 1) {
    throw new ConveyorError(`iterations is ${count}`, "draw at least one candidate", "invalid_param");
  }
  const random = seededRandom(seed);
  const names = Object.keys(space).sort();
  if (names.every((name) => Array.isArray(space[name]))) {
    const grid = parameterGrid(space as Readonly<Record<string, readonly ParamValue[]>>);
    return shuffleInPlace(grid, random).slice(0, count);
  }
  return Array.from({ length: count }, () =>
    Object.fromEntries(names.map((name) => [name, draw(name, space[name]!, random)])),
  );
}

function draw(name: string, distribution: Distribution, random: () => number): ParamValue {
  if (Array.isArray(distribution)) {
    if (distribution.length === 0) throw badRange(name, "has no values to try");
    return distribution[Math.floor(random() * distribution.length)] as ParamValue;
  }
  const [kind, range] = Object.entries(distribution)[0] as [string, readonly [number, number]];
  const [low, high] = range;
  if (!(Number.isFinite(low) && Number.isFinite(high) && low <= high)) throw badRange(name, `has range [${low}, ${high}]`);
  if (kind === "uniform") return low + random() * (high - low);
  if (kind === "integers") {
    if (!Number.isInteger(low) || !Number.isInteger(high)) throw badRange(name, "needs whole-number bounds");
    return low + Math.floor(random() * (high - low + 1));
  }
  if (kind === "logUniform") {
    if (!(low > 0)) throw badRange(name, "needs a positive lower bound for a log-uniform range");
    return Math.exp(Math.log(low) + random() * (Math.log(high) - Math.log(low)));
  }
  throw badRange(name, `has unknown distribution "${kind}"`);
}

function badRange(name: string, problem: string): ConveyorError {
  return new ConveyorError(
    `parameter "${name}" ${problem}`,
    "give a list of values, or { uniform | logUniform | integers: [low, high] } with low <= high",
    "invalid_param",
  );
}
