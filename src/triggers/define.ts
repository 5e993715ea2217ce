/**
 * `defineTriggers` for a project's triggers.ts: it only types the definitions, so importing the
 * package loads neither zod nor croner; `conveyor scheduler` checks them when it loads the file.
 */
import type { TriggerInput } from "./definition.ts";

/** Typed trigger definitions: `export default defineTriggers([{ name, kind, pipeline, ... }])`. */
export function defineTriggers(triggers: TriggerInput[]): TriggerInput[] {
  return triggers;
}
