/** Where an entity's values live in the online store: one Redis hash per view and entity. */
import { ConveyorError } from "../errors.ts";
import type { FeatureView } from "./feature-view.ts";

/** What every key starts with unless a prefix is given. */
export const DEFAULT_PREFIX = "conveyor:features:";

/** The hash field that records when the values were materialized; always there, so an entity is never an empty hash. */
export const AS_OF_FIELD = "__as_of";

/**
 * The hash key of one entity: the prefix, the view and the key values as JSON, each as its
 * declared type, so `42`, `"42"` and `42.0` name one customer when the key is a number.
 */
export function onlineKey(prefix: string, view: FeatureView, row: Readonly<Record<string, unknown>>): string {
  const values = view.entities.map((key) => {
    const value = row[key.name];
    const typed = key.type === "number" ? Number(value) : value;
    if (value === undefined || value === null || value === "" || (key.type === "number" && !Number.isFinite(typed))) {
      throw new ConveyorError(
        `feature view "${view.name}" needs the key "${key.name}" (a ${key.type}), got ${JSON.stringify(value ?? null)}`,
        `give ${view.entities.map((k) => k.name).join(" and ")} for each entity`,
        "invalid_entity",
      );
    }
    return key.type === "number" ? typed : String(value);
  });
  return `${prefix}${view.name}:${JSON.stringify(values)}`;
}
