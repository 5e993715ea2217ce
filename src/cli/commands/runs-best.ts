/** `conveyor runs best`: the run with the highest (or lowest) latest value of a metric. */
import type { Command } from "commander";
import { ConveyorError } from "../../errors.ts";
import { withStoredRuns } from "../context.ts";
import { valueText } from "../format.ts";

export function registerRunsBest(runs: Command): void {
  runs
    .command("best")
    .description("the run with the highest latest value of a metric (--min: the lowest)")
    .argument("<metric>", "<task>.<name>, e.g. evaluate.auc; or the name alone where one task of a run logged it")
    .option("-e, --experiment <name>", "only runs of this experiment")
    .option("-w, --where <filter>", "only runs matching the filter (as in runs list)")
    .option("--min", "lowest wins (a loss, an error rate)")
    .option("--json", "print the run, with its tags and latest metrics, as JSON")
    .addHelpText(
      "after",
      '\nExamples:\n  conveyor runs best evaluate.auc --experiment churn\n  conveyor runs best loss --min --where \'status = "succeeded"\'',
    )
    .action(async (metric: string, opts: { experiment?: string; where?: string; min?: boolean; json?: boolean }) => {
      const [{ bestRun }, { pickMetric }] = await Promise.all([import("../../tracking/best.ts"), import("../../store/metric-key.ts")]);
      await withStoredRuns(async ({ store }) => {
        const best = await bestRun(store, metric, { experiment: opts.experiment, where: opts.where, minimize: opts.min });
        if (!best) {
          throw new ConveyorError(
            `no run${opts.experiment ? ` of experiment "${opts.experiment}"` : ""}${opts.where ? " matching the filter" : ""} has a metric "${metric}"`,
            "see which metrics runs have with `conveyor runs show <run>`",
            "not_found",
          );
        }
        if (opts.json) process.stdout.write(`${JSON.stringify(best, null, 2)}\n`);
        else {
          const found = pickMetric(best.metrics, metric);
          process.stdout.write(`${best.id}  ${best.experiment}  ${found ? `${found.task}.${found.name} = ${valueText(found.value)}` : metric}\n`);
        }
      });
    });
}
