/**
 * Model references: `models:/churn/3` (a version) and `models:/churn@champion` (an alias),
 * also without the `models:/` scheme (`churn/3`, `churn@champion`) where a command takes a
 * model reference.
 */
import { ConveyorError } from "../errors.ts";

export type ModelRef = { name: string; version: number } | { name: string; alias: string };

const SCHEME = "models:/";
const FORM = /^([A-Za-z0-9][A-Za-z0-9_.-]*)(?:\/(\d+)|@([A-Za-z][A-Za-z0-9_-]*))$/;

export function parseModelRef(text: string): ModelRef {
  const body = text.startsWith(SCHEME) ? text.slice(SCHEME.length) : text;
  const match = FORM.exec(body);
  const version = match?.[2] === undefined ? undefined : Number(match[2]);
  if (!match || version === 0) {
    throw new ConveyorError(
      `"${text}" is not a model reference`,
      "write models:/<name>/<version> (versions count from 1) or models:/<name>@<alias>, e.g. models:/churn/3 or models:/churn@champion",
      "invalid_model_uri",
    );
  }
  const name = match[1] as string;
  return version === undefined ? { name, alias: match[3] as string } : { name, version };
}

export function isModelUri(text: string): boolean {
  return text.startsWith(SCHEME);
}

export function modelUri(ref: ModelRef): string {
  return "version" in ref ? `${SCHEME}${ref.name}/${ref.version}` : `${SCHEME}${ref.name}@${ref.alias}`;
}
