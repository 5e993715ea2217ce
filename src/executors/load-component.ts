/**
 * Loads the component an IR names, and checks it is the code that was compiled.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ConveyorError } from "../errors.ts";
import { CONVEYOR_ENTRY, CONVEYOR_MODULE } from "../ir/conveyor-module.ts";
import type { ComponentIR } from "../ir/schema.ts";
import type { AnyComponent } from "../sdk/component.ts";
import { importModule } from "../typescript-loader.ts";

/**
 * Modules already imported, by path. A repeated import() is not free: with a loader such as
 * tsx registered, each one makes a round trip through its resolve hook (about 2 ms here).
 */
const modules = new Map<string, Promise<Record<string, unknown>>>();
/**
 * Components already loaded and checked, by the IR that names them (a run's IR lives as long as
 * the run): a task's start need not wait for a promise.
 */
const loaded = new WeakMap<ComponentIR, { root: string; component: AnyComponent }>();

/** The component, when an earlier loadComponent already loaded and checked it from this root. */
export function loadedComponent(root: string, ir: ComponentIR): AnyComponent | undefined {
  const found = loaded.get(ir);
  return found?.root === root ? found.component : undefined;
}

function importOnce(url: string): Promise<Record<string, unknown>> {
  let loading = modules.get(url);
  if (!loading) {
    loading = importModule(url);
    loading.catch(() => modules.delete(url));
    modules.set(url, loading);
  }
  return loading;
}

export async function loadComponent(root: string, ir: ComponentIR): Promise<AnyComponent> {
  const file = resolve(root, ir.module);
  let exports: Record<string, unknown>;
  try {
    exports = await importOnce(ir.module === CONVEYOR_MODULE ? CONVEYOR_ENTRY.href : pathToFileURL(file).href);
  } catch (error) {
    if ((error as { code?: string }).code === "ERR_MODULE_NOT_FOUND" && String((error as Error).message).includes(file)) {
      throw new ConveyorError(
        `component "${ir.name}": module ${ir.module} was not found under ${root}`,
        "run from the project root the pipeline was compiled in, or recompile it",
        "component_not_found",
      );
    }
    throw error;
  }
  const found = exports[ir.export] as AnyComponent | undefined;
  if (typeof found !== "function" || found.kind !== "component") {
    throw new ConveyorError(
      `component "${ir.name}": ${ir.module} has no exported component "${ir.export}"`,
      "recompile the pipeline: the module changed since it was compiled",
      "component_not_found",
    );
  }
  if (found.codeDigest !== ir.codeDigest) {
    throw new ConveyorError(
      `component "${ir.name}" in ${ir.module} changed since the pipeline was compiled`,
      "recompile the pipeline (conveyor compile), or run the .ts file directly",
      "component_changed",
    );
  }
  loaded.set(ir, { root, component: found });
  return found;
}
