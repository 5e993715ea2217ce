/** `conveyor cancel`: stop a run, whichever process is executing it. */
import type { Command } from "commander";
import { withStoredRuns } from "../context.ts";
import { findRunOrFail } from "../lookup.ts";

export function registerCancel(program: Command): void {
  program
    .command("cancel")
    .description("cancel a pending or running run: running tasks are stopped, pending ones never start")
    .argument("<run>", "run id (or a unique prefix of at least 4 characters)")
    .addHelpText(
      "after",
      `
Examples:
  conveyor cancel 1m815hmhm3h03

A run executed by a live process is asked to stop; that process finishes the cancellation
within a second or two. A run that no process executes is marked cancelled at once.
Either way \`conveyor resume <run>\` can continue it later.`,
    )
    .action(async (id: string) => {
      await withStoredRuns(async ({ store, cancelRun }) => {
        const run = await cancelRun((await findRunOrFail(store, id)).id);
        process.stdout.write(
          run.status === "cancelled"
            ? `run ${run.id} cancelled (no process was executing it)\n`
            : `asked the process executing run ${run.id} (${run.leaseOwner}) to cancel it; it stops within a few seconds\n`,
        );
        process.stdout.write(`resume it later with: conveyor resume ${run.id}\n`);
      });
    });
}
