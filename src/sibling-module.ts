import { extname } from "node:path";

/**
 * The URL of the module `name` (no extension) beside the module at `base` (its import.meta.url),
 * with base's own extension: `.ts` when Conveyor runs from its sources, `.js` in the built
 * package. tsc rewrites the specifiers of imports, not the URLs of worker and child-process
 * entries, which are built at run time.
 */
export function siblingModule(base: string, name: string): URL {
  return new URL(`${name}${extname(new URL(base).pathname)}`, base);
}
