/**
 * Loads the component an IR names, and checks it is the code that was compiled; and says how a
 * new process or thread gets the means to load it.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ConveyorError } from "../errors.ts";
import type { ComponentIR } from "../ir/schema.ts";
import type { AnyComponent } from "../sdk/component.ts";

/**
 * Node options that let a child process or a worker thread import TypeScript modules: tsx's ES
 * module hooks, registered through its API. Not `--import tsx/esm`: on Node 20 that registers
 * nothing in a worker thread. Nor tsx's CommonJS hook: it lexes every CommonJS file loaded with a
 * WebAssembly lexer whose memory grows on large files, and growing detaches an ArrayBuffer: after
 * the first detach in a process, V8 stops trusting typed arrays' lengths in optimised code, and
 * loops over them (the ML kernels) run about a third slower for the process's life.
 */
export const LOADER_EXEC_ARGV: readonly string[] = [
  "--import",
  `data:text/javascript,${encodeURIComponent(`import { register } from ${JSON.stringify(import.meta.resolve("tsx/esm/api"))}; register();`)}`,
];

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

function importOnce(file: string): Promise<Record<string, unknown>> {
  let loading = modules.get(file);
  if (!loading) {
    loading = import(pathToFileURL(file).href) as Promise<Record<string, unknown>>;
    loading.catch(() => modules.delete(file));
    modules.set(file, loading);
  }
  return loading;
}

export async function loadComponent(root: string, ir: ComponentIR): Promise<AnyComponent> {
  const file = resolve(root, ir.module);
  let exports: Record<string, unknown>;
  try {
    exports = await importOnce(file);
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
