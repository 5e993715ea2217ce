/** `conveyor runs list` and `conveyor runs show`: what ran, newest first, and one run in detail. */
import { type Command, Option } from "commander";
import pc from "picocolors";
import { ConveyorError } from "../../errors.ts";
import { type RunStatus, TERMINAL_RUN_STATUSES } from "../../store/types.ts";
import { withStoredRuns } from "../context.ts";
import { durationText, elapsed, statusText, table, timeText } from "../format.ts";
import { findRunOrFail } from "../lookup.ts";
import { registerRunsDelete } from "./delete.ts";
import { registerRunsBest } from "./runs-best.ts";
import { registerRunsCompare } from "./runs-compare.ts";

const STATUSES: RunStatus[] = ["pending", "running", ...TERMINAL_RUN_STATUSES];

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new ConveyorError(`--limit must be a whole number of at least 1, got "${value}"`, "e.g. --limit 50", "invalid_option");
  }
  return n;
}

export function registerRuns(program: Command): void {
  const runs = program
    .command("runs")
    .description("list runs, or show one run in detail")
    .addHelpText("after", "\nExamples:\n  conveyor runs                    # the same as `conveyor runs list`\n  conveyor runs show 1m815hmhm3h03");

  runs
    // `conveyor runs` alone lists them, as error hints elsewhere suggest.
    .command("list", { isDefault: true })
    .description("list runs, newest first (the default), filtered and sorted by metrics, params, tags and status")
    .option("-e, --experiment <name>", "only runs of this experiment")
    .option("--pipeline <name>", "only runs of this pipeline")
    .addOption(new Option("--status <status>", "only runs with this status").choices(STATUSES))
    .option("-w, --where <filter>", "only runs matching the filter (see below)")
    .option("-s, --sort <fields>", "order by these fields, - for descending, e.g. -metrics.evaluate.auc")
    .option("-n, --limit <n>", "show at most this many runs", positiveInt, 20)
    .option("--json", "print the runs, with their tags and latest metrics, as a JSON array")
    .addHelpText(
      "after",
      `
Examples:
  conveyor runs list
  conveyor runs list --pipeline churn --status failed --limit 5
  conveyor runs list --experiment churn --where "metrics.evaluate.auc > 0.9 and params.trees >= 100" --sort -metrics.evaluate.auc
  conveyor runs list --where 'tags.team = "fraud" and created >= "2024-05-01"' --json

A filter compares fields with =, !=, <, <=, >, >= and joins comparisons with and / or
(and parentheses). Fields: metrics.<task>.<name> (the latest value the task logged; the
name alone where one task of each run logged it), params.<name>, tags.<name>, status,
experiment, pipeline, trigger, id, created, started, ended. Text is quoted; times are
dates such as "2024-05-01". A run without the field does not match.`,
    )
    .action(
      async (opts: { experiment?: string; pipeline?: string; status?: RunStatus; where?: string; sort?: string; limit: number; json?: boolean }) => {
        const [{ fieldText }, { columnValue, queryColumns }] = await Promise.all([import("../../store/query/ast.ts"), import("../run-columns.ts")]);
        // Checked before the store is opened: a malformed filter is the user's to fix, whatever is stored.
        const columns = queryColumns(opts.where, opts.sort);
        await withStoredRuns(async ({ store }) => {
          const found = await store.searchRuns({
            experiment: opts.experiment,
            pipelineName: opts.pipeline,
            status: opts.status,
            where: opts.where,
            sort: opts.sort,
            limit: opts.limit,
          });
          if (opts.json) {
            process.stdout.write(`${JSON.stringify(found, null, 2)}\n`);
            return;
          }
          if (found.length === 0) {
            const filtered = opts.experiment || opts.pipeline || opts.status || opts.where;
            process.stdout.write(`no runs${filtered ? " match" : " yet"} in ${store.location}\n`);
            return;
          }
          const header = ["run", "experiment", "pipeline", "status", "started", "duration", "trigger", ...columns.map(fieldText)];
          const rows = found.map((r) => [
            r.id,
            r.experiment,
            r.pipelineName,
            statusText(r.status),
            timeText(r.startedAt ?? r.createdAt),
            durationText(elapsed(r.startedAt, r.endedAt)),
            r.trigger,
            ...columns.map((c) => columnValue(r, c)),
          ]);
          process.stdout.write(`${table([header.map((h) => pc.dim(h)), ...rows])}\n`);
        });
      },
    );

  runs
    .command("show")
    .description("show a run: its tasks, timings, cache hits (and the run each came from) and metrics")
    .argument("<run>", "run id (or a unique prefix of at least 4 characters)")
    .option("--json", "print the run, its tasks and metrics as JSON")
    .addHelpText("after", "\nExamples:\n  conveyor runs show 1m815hmhm3h03\n  conveyor runs show 1m815h --json")
    .action(async (id: string, opts: { json?: boolean }) => {
      const { renderRun } = await import("../run-view.ts");
      await withStoredRuns(async ({ store, runDetails }) => {
        const details = await runDetails(await findRunOrFail(store, id));
        process.stdout.write(opts.json ? `${JSON.stringify(details, null, 2)}\n` : `${renderRun(details, store.location)}\n`);
      });
    });

  registerRunsCompare(runs);
  registerRunsBest(runs);
  registerRunsDelete(runs);
}
