/**
 * Class identity that holds across copies of Conveyor in one process. A pipeline may import
 * another copy than the CLI that loads it (npm link, nested node_modules, the repository's
 * src/ beside dist/); `instanceof` against one copy's class is false for the other's objects,
 * so Conveyor marks its objects with a name under a symbol from the global registry, which
 * every copy shares, and tests that instead.
 */
const BRAND = Symbol.for("conveyor.brand");

/** Marks `instance` as made by the class called `name` (a hidden, read-only property). */
export function setBrand(instance: object, name: string): void {
  Object.defineProperty(instance, BRAND, { value: name });
}

/** Whether `value` was made by a class called `name`, in any copy of Conveyor. */
export function hasBrand(value: unknown, name: string): boolean {
  return typeof value === "object" && value !== null && (value as { [BRAND]?: unknown })[BRAND] === name;
}
