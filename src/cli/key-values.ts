/** `--tag team=fraud`: repeatable name=value options gathered into an object. */
import { ConveyorError } from "../errors.ts";

export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function keyValues(option: string, items: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const eq = item.indexOf("=");
    if (eq <= 0) throw new ConveyorError(`${option} "${item}" is not of the form name=value`, `e.g. ${option} team=fraud`, "invalid_option");
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}
