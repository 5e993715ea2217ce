import { ConveyorError } from "../../errors.ts";
import { newId } from "../ids.ts";
import { checkAliasName, checkModelName, checkTags } from "../names.ts";
import type { ModelRecord, RegistryStore } from "../registry-types.ts";
import { changeAlias, currentAlias } from "./alias-change.ts";
import { byNameInWindow, inWindow } from "./list-window.ts";
import type { StoreContext } from "./context.ts";
import { aliasesOf, findModel, lastVersionNumber, latestVersion, lockModel, modelAliases } from "./model-lookup.ts";
import { modelNotFound } from "../registry-errors.ts";
import { toModelVersionRecord } from "./registry-rows.ts";
import type { ModelRow, ModelVersionRow } from "./tables.ts";

export function modelQueries({
  db,
  dialect,
  location,
}: StoreContext): Pick<
  RegistryStore,
  "createModelVersion" | "getModel" | "listModels" | "getModelVersion" | "listModelVersions" | "artifactModelVersions"
> {
  async function toModelRecord(row: ModelRow): Promise<ModelRecord> {
    return {
      name: row.name,
      description: row.description,
      createdAt: new Date(row.created_at),
      updatedAt: new Date(row.updated_at),
      latestVersion: await latestVersion(db, row.id),
      aliases: await modelAliases(db, row.id),
    };
  }

  return {
    async createModelVersion(v) {
      checkModelName(v.model);
      if (v.alias) checkAliasName(v.alias.name);
      checkTags(v.tags ?? {});
      return db.transaction().execute(async (trx) => {
        const now = Date.now();
        await trx
          .insertInto("models")
          .values({ id: newId(), name: v.model, description: null, created_at: now, updated_at: now, last_version: 0 })
          .onConflict((oc) => oc.column("name").doNothing())
          .execute();
        const model = await lockModel(trx, v.model, location, now);
        const artifact = await trx.selectFrom("artifacts").select("digest").where("id", "=", v.artifactId).executeTakeFirst();
        if (!artifact) throw new Error(`createModelVersion: no artifact ${v.artifactId} in ${location}`);
        const same = await trx
          .selectFrom("model_versions")
          .select("version")
          .where("model_id", "=", model.id)
          .where("digest", "=", artifact.digest)
          .executeTakeFirst();
        if (same) {
          throw new ConveyorError(
            `model "${v.model}" already has this artifact (${artifact.digest.slice(0, 19)}…) as version ${same.version}`,
            `versions are immutable and each holds a different artifact; use models:/${v.model}/${same.version}`,
            "duplicate_version",
          );
        }
        const row: ModelVersionRow = {
          model_id: model.id,
          version: (await lastVersionNumber(trx, model.id)) + 1,
          run_id: v.runId,
          task_id: v.taskId,
          artifact_id: v.artifactId,
          digest: artifact.digest,
          description: v.description ?? null,
          tags: JSON.stringify(v.tags ?? {}),
          signature: v.signature ? JSON.stringify(v.signature) : null,
          metrics: JSON.stringify(v.metrics ?? {}),
          created_by: v.actor,
          created_at: now,
        };
        await trx.insertInto("model_versions").values(row).execute();
        await trx.updateTable("models").set({ last_version: row.version }).where("id", "=", model.id).execute();
        if (v.alias) {
          const from = await currentAlias(trx, model.id, v.alias.name);
          await changeAlias(trx, model, v.alias.name, { from, to: row.version, kind: "set" }, { actor: v.actor, reason: v.alias.reason ?? null }, now);
        }
        return toModelVersionRecord(v.model, row, v.alias ? [v.alias.name] : []);
      });
    },

    async getModel(name) {
      const row = await db.selectFrom("models").selectAll().where("name", "=", name).executeTakeFirst();
      return row && toModelRecord(row);
    },

    async listModels(window) {
      const rows = await byNameInWindow(db.selectFrom("models").selectAll(), "name", dialect, window).execute();
      return Promise.all(rows.map(toModelRecord));
    },

    async getModelVersion(name, version) {
      const model = await findModel(db, name);
      if (!model) return undefined;
      const row = await db
        .selectFrom("model_versions")
        .selectAll()
        .where("model_id", "=", model.id)
        .where("version", "=", version)
        .executeTakeFirst();
      return row && toModelVersionRecord(name, row, aliasesOf(await modelAliases(db, model.id), version));
    },

    async listModelVersions(name, window) {
      const model = await findModel(db, name);
      if (!model) throw modelNotFound(name, location);
      const versions = db.selectFrom("model_versions").selectAll().where("model_id", "=", model.id).orderBy("version");
      const rows = await inWindow(versions, window).execute();
      const aliases = await modelAliases(db, model.id);
      return rows.map((r) => toModelVersionRecord(name, r, aliasesOf(aliases, r.version)));
    },

    async artifactModelVersions(artifactId) {
      const rows = await db
        .selectFrom("model_versions")
        .innerJoin("models", "models.id", "model_versions.model_id")
        .selectAll("model_versions")
        .select("models.name as model_name")
        .where("model_versions.artifact_id", "=", artifactId)
        .orderBy("models.name")
        .orderBy("model_versions.version")
        .execute();
      return Promise.all(
        rows.map(async ({ model_name, ...r }) => toModelVersionRecord(model_name, r, aliasesOf(await modelAliases(db, r.model_id), r.version))),
      );
    },
  };
}
