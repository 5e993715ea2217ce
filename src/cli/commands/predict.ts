/**
 * `conveyor predict`: scores a CSV or Parquet file with a registered model, as a one-task run
 * of batchPredict, so the scoring is recorded with its lineage like any run (input digest →
 * model version → predictions), then copies the predictions to the output file.
 */
import { constants } from "node:fs";
import { access, copyFile, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import type { Command } from "commander";
import { ConveyorError } from "../../errors.ts";
import { modelUri, parseModelRef } from "../../registry/uri.ts";
import type { RunRecord, TaskRecord } from "../../store/types.ts";
import type { RunContext } from "../../store/tracking-types.ts";
import { type CliContext, projectRoot, refuseRemote, withLocalStore } from "../context.ts";
import { EXIT, reportError } from "../report.ts";

interface PredictOptions {
  input: string;
  output: string;
  idColumn?: string;
  batchRows?: number;
  json?: boolean;
}

export function registerPredict(program: Command, setExit: (code: number) => void): void {
  program
    .command("predict")
    .description("score a CSV or Parquet file with a registered model, in bounded memory, into a Parquet file of predictions")
    .argument("<model>", "a version: models:/churn/3, models:/churn@champion (or churn/3, churn@champion)")
    .requiredOption("-i, --input <file>", "the rows to score: a .csv (header row) or .parquet file")
    .requiredOption("-o, --output <file>", "the Parquet file to write, whole or not at all")
    .option("--id-column <name>", "a column of the input copied beside each row's prediction, e.g. customer_id")
    .option("--batch-rows <n>", "rows scored at once (default 65536): what memory holds of the input", batchRows)
    .option("--json", "print the run, the model version, the input's digest and the rows scored as JSON")
    .addHelpText(
      "after",
      `
Examples:
  conveyor predict models:/churn@champion --input customers.csv --output preds.parquet --id-column customer_id
  conveyor predict churn/3 -i customers.parquet -o preds.parquet --json

The output holds the id column (when given), "prediction", and for a classifier one
"probability_<class>" column per class. The scoring is a run: conveyor runs show <run>.
Exit code 0 when the predictions were written; 1 when the scoring failed; 2 for bad input;
130 when cancelled with Ctrl-C (nothing is written).`,
    )
    .action(async (reference: string, opts: PredictOptions) => {
      refuseRemote("predict", "score files with this machine's registry");
      const [{ tableFileFormat }, { resolveModel }, { captureRunContext }] = await Promise.all([
        import("../../ml/table-file-format.ts"),
        import("../../registry/resolve.ts"),
        import("../../tracking/environment.ts"),
      ]);
      const uri = modelUri(parseModelRef(reference));
      const input = resolve(opts.input);
      const output = resolve(opts.output);
      tableFileFormat(input);
      await checkInput(input);
      await checkOutput(output);
      const context = captureRunContext(projectRoot());
      await withLocalStore(async (ctx) => {
        // An unknown model or alias is refused before a run is recorded for it.
        await resolveModel(ctx.store, uri);
        const { run, task } = await score(ctx, { uri, input, opts, context });
        if (run.status === "cancelled") {
          process.stderr.write(`cancelled: no predictions written; the run is recorded: conveyor runs show ${run.id}\n`);
          setExit(EXIT.interrupted);
          return;
        }
        if (run.status !== "succeeded" || !task) {
          const [message, hint] = splitHint(task?.error ?? run.error ?? `the run ended ${run.status}`);
          const recorded = `the run is recorded: conveyor runs show ${run.id}`;
          reportError(new ConveyorError(message, hint ? `${hint}; ${recorded}` : recorded, "predict_failed"));
          setExit(EXIT.failed);
          return;
        }
        const predictions = (await ctx.store.taskLineage(task.id)).find((e) => e.kind === "output" && e.name === "predictions");
        if (!predictions) throw new Error(`task ${task.id} succeeded without recording its predictions`);
        await copyAtomic(await ctx.artifacts.open(predictions.artifact.uri, predictions.artifact.digest), output);
        const outputs = task.outputs as { rows: number; modelVersion: string };
        const digest = (task.cacheKeyParts as { files?: Record<string, string> } | null)?.files?.path ?? null;
        const written = { run: run.id, model: outputs.modelVersion, input: { path: input, digest }, output, rows: outputs.rows };
        process.stdout.write(
          opts.json
            ? `${JSON.stringify(written, null, 2)}\n`
            : `wrote ${opts.output}: ${outputs.rows} rows scored by ${outputs.modelVersion} (run ${run.id}; conveyor runs show ${run.id})\n`,
        );
      });
    });
}

/** Runs batchPredict as a one-task pipeline through the local engine. */
async function score(
  ctx: CliContext,
  { uri, input, opts, context }: { uri: string; input: string; opts: PredictOptions; context: Promise<RunContext> },
): Promise<{ run: RunRecord; task: TaskRecord | undefined }> {
  // Loaded here: the SDK, the compiler and the components are for the commands that run pipelines.
  const [{ pipeline }, { compile }, { batchPredict }] = await Promise.all([
    import("../../sdk/pipeline.ts"),
    import("../../compiler/compile.ts"),
    import("../../ml/components/batch-predict.ts"),
  ]);
  const scoring = pipeline({ name: "predict", description: "conveyor predict: score a file with a registered model" }, () => {
    batchPredict({
      modelUri: uri,
      path: input,
      ...(opts.idColumn ? { idColumn: opts.idColumn } : {}),
      ...(opts.batchRows !== undefined ? { batchRows: opts.batchRows } : {}),
    });
  });
  const ir = await compile(scoring, { root: ctx.root });
  const engine = await ctx.engine();
  const created = await engine.createRun(ir, {}, {}, "cli", { context });
  // Ctrl-C cancels the run, recorded as such; a second one stops at once (Node's default).
  const controller = new AbortController();
  const onSigint = () => {
    process.stderr.write(`\ncancelling run ${created.id}… (Ctrl-C again to stop at once)\n`);
    controller.abort();
  };
  process.once("SIGINT", onSigint);
  if (!opts.json) process.stdout.write(`run ${created.id} · scoring ${opts.input} with ${uri}\n`);
  let run: RunRecord;
  try {
    run = await engine.execute(created.id, controller.signal);
  } finally {
    process.off("SIGINT", onSigint);
  }
  const [task] = await ctx.store.listTasks(run.id);
  return { run, task };
}

function batchRows(text: string): number {
  const rows = Number(text);
  if (Number.isInteger(rows) && rows >= 1) return rows;
  throw new ConveyorError(`--batch-rows ${JSON.stringify(text)} is not a whole number of rows`, "give at least 1, e.g. --batch-rows 10000", "invalid_param");
}

async function checkInput(path: string): Promise<void> {
  const found = await stat(path).catch(() => undefined);
  if (!found?.isFile()) throw new ConveyorError(`no such file: ${path}`, "give the .csv or .parquet file to score with --input", "not_found");
}

/** Refused before scoring, so a long run does not end in a file it cannot write. */
async function checkOutput(path: string): Promise<void> {
  if ((await stat(path).catch(() => undefined))?.isDirectory()) {
    throw new ConveyorError(`the output ${path} is a folder`, "give a file name, e.g. --output preds.parquet", "write_failed");
  }
  const folder = dirname(path);
  const writable = await access(folder, constants.W_OK).then(
    () => true,
    () => false,
  );
  if (!writable) throw new ConveyorError(`cannot write ${path}: its folder ${folder} does not exist or is not writable`, "give an output in a folder you may write", "write_failed");
}

/** The file appears whole or not at all: copied beside the target under a temporary name, then renamed. */
async function copyAtomic(source: string, target: string): Promise<void> {
  const { randomBytes } = await import("node:crypto");
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    await copyFile(source, temp);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EACCES" || code === "EPERM" || code === "EROFS" || code === "ENOTDIR" || code === "EISDIR" || code === "ENOSPC") {
      throw new ConveyorError(`cannot write ${target} (${code})`, "give an output in a folder you may write, on a disk with space", "write_failed");
    }
    throw error;
  }
}

/** A task's stored error is "message (hint)": the two lines the CLI prints. The hint may hold parentheses itself. */
function splitHint(error: string): [string, string | undefined] {
  if (!error.endsWith(")")) return [error, undefined];
  let depth = 0;
  for (let i = error.length - 1; i > 0; i--) {
    if (error[i] === ")") depth += 1;
    else if (error[i] === "(" && --depth === 0) {
      return error[i - 1] === " " ? [error.slice(0, i - 1), error.slice(i + 1, -1)] : [error, undefined];
    }
  }
  return [error, undefined];
}
