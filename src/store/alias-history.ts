/** Where `rollback` moves an alias, decided from its audit trail alone. */
import type { AliasEvent } from "./registry-types.ts";

/**
 * The version that held the alias before its current one. The holders, in order, are the
 * versions each `set` pointed it at (rollbacks are not new holders, so rolling back twice
 * steps back twice); the answer is the holder just before the latest time `current` took
 * over. Null when no other version held it before.
 */
export function rollbackTarget(events: readonly AliasEvent[], current: number): number | null {
  const holders: number[] = [];
  for (const e of events) {
    if (e.kind !== "set" || e.toVersion === null || holders.at(-1) === e.toVersion) continue;
    holders.push(e.toVersion);
  }
  const at = holders.lastIndexOf(current);
  return at > 0 ? (holders[at - 1] as number) : null;
}
