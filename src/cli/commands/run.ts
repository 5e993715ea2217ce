/** `conveyor run` and `conveyor resume`: drive a run in this process, with live progress. */
import type { Command } from "commander";
import pc from "picocolors";
import { ConveyorError, isConveyorError } from "../../errors.ts";
import { checkExperimentName, checkTags } from "../../store/names.ts";
import type { RunRecord } from "../../store/types.ts";
import { type CliContext, type ExecutorChoice, executorChoice, openContext, projectRoot, refuseRemote } from "../context.ts";
import type { Progress } from "../progress.ts";
import { EXIT } from "../report.ts";
import { findRunOrFail } from "../lookup.ts";
import { collect, keyValues } from "../key-values.ts";
import { parseParams } from "../param-options.ts";

/** Runs `runId` to its end with progress, Ctrl-C handling and a summary; returns the exit code. */
export async function drive(ctx: CliContext, runId: string, json: boolean, progress: Progress | undefined): Promise<number> {
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts += 1;
    if (interrupts === 1) {
      process.stderr.write(pc.yellow(`\ncancelling run ${runId}… (Ctrl-C again to stop at once; \`conveyor resume ${runId}\` continues it)\n`));
      controller.abort();
    } else {
      process.stderr.write(pc.yellow(`stopped; the run is resumable: conveyor resume ${runId}\n`));
      process.exit(EXIT.interrupted);
    }
  };
  process.on("SIGINT", onSigint);
  let run: RunRecord;
  try {
    if (!json) process.stdout.write(pc.dim(`run ${runId} · store ${ctx.store.location}\n`));
    run = await (await ctx.engine()).execute(runId, controller.signal);
  } catch (error) {
    // The run stopped where the store could not record more; what it committed is kept.
    if (isConveyorError(error) && error.code === "disk_full") {
      throw new ConveyorError(error.message, `free space on that disk, then continue the run with: conveyor resume ${runId}`, error.code);
    }
    throw error;
  } finally {
    progress?.stop();
    process.off("SIGINT", onSigint);
  }
  const [{ runDetails }, { renderRun }, { resumeCanHelp }] = await Promise.all([
    import("../../inspect/run-summary.ts"),
    import("../run-view.ts"),
    import("../resume-hint.ts"),
  ]);
  const details = await runDetails(ctx.store, run);
  if (json) process.stdout.write(`${JSON.stringify(details, null, 2)}\n`);
  else {
    process.stdout.write(`\n${renderRun(details, ctx.store.location)}\n`);
    if (resumeCanHelp(run, details.tasks)) process.stdout.write(pc.dim(`resume it with: conveyor resume ${run.id}\n`));
  }
  return run.status === "succeeded" ? 0 : run.status === "cancelled" ? EXIT.interrupted : EXIT.failed;
}

interface RunCommandOptions {
  param: string[];
  cache: boolean;
  concurrency?: number;
  failFast?: boolean;
  experiment?: string;
  tag: string[];
  json?: boolean;
  executor: ExecutorChoice;
}

function checkTracking(tracking: { experiment?: string; tags: Record<string, string> }): void {
  if (tracking.experiment !== undefined) checkExperimentName(tracking.experiment);
  checkTags(tracking.tags);
}

export function registerRun(program: Command, setExit: (code: number) => void): void {
  program
    .command("run")
    .description("run a pipeline file (.ts, .js, or compiled .json) and wait for it to finish")
    .argument("<file>", "the pipeline module (its default export) or compiled IR")
    .option("-p, --param <name=value>", "set a pipeline parameter (repeatable)", collect, [])
    .option("--no-cache", "run every task, even when an identical earlier execution could be reused")
    .option("-c, --concurrency <n>", "cores the tasks hold at once, each its resources.cpu, at least 1 (default: number of cores)", (v) => Number(v))
    .option("--fail-fast", "stop the run at the first failed task")
    .option("-e, --experiment <name>", "record the run in this experiment (default: the pipeline's name)")
    .option("-t, --tag <name=value>", "tag the run (repeatable)", collect, [])
    .option("--json", "print the finished run as JSON instead of progress and a summary")
    .option("--executor <local|queue>", "where tasks run: this machine, or `conveyor worker`s through Redis (CONVEYOR_REDIS)", executorChoice, "local")
    .addHelpText(
      "after",
      `
Examples:
  conveyor run pipeline.ts
  CONVEYOR_DB=postgres://db/conveyor conveyor run pipeline.ts --executor queue --concurrency 32
  conveyor run pipeline.ts --param minAccuracy=0.92 --param trees=200
  conveyor run churn.json --no-cache --concurrency 4 --json
  conveyor run pipeline.ts --experiment churn-trees --tag team=fraud

Exit code 0 only when the run succeeded; 1 when it failed; 130 when cancelled.`,
    )
    .action(async (file: string, opts: RunCommandOptions) => {
      refuseRemote("run", "run the pipeline on this machine (a server runs those POSTed to /api/v1/runs)");
      const { captureRunContext } = await import("../../tracking/environment.ts");
      // Asked while the pipeline loads; nothing is stored unless the run is created.
      const context = captureRunContext(projectRoot());
      // A pipeline that does not load, or a bad parameter or tag, must not touch the store.
      const [{ loadPipelineFile }, { createProgress }] = await Promise.all([import("../../compiler/pipeline-file.ts"), import("../progress.ts")]);
      const ir = await loadPipelineFile(file, projectRoot());
      const params = parseParams(ir, opts.param);
      const tracking = { experiment: opts.experiment, tags: keyValues("--tag", opts.tag) };
      checkTracking(tracking);
      const progress = createProgress(opts.json === true);
      progress?.expect([...Object.keys(ir.tasks), ...Object.keys(ir.loops)]);
      const ctx = await openContext((e) => progress?.onEvent(e), opts.executor);
      try {
        const run = await (await ctx.engine()).createRun(ir, params, { concurrency: opts.concurrency, noCache: !opts.cache, failFast: opts.failFast }, "cli", { ...tracking, context });
        setExit(await drive(ctx, run.id, opts.json === true, progress));
      } finally {
        progress?.stop();
        await ctx.close();
      }
    });

  program
    .command("resume")
    .description("continue a run whose process stopped (crash, kill, Ctrl-C), or retry a failed or cancelled run")
    .argument("<run>", "run id (or a unique prefix of at least 4 characters)")
    .option("--json", "print the finished run as JSON")
    .option("--executor <local|queue>", "where tasks run: this machine, or `conveyor worker`s through Redis", executorChoice, "local")
    .addHelpText("after", "\nExamples:\n  conveyor resume 01hx4k\n  conveyor resume 01hx4k --executor queue\n\nTasks that completed are not run again.")
    .action(async (id: string, opts: { json?: boolean; executor: ExecutorChoice }) => {
      refuseRemote("resume", "resume a run of this machine's store");
      const { createProgress } = await import("../progress.ts");
      const progress = createProgress(opts.json === true);
      const ctx = await openContext((e) => progress?.onEvent(e), opts.executor);
      try {
        const run = await findRunOrFail(ctx.store, id);
        setExit(await drive(ctx, run.id, opts.json === true, progress));
      } finally {
        progress?.stop();
        await ctx.close();
      }
    });
}
