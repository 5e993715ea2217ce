/** The `conveyor` command. */
import { Command, CommanderError } from "commander";
import { registerRun } from "./commands/run.ts";
import { EXIT, reportError } from "./report.ts";

let exitCode = 0;
const setExit = (code: number) => {
  exitCode = code;
};

const program = new Command()
  .name("conveyor")
  .description("Typed ML pipelines: run, resume, inspect and cache them.")
  .version("0.1.0")
  .showHelpAfterError("(add --help for usage)")
  .exitOverride();

registerRun(program, setExit);

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
