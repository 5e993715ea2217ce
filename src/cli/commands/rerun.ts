/** `conveyor rerun`: run an earlier run's pipeline again, with its params and pinned input files. */
import type { Command } from "commander";
import { openContext, refuseRemote } from "../context.ts";
import { findRunOrFail } from "../lookup.ts";
import { drive } from "./run.ts";

export function registerRerun(program: Command, setExit: (code: number) => void): void {
  program
    .command("rerun")
    .description("run an earlier run's pipeline again with the same params, in its experiment, recomputing every task")
    .argument("<run>", "run id (or a unique prefix of at least 4 characters)")
    .option("--cache", "reuse identical earlier executions instead of recomputing them")
    .option("--json", "print the finished run as JSON instead of progress and a summary")
    .addHelpText(
      "after",
      `
Examples:
  conveyor rerun 01hx4k
  conveyor rerun 01hx4k --json

The rerun uses the IR stored with the run, not the pipeline file as it is now. It refuses
to start when a file the run read (a param.file() input) no longer has the same content.
Its trigger is "rerun:<run>".`,
    )
    .action(async (id: string, opts: { cache?: boolean; json?: boolean }) => {
      refuseRemote("rerun", "rerun a run of this machine's store");
      const { createProgress } = await import("../progress.ts");
      const progress = createProgress(opts.json === true);
      const ctx = await openContext((e) => progress?.onEvent(e));
      try {
        const original = await findRunOrFail(ctx.store, id);
        // Checked before anything is written: a refused rerun leaves the store as it was.
        const { planRerun } = await import("../../engine/rerun.ts");
        const { ir, params } = await planRerun(ctx.store, ctx.root, original);
        progress?.expect([...Object.keys(ir.tasks), ...Object.keys(ir.loops)]);
        const options = { concurrency: original.options.concurrency, noCache: opts.cache !== true, failFast: original.options.failFast };
        const run = await (await ctx.engine()).createRun(ir, params, options, `rerun:${original.id}`, { experiment: original.experiment });
        setExit(await drive(ctx, run.id, opts.json === true, progress));
      } finally {
        progress?.stop();
        await ctx.close();
      }
    });
}
