/** Finding what a user names on the command line, with a clear error when it is not there. */
import { ConveyorError } from "../errors.ts";
import type { MetadataStore, RunRecord, TaskRecord } from "../store/types.ts";

export async function findRunOrFail(store: Pick<MetadataStore, "findRun" | "location">, id: string): Promise<RunRecord> {
  const run = await store.findRun(id);
  if (!run) {
    throw new ConveyorError(`run "${id}" was not found in ${store.location}`, "list runs with `conveyor runs list`", "not_found");
  }
  return run;
}

export async function findTaskOrFail(store: Pick<MetadataStore, "listTasks">, run: RunRecord, name: string): Promise<TaskRecord> {
  const tasks = await store.listTasks(run.id);
  const task = tasks.find((t) => t.name === name || t.id === name);
  if (!task) {
    throw new ConveyorError(
      `run ${run.id} has no task "${name}"`,
      `its tasks are: ${tasks.map((t) => t.name).join(", ")}`,
      "not_found",
    );
  }
  return task;
}
