import { ConveyorError } from "../errors.ts";

export function modelNotFound(name: string, location: string): ConveyorError {
  return new ConveyorError(`model "${name}" was not found in ${location}`, "list models with `conveyor models list`", "not_found");
}

export function versionNotFound(name: string, version: number, latest: number): ConveyorError {
  return new ConveyorError(
    `model "${name}" has no version ${version}`,
    latest === 0 ? "it has no versions left" : latest === 1 ? "its only version is 1" : `its latest version is ${latest}; see \`conveyor models show ${name}\` for the others`,
    "not_found",
  );
}

export function aliasNotFound(name: string, alias: string, aliases: string[]): ConveyorError {
  return new ConveyorError(
    `model "${name}" has no alias "${alias}"`,
    aliases.length ? `its aliases are: ${aliases.join(", ")}` : `it has no aliases; set one with \`conveyor models alias set ${name} ${alias} <version>\``,
    "not_found",
  );
}
