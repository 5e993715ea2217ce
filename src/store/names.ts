/**
 * What names may be: checked by the store before it writes, so every caller (CLI, API,
 * tracking code) gets the same answer. Model and alias names appear in `models:/name@alias`
 * URIs, so they may not hold "/" or "@"; an alias starts with a letter so it is never
 * mistaken for a version number.
 */
import { ConveyorError } from "../errors.ts";

const CONTROL = /[\u0000-\u001f\u007f]/;
const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
const ALIAS_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

function invalid(what: string, value: string, rule: string): ConveyorError {
  return new ConveyorError(`${what} ${JSON.stringify(value)} is not valid`, rule, "invalid_name");
}

export function checkExperimentName(name: string): void {
  if (name.trim() !== name || name === "" || name.length > 200 || CONTROL.test(name)) {
    throw invalid("experiment name", name, "use 1 to 200 characters, without leading or trailing spaces or control characters");
  }
}

export function checkTags(tags: Record<string, string>): void {
  for (const [key, value] of Object.entries(tags)) {
    if (key === "" || key.length > 250 || CONTROL.test(key)) {
      throw invalid("tag name", key, "use 1 to 250 characters without control characters");
    }
    if (typeof value !== "string") throw invalid(`value of tag ${JSON.stringify(key)}`, String(value), "tag values are strings");
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
