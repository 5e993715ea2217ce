import type { Kysely } from "kysely";
import { ConveyorError } from "../../errors.ts";
import { rollbackTarget } from "../alias-history.ts";
import { checkAliasName } from "../names.ts";
import type { RegistryStore } from "../registry-types.ts";
import type { ListWindow } from "../types.ts";
import { changeAlias, currentAlias } from "./alias-change.ts";
import type { StoreContext } from "./context.ts";
import { inWindow } from "./list-window.ts";
import { findModel, latestVersion, lockModel, type ModelRef, modelAliases, versionExists } from "./model-lookup.ts";
import { aliasNotFound, modelNotFound, versionNotFound } from "../registry-errors.ts";
import { toAliasEvent } from "./registry-rows.ts";
import type { Tables } from "./tables.ts";

async function events(db: Kysely<Tables>, model: ModelRef, alias?: string, window?: ListWindow) {
  let query = db.selectFrom("alias_events").selectAll().where("model_id", "=", model.id).orderBy("id");
  if (alias !== undefined) query = query.where("alias", "=", alias);
  return (await inWindow(query, window).execute()).map((r) => toAliasEvent(model.name, r));
}

/** The alias's current version, or not_found naming the aliases the model has. */
async function requireAlias(trx: Kysely<Tables>, model: ModelRef, alias: string): Promise<number> {
  const current = await currentAlias(trx, model.id, alias);
  if (current === null) throw aliasNotFound(model.name, alias, Object.keys(await modelAliases(trx, model.id)));
  return current;
}

export function aliasQueries({
  db,
  location,
}: StoreContext): Pick<RegistryStore, "setAlias" | "deleteAlias" | "rollbackAlias" | "aliasEvents"> {
  return {
    async setAlias(name, alias, version, change) {
      checkAliasName(alias);
      return db.transaction().execute(async (trx) => {
        const now = Date.now();
        const model = await lockModel(trx, name, location, now);
        if (!Number.isInteger(version) || !(await versionExists(trx, model.id, version))) {
          throw versionNotFound(name, version, await latestVersion(trx, model.id));
        }
        const from = await currentAlias(trx, model.id, alias);
        return from === version ? null : changeAlias(trx, model, alias, { from, to: version, kind: "set" }, change, now);
      });
    },

    async deleteAlias(name, alias, change) {
      return db.transaction().execute(async (trx) => {
        const now = Date.now();
        const model = await lockModel(trx, name, location, now);
        const from = await requireAlias(trx, model, alias);
        return changeAlias(trx, model, alias, { from, to: null, kind: "delete" }, change, now);
      });
    },

    async rollbackAlias(name, alias, change) {
      return db.transaction().execute(async (trx) => {
        const now = Date.now();
        const model = await lockModel(trx, name, location, now);
        const current = await requireAlias(trx, model, alias);
        // A deleted version cannot hold the alias again: roll back past it as if it never held it.
        const existing = new Set((await trx.selectFrom("model_versions").select("version").where("model_id", "=", model.id).execute()).map((r) => r.version));
        const history = (await events(trx, model, alias)).filter((e) => e.toVersion === null || existing.has(e.toVersion));
        const target = rollbackTarget(history, current);
        if (target === null) {
          throw new ConveyorError(
            `no version held "${alias}" of model "${name}" before version ${current}, so there is nothing to roll back to`,
            `point it at a version yourself: conveyor models alias set ${name} ${alias} <version>`,
            "no_rollback",
          );
        }
        return changeAlias(trx, model, alias, { from: current, to: target, kind: "rollback" }, change, now);
      });
    },

    async aliasEvents(name, alias, window) {
      const model = await findModel(db, name);
      if (!model) throw modelNotFound(name, location);
      return events(db, model, alias, window);
    },
  };
}
