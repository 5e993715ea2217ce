/**
 * What names may be: checked by the store before it writes, so every caller (CLI, API,
 * tracking code) gets the same answer. Model and alias names appear in `models:/name@alias`
 * URIs, so they may not hold "/" or "@"; an alias starts with a letter so it is never
 * mistaken for a version number.
 */
import { ConveyorError } from "../errors.ts";

const CONTROL = /[\u0000-\u001f\u007f]/;
/**
 * Half of a UTF-16 pair without its other half (with the u flag, a pair is one code point and
 * does not match): it has no UTF-8 form, so a store would keep it mangled or refuse it.
 */
export const LONE_SURROGATE = /\p{Surrogate}/u;
const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
const ALIAS_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

function invalid(what: string, value: string, rule: string): ConveyorError {
  return new ConveyorError(`${what} ${JSON.stringify(value)} is not valid`, rule, "invalid_name");
}

export function checkExperimentName(name: string): void {
  if (name.trim() !== name || name === "" || name.length > 200 || CONTROL.test(name) || LONE_SURROGATE.test(name)) {
    throw invalid(
      "experiment name",
      name,
      "use 1 to 200 characters of well-formed Unicode, without leading or trailing spaces or control characters",
    );
  }
}

export function checkTags(tags: Record<string, string>): void {
  for (const [key, value] of Object.entries(tags)) {
    if (key === "" || key.length > 250 || CONTROL.test(key) || LONE_SURROGATE.test(key)) {
      throw invalid("tag name", key, "use 1 to 250 characters of well-formed Unicode without control characters");
    }
    if (typeof value !== "string") throw invalid(`value of tag ${JSON.stringify(key)}`, String(value), "tag values are strings");
    if (LONE_SURROGATE.test(value)) throw invalid(`value of tag ${JSON.stringify(key)}`, value, "use well-formed Unicode");
  }
}

export function checkModelName(name: string): void {
  if (!MODEL_NAME.test(name)) {
    throw invalid("model name", name, "use letters, digits, '_', '.' and '-', starting with a letter or digit (at most 128)");
  }
}

export function checkAliasName(alias: string): void {
  if (!ALIAS_NAME.test(alias)) {
    throw invalid("alias", alias, "use letters, digits, '_' and '-', starting with a letter (at most 64), e.g. champion");
  }
}
