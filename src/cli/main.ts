#!/usr/bin/env node
/** The `conveyor` command. */
import { Command, CommanderError } from "commander";
import { EXIT, reportError } from "./report.ts";

// Output piped into `head` and the like closes early; that is the reader's choice, not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
  process.exit(0);
});

let exitCode = 0;
const setExit = (code: number) => {
  exitCode = code;
};

const program = new Command()
  .name("conveyor")
  .description("Typed ML pipelines: run, resume, inspect and cache them; track experiments and register models.")
  .version("0.1.0")
  .showHelpAfterError("(add --help for usage)")
  .exitOverride();

type Register = (program: Command, setExit: (code: number) => void) => void;

/**
 * Each top-level command's module, by the commands it defines, in the order `--help` lists
 * them. A command's module and what it imports are loaded only when they may be needed: for its
 * own name, one module (`conveyor runs list` need not load the code of `run`, `models`, ...);
 * for anything else (`--help`, `help run`, a misspelt command that commander suggests a fix for),
 * all of them. So a command's module imports at its top only what defines the command, and what
 * it acts with (the store, the engine, views) inside its action.
 */
const COMMANDS: [names: string[], load: () => Promise<Register>][] = [
  [["run", "resume"], async () => (await import("./commands/run.ts")).registerRun],
  [["rerun"], async () => (await import("./commands/rerun.ts")).registerRerun],
  [["runs"], async () => (await import("./commands/runs.ts")).registerRuns],
  [["logs"], async () => (await import("./commands/logs.ts")).registerLogs],
  [["cancel"], async () => (await import("./commands/cancel.ts")).registerCancel],
  [["compile"], async () => (await import("./commands/compile.ts")).registerCompile],
  [["exec-task"], async () => (await import("./commands/exec-task.ts")).registerExecTask],
  [["image"], async () => (await import("./commands/image.ts")).registerImage],
  [["cache"], async () => (await import("./commands/cache.ts")).registerCache],
  [["lineage"], async () => (await import("./commands/lineage.ts")).registerLineage],
  [["experiments"], async () => (await import("./commands/experiments.ts")).registerExperiments],
  [["models"], async () => (await import("./commands/models.ts")).registerModels],
  [["deploy"], async () => (await import("./commands/deploy.ts")).registerDeploy],
  [["predict"], async () => (await import("./commands/predict.ts")).registerPredict],
  [["gc"], async () => (await import("./commands/gc.ts")).registerGc],
  [["feedback"], async () => (await import("./commands/feedback.ts")).registerFeedback],
  [["server"], async () => (await import("./commands/server.ts")).registerServer],
  [["serve"], async () => (await import("./commands/serve.ts")).registerServe],
  [["scheduler", "triggers"], async () => (await import("./commands/triggers.ts")).registerTriggers],
  [["worker"], async () => (await import("./commands/worker.ts")).registerWorker],
  [["monitors"], async () => (await import("./commands/monitors.ts")).registerMonitors],
  [["features"], async () => (await import("./commands/features.ts")).registerFeatures],
];

const named = process.argv[2];
const needed = COMMANDS.filter(([names]) => named !== undefined && names.includes(named));
for (const register of await Promise.all((needed.length > 0 ? needed : COMMANDS).map(([, load]) => load()))) register(program, setExit);

try {
  await program.parseAsync(process.argv);
  process.exitCode = exitCode;
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : EXIT.usage;
  } else {
    process.exitCode = reportError(error);
  }
}
