/** `conveyor runs compare`: params and metrics of several runs side by side. */
import type { Command } from "commander";
import { ConveyorError } from "../../errors.ts";
import { withStoredRuns } from "../context.ts";
import { findRunOrFail } from "../lookup.ts";

export function registerRunsCompare(runs: Command): void {
  runs
    .command("compare")
    .description("compare runs side by side: each parameter and the latest value of each metric, differences marked ≠")
    .argument("<runs...>", "two or more run ids (or unique prefixes)")
    .option("--json", "print { runs, params, metrics, different } as JSON")
    .addHelpText("after", "\nExamples:\n  conveyor runs compare 1m815hmh 1m815kq2\n  conveyor runs compare 1m815hmh 1m815kq2 1m815m7a --json")
    .action(async (ids: string[], opts: { json?: boolean }) => {
      if (ids.length < 2) {
        throw new ConveyorError(`runs compare needs at least two runs, got ${ids.length}`, "e.g. conveyor runs compare <run> <run>", "invalid_option");
      }
      const [{ compareRuns }, { renderComparison }] = await Promise.all([import("../../inspect/run-compare.ts"), import("../comparison-view.ts")]);
      await withStoredRuns(async ({ store }) => {
        const found = [];
        for (const id of ids) found.push(await findRunOrFail(store, id));
        const comparison = await compareRuns(store, found);
        process.stdout.write(opts.json ? `${JSON.stringify(comparison, null, 2)}\n` : `${renderComparison(comparison)}\n`);
      });
    });
}
