/** `conveyor feedback`: ground truth for logged predictions, from a CSV file, joined to them by request id. */
import type { Command } from "commander";
import { refuseRemote, withLocalStore } from "../context.ts";

export function registerFeedback(program: Command): void {
  program
    .command("feedback")
    .description("record true labels for logged predictions, by request id (and row), from a CSV file")
    .requiredOption("--input <file>", "the CSV file of labels, with a header row")
    .option("--id-column <name>", "the column of request ids", "id")
    .option("--label-column <name>", "the column of true values", "label")
    .option("--row-column <name>", "the column of row indexes within a request (without it, row 0)")
    .option("--json", "print what was recorded as JSON")
    .addHelpText(
      "after",
      `
Examples:
  conveyor feedback --input labels.csv
  conveyor feedback --input outcomes.csv --id-column request --label-column churned --row-column row

Each label joins the prediction the server logged with the same request id (the Open
Inference "id", or the X-Request-Id header) and row; when a row is labelled twice, the later
label counts. A server takes labels too: POST /v2/feedback. A file with a bad row is refused
whole, naming the line.`,
    )
    .action(async (opts: { input: string; idColumn: string; labelColumn: string; rowColumn?: string; json?: boolean }) => {
      // The log's segments are files under this machine's project folder.
      refuseRemote("feedback", "record the labels in this machine's project");
      // Loaded here: reading CSV brings DuckDB, which no other command's start should pay for.
      const { recordLabelFile } = await import("../../serve/prediction-log/label-file.ts");
      await withLocalStore(async ({ store, root }) => {
        const recorded = await recordLabelFile(store, opts.input, {
          root,
          idColumn: opts.idColumn,
          labelColumn: opts.labelColumn,
          rowColumn: opts.rowColumn,
        });
        if (opts.json) process.stdout.write(`${JSON.stringify(recorded)}\n`);
        else process.stdout.write(`recorded ${recorded.labels} labels from ${opts.input} (${recorded.segments} segments)\n`);
      });
    });
}
