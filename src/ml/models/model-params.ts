import { ConveyorError } from "../../errors.ts";

/** A model parameter as a pipeline passes it: plain JSON scalars, so it can be hashed and tuned. */
export type ParamValue = number | string | boolean;
export type Params = Readonly<Record<string, ParamValue>>;

/** The numeric parameter, or undefined when it is not given (the model's default applies). */
export function numberParam(params: Params, key: string): number | undefined {
  const value = params[key];
  if (value === undefined || typeof value === "number") return value;
  throw wrongType(key, value, `give "${key}" as a number`);
}

/** A parameter that is a number or one of a few words, e.g. maxFeatures: "sqrt" | 0.5. */
export function numberOrChoiceParam<C extends string>(
  params: Params,
  key: string,
  choices: readonly C[],
): number | C | undefined {
  const value = params[key];
  if (value === undefined || typeof value === "number" || choices.includes(value as C)) return value as number | C | undefined;
  throw wrongType(key, value, `give "${key}" as a number or one of ${choices.map((c) => `"${c}"`).join(", ")}`);
}

/** A parameter that is a boolean or one of a few words, e.g. earlyStopping: "auto" | true. */
export function booleanOrChoiceParam<C extends string>(
  params: Params,
  key: string,
  choices: readonly C[],
): boolean | C | undefined {
  const value = params[key];
  if (value === undefined || typeof value === "boolean" || choices.includes(value as C)) return value as boolean | C | undefined;
  throw wrongType(key, value, `give "${key}" as true, false or one of ${choices.map((c) => `"${c}"`).join(", ")}`);
}

function wrongType(key: string, value: ParamValue, hint: string): ConveyorError {
  return new ConveyorError(`parameter "${key}" is ${JSON.stringify(value)}`, hint, "invalid_param");
}

/** Model parameters given as JSON (a pipeline parameter), checked to be a flat object of scalars. */
export function readParams(json: unknown, where = "params"): Params {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new ConveyorError(`${where} must be an object of parameter values, got ${JSON.stringify(json)}`, 'e.g. { "maxDepth": 5 }', "invalid_param");
  }
  for (const [key, value] of Object.entries(json)) {
    if (typeof value !== "string" && typeof value !== "boolean" && !(typeof value === "number" && Number.isFinite(value))) {
      throw new ConveyorError(
        `${where}: parameter "${key}" is ${JSON.stringify(value)}`,
        "give each parameter as a number, a string or a boolean",
        "invalid_param",
      );
    }
  }
  return json as Params;
}

/**
 * The parameters with the pipeline's seed added for a model that takes one (trees and
 * boosting), unless they set their own: the same seed trains the same model.
 */
export function seeded(params: Params, accepted: readonly string[], seed: number): Params {
  return accepted.includes("seed") && params.seed === undefined ? { ...params, seed } : params;
}
