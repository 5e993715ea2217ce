/**
 * Names in the exported workflow. Kubernetes object names, Argo template and task names and KFP
 * task names allow letters, digits and '-' only (object names lowercase), while IR names may
 * hold '_' and '.': each is mapped, and two IR names that map to the same name are an error
 * rather than one task silently standing for two.
 */
import { ConveyorError } from "../errors.ts";

/** A DNS-1123 label: lowercase letters, digits and '-', starting and ending alphanumeric, at most 63 characters. */
export function dnsLabel(name: string): string {
  const label = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 63)
    .replace(/-+$/, "");
  return label === "" ? "pipeline" : label;
}

/** Maps IR names to workflow names, refusing two names that collide, with each other or with a reserved name. */
export class NameMap {
  private readonly byIr = new Map<string, string>();
  private readonly taken = new Map<string, string>();

  constructor(reserved: readonly string[]) {
    for (const name of reserved) this.taken.set(name, `Conveyor's own step "${name}"`);
  }

  /** The workflow name of IR node `name` (`what` says what it is, for the error). */
  add(name: string, what: string, mapped = name.replace(/[_.]/g, "-")): string {
    const other = this.taken.get(mapped);
    if (other !== undefined) {
      throw new ConveyorError(
        `${what} "${name}" and ${other} would both be named "${mapped}" in the exported workflow`,
        "rename one of them (names there allow letters, digits and '-', so '_' and '.' become '-')",
        "export_name_clash",
      );
    }
    this.taken.set(mapped, `${what} "${name}"`);
    this.byIr.set(name, mapped);
    return mapped;
  }

  get(name: string): string {
    const mapped = this.byIr.get(name);
    if (mapped === undefined) throw new Error(`no exported name for "${name}"`);
    return mapped;
  }
}
