import type { Kysely } from "kysely";
import { ConveyorError } from "../../errors.ts";
import { checkExperimentName } from "../names.ts";
import type { ExperimentRecord, TrackingStore } from "../tracking-types.ts";
import type { StoreContext } from "./context.ts";
import { byNameInWindow } from "./list-window.ts";
import type { ExperimentRow, Tables } from "./tables.ts";

/** Creates the experiment unless it exists; runs join their experiment this way. */
export async function insertExperiment(db: Kysely<Tables>, name: string, now: number): Promise<void> {
  await db
    .insertInto("experiments")
    .values({ name, description: null, created_at: now })
    .onConflict((oc) => oc.column("name").doNothing())
    .execute();
}

function toExperimentRecord(row: ExperimentRow): ExperimentRecord {
  return { name: row.name, description: row.description, createdAt: new Date(row.created_at) };
}

export function experimentQueries({
  db,
  dialect,
  location,
}: StoreContext): Pick<TrackingStore, "createExperiment" | "getExperiment" | "listExperiments"> {
  return {
    async createExperiment(name, description = null) {
      checkExperimentName(name);
      const row: ExperimentRow = { name, description, created_at: Date.now() };
      const result = await db.insertInto("experiments").values(row).onConflict((oc) => oc.column("name").doNothing()).executeTakeFirst();
      if (result.numInsertedOrUpdatedRows === 0n) {
        throw new ConveyorError(`experiment "${name}" already exists in ${location}`, "choose another name, or add runs to it with --experiment", "exists");
      }
      return toExperimentRecord(row);
    },

    async getExperiment(name) {
      const row = await db.selectFrom("experiments").selectAll().where("name", "=", name).executeTakeFirst();
      return row && toExperimentRecord(row);
    },

    async listExperiments(window) {
      const experiments = db
        .selectFrom("experiments")
        .leftJoin("runs", "runs.experiment", "experiments.name")
        .select([
          "experiments.name",
          "experiments.description",
          "experiments.created_at",
          (eb) => eb.fn.count<number | string>("runs.id").as("runs"),
          (eb) => eb.fn.max<number | null>("runs.created_at").as("last_run_at"),
        ])
        .groupBy(["experiments.name", "experiments.description", "experiments.created_at"]);
      const rows = await byNameInWindow(experiments, "experiments.name", dialect, window).execute();
      return rows.map((r) => ({
        ...toExperimentRecord(r),
        // Postgres returns count() as int8, which the connection parses to a number; SQLite as an integer.
        runs: Number(r.runs),
        lastRunAt: r.last_run_at === null ? null : new Date(Number(r.last_run_at)),
      }));
    },
  };
}
