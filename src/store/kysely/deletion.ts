import { ConveyorError } from "../../errors.ts";
import type { DeletionStore } from "../deletion-types.ts";
import { versionNotFound } from "../registry-errors.ts";
import { TERMINAL_RUN_STATUSES } from "../types.ts";
import type { StoreContext } from "./context.ts";
import { maybeDry } from "./dry-run.ts";
import { aliasesOf, latestVersion, lockModel, modelAliases } from "./model-lookup.ts";
import { toModelVersionRecord } from "./registry-rows.ts";
import { toRunRecord } from "./rows.ts";
import { runNotFound } from "./runs.ts";

export function deletionQueries({ db, location }: StoreContext): Pick<DeletionStore, "deleteRun" | "deleteModelVersion"> {
  return {
    deleteRun(id, { dryRun = false } = {}) {
      return maybeDry(db, dryRun, async (trx) => {
        // A no-op update takes the run's row lock (Postgres; SQLite has one writer anyway), so a
        // process resuming the run waits for this transaction rather than racing it.
        await trx.updateTable("runs").set((eb) => ({ status: eb.ref("status") })).where("id", "=", id).execute();
        const row = await trx.selectFrom("runs").selectAll().where("id", "=", id).executeTakeFirst();
        if (!row) throw runNotFound(id, location);
        const run = toRunRecord(row);
        if (!TERMINAL_RUN_STATUSES.includes(run.status)) {
          throw new ConveyorError(
            `run ${id} is ${run.status}, so it cannot be deleted`,
            `cancel it first with \`conveyor cancel ${id}\``,
            "run_active",
          );
        }
        const taskIds = trx.selectFrom("tasks").select("id").where("run_id", "=", id);
        const registered = await trx
          .selectFrom("model_versions")
          .innerJoin("models", "models.id", "model_versions.model_id")
          .select(["models.name", "model_versions.version"])
          .where((eb) => eb.or([eb("model_versions.run_id", "=", id), eb("model_versions.task_id", "in", taskIds)]))
          .orderBy("models.name")
          .orderBy("model_versions.version")
          .execute();
        if (registered.length > 0) {
          const uris = registered.map((v) => `models:/${v.name}/${v.version}`);
          throw new ConveyorError(
            `run ${id} produced registered model versions: ${uris.join(", ")}`,
            "delete those versions first (conveyor models delete <name> <version>), or keep the run",
            "in_use",
          );
        }
        const attemptIds = trx.selectFrom("attempts").select("id").where("task_id", "in", taskIds);
        const count = (result: { numDeletedRows: bigint }) => Number(result.numDeletedRows);
        const logLines = count(await trx.deleteFrom("logs").where("attempt_id", "in", attemptIds).executeTakeFirst());
        const lineageEvents = count(await trx.deleteFrom("lineage").where("task_id", "in", taskIds).executeTakeFirst());
        const metricPoints = count(await trx.deleteFrom("metrics").where("run_id", "=", id).executeTakeFirst());
        for (const table of ["run_latest_metrics", "run_params", "run_tags", "run_context"] as const) {
          await trx.deleteFrom(table).where("run_id", "=", id).execute();
        }
        // Tasks of later runs that reused this run's outputs keep their own lineage of them; only the pointer goes.
        await trx.updateTable("tasks").set({ cached_from_task_id: null }).where("cached_from_task_id", "in", taskIds).execute();
        const attempts = count(await trx.deleteFrom("attempts").where("task_id", "in", taskIds).executeTakeFirst());
        const tasks = count(await trx.deleteFrom("tasks").where("run_id", "=", id).executeTakeFirst());
        await trx.deleteFrom("runs").where("id", "=", id).execute();
        return { run, tasks, attempts, lineageEvents, metricPoints, logLines };
      });
    },

    deleteModelVersion(name, version, { dryRun = false } = {}) {
      return maybeDry(db, dryRun, async (trx) => {
        // Locked like an alias change, so no alias can move onto the version while it goes.
        const model = await lockModel(trx, name, location, Date.now());
        const row = await trx.selectFrom("model_versions").selectAll().where("model_id", "=", model.id).where("version", "=", version).executeTakeFirst();
        if (!row) throw versionNotFound(name, version, await latestVersion(trx, model.id));
        const [alias] = aliasesOf(await modelAliases(trx, model.id), version);
        if (alias !== undefined) {
          throw new ConveyorError(
            `version ${version} of model "${name}" is what alias "${alias}" points to, so it cannot be deleted`,
            `move the alias first (conveyor models alias set ${name} ${alias} <version>) or remove it (conveyor models alias delete ${name} ${alias})`,
            "in_use",
          );
        }
        await trx.deleteFrom("model_versions").where("model_id", "=", model.id).where("version", "=", version).execute();
        return toModelVersionRecord(name, row, []);
      });
    },
  };
}
