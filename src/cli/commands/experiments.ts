/** `conveyor experiments`: the groups runs are recorded in. */
import type { Command } from "commander";
import pc from "picocolors";
import { withStoredRuns } from "../context.ts";
import { table, timeText } from "../format.ts";

export function registerExperiments(program: Command): void {
  const experiments = program
    .command("experiments")
    .description("experiments group runs: by default each pipeline's runs, or those given --experiment");

  experiments
    .command("list", { isDefault: true })
    .description("list experiments with their number of runs and latest run (the default)")
    .option("--json", "print the experiments as a JSON array")
    .addHelpText("after", "\nExamples:\n  conveyor experiments list\n  conveyor runs list --experiment churn   # an experiment's runs")
    .action(async (opts: { json?: boolean }) => {
      await withStoredRuns(async ({ store }) => {
        const found = await store.listExperiments();
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(found, null, 2)}\n`);
          return;
        }
        if (found.length === 0) {
          process.stdout.write(`no experiments yet in ${store.location}\n`);
          return;
        }
        const header = ["experiment", "runs", "latest run", "description"].map((h) => pc.dim(h));
        const rows = found.map((e) => [e.name, String(e.runs), timeText(e.lastRunAt), e.description ?? ""]);
        process.stdout.write(`${table([header, ...rows])}\n`);
      });
    });
}
