/** `conveyor runs delete` and `conveyor models delete`: records go at once, their artifacts with `conveyor gc`. */
import type { Command } from "commander";
import pc from "picocolors";
import { withStoredRuns } from "../context.ts";
import { findRunOrFail } from "../lookup.ts";
import { versionNumber } from "../version-number.ts";

const DRY = "show what would be deleted, and delete nothing";

function print(json: boolean | undefined, value: unknown, text: string): void {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text}\n`);
}

export function registerRunsDelete(runs: Command): void {
  runs
    .command("delete")
    .description("delete a finished run with its tasks, attempts, logs, metrics and lineage")
    .argument("<run>", "run id (or a unique prefix of at least 4 characters)")
    .option("--dry-run", DRY)
    .option("--json", "print what was deleted as JSON")
    .addHelpText(
      "after",
      `
Examples:
  conveyor runs delete 1m815hmhm3h03 --dry-run
  conveyor runs delete 1m815h

A run that model versions were registered from is kept until those versions are deleted.
The artifacts only it used are removed by \`conveyor gc\`.`,
    )
    .action(async (id: string, opts: { dryRun?: boolean; json?: boolean }) => {
      await withStoredRuns(async ({ store }) => {
        const run = await findRunOrFail(store, id);
        const d = await store.deleteRun(run.id, { dryRun: opts.dryRun === true });
        const what = `run ${run.id} (${d.tasks} tasks, ${d.attempts} attempts, ${d.logLines} log lines, ${d.metricPoints} metric points, ${d.lineageEvents} lineage events)`;
        const text = opts.dryRun ? `would delete ${what}` : `deleted ${what}\n${pc.dim("remove the artifacts nothing uses any more with: conveyor gc")}`;
        print(opts.json, { dryRun: opts.dryRun === true, ...d }, text);
      });
    });
}

export function registerModelsDelete(models: Command): void {
  models
    .command("delete")
    .description("delete one version of a model; its number is never given to another")
    .argument("<name>", "the model")
    .argument("<version>", "the version number", versionNumber)
    .option("--dry-run", DRY)
    .option("--json", "print the deleted version as JSON")
    .addHelpText(
      "after",
      `
Examples:
  conveyor models delete churn 3 --dry-run

A version an alias points to is kept: move or delete the alias first. The artifact goes
with \`conveyor gc\` once nothing else uses it.`,
    )
    .action(async (name: string, version: number, opts: { dryRun?: boolean; json?: boolean }) => {
      await withStoredRuns(async ({ store }) => {
        const deleted = await store.deleteModelVersion(name, version, { dryRun: opts.dryRun === true });
        const uri = `models:/${name}/${version}`;
        print(opts.json, { dryRun: opts.dryRun === true, version: deleted }, opts.dryRun ? `would delete ${uri}` : `deleted ${uri}`);
      });
    });
}
