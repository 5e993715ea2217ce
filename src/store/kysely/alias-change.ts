/** One audited alias change inside a transaction that has locked the model (see lockModel). */
import type { Kysely } from "kysely";
import type { AliasChange, AliasEvent, AliasEventKind } from "../registry-types.ts";
import type { ModelRef } from "./model-lookup.ts";
import { toAliasEvent } from "./registry-rows.ts";
import type { AliasEventRow, Tables } from "./tables.ts";

export async function currentAlias(trx: Kysely<Tables>, modelId: string, alias: string): Promise<number | null> {
  const row = await trx
    .selectFrom("model_aliases")
    .select("version")
    .where("model_id", "=", modelId)
    .where("alias", "=", alias)
    .executeTakeFirst();
  return row?.version ?? null;
}

/** Moves `alias` from version `from` (null: unset) to `version` (null: removes it) and records the event. */
export async function changeAlias(
  trx: Kysely<Tables>,
  model: ModelRef,
  alias: string,
  move: { from: number | null; to: number | null; kind: AliasEventKind },
  change: AliasChange,
  now: number,
): Promise<AliasEvent> {
  const { from, to: version, kind } = move;
  if (version === null) {
    await trx.deleteFrom("model_aliases").where("model_id", "=", model.id).where("alias", "=", alias).execute();
  } else {
    await trx
      .insertInto("model_aliases")
      .values({ model_id: model.id, alias, version, updated_at: now })
      .onConflict((oc) => oc.columns(["model_id", "alias"]).doUpdateSet({ version, updated_at: now }))
      .execute();
  }
  const event: Omit<AliasEventRow, "id"> = {
    model_id: model.id,
    alias,
    kind,
    from_version: from,
    to_version: version,
    actor: change.actor,
    reason: change.reason ?? null,
    created_at: now,
  };
  const { id } = await trx.insertInto("alias_events").values(event).returning("id").executeTakeFirstOrThrow();
  return toAliasEvent(model.name, { ...event, id: Number(id) });
}
