#!/usr/bin/env node
/** The `conveyor` command. */
import { Command, CommanderError } from "commander";
import { registerCache } from "./commands/cache.ts";
import { registerCancel } from "./commands/cancel.ts";
import { registerCompile } from "./commands/compile.ts";
import { registerExperiments } from "./commands/experiments.ts";
import { registerGc } from "./commands/gc.ts";
import { registerLineage } from "./commands/lineage.ts";
import { registerLogs } from "./commands/logs.ts";
import { registerModels } from "./commands/models.ts";
import { registerRerun } from "./commands/rerun.ts";
import { registerRun } from "./commands/run.ts";
import { registerRuns } from "./commands/runs.ts";
import { registerServer } from "./commands/server.ts";
import { registerTriggers } from "./commands/triggers.ts";
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

registerRun(program, setExit);
registerRerun(program, setExit);
registerRuns(program);
registerLogs(program);
registerCancel(program);
registerCompile(program);
registerCache(program);
registerLineage(program);
registerExperiments(program);
registerModels(program);
registerGc(program);
registerServer(program);
registerTriggers(program);

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
