/** `conveyor cache explain`: why a task reused earlier outputs, or what changed so that it did not. */
import type { Command } from "commander";
import pc from "picocolors";
import type { CacheExplanation } from "../../inspect/cache-explain.ts";
import { refuseRemote, withLocalStore } from "../context.ts";
import { findRunOrFail, findTaskOrFail } from "../lookup.ts";

function render(e: CacheExplanation, task: string): string {
  switch (e.verdict) {
    case "hit":
      return `${pc.green("hit:")} reused outputs of run ${e.source.runId} task ${e.source.task}`;
    case "no-key":
      if (e.status === "running") {
        return `${pc.dim("no cache key yet:")} task ${task} is running, and records its key when it ends (it does not look up the cache: --no-cache, or cache: false)`;
      }
      return `${pc.dim("no cache key:")} task ${task} is ${e.status}${e.error ? ` (${e.error})` : ""}; it never reached the cache lookup`;
    case "first":
      return `${pc.yellow("miss:")} no earlier run of this task`;
    case "miss": {
      const against = `run ${e.previous.runId} task ${e.previous.task}`;
      if (e.changes.length === 0) return `${pc.yellow("miss:")} nothing changed since ${against}, but ${e.reason}`;
      return [`${pc.yellow("miss:")} changed since ${against}:`, ...e.changes.map((c) => `  - ${c}`)].join("\n");
    }
  }
}

export function registerCache(program: Command): void {
  const cache = program
    .command("cache")
    .description("inspect the task cache")
    .addHelpText("after", "\nExamples:\n  conveyor cache explain 1m815hmhm3h03 train");
  cache
    .command("explain")
    .description("say whether a task was a cache hit, and if not, which part of its cache key changed since the previous run")
    .argument("<run>", "run id (or a unique prefix of at least 4 characters)")
    .argument("<task>", "task name, e.g. train or fit[2]")
    .option("--json", "print the explanation as JSON")
    .addHelpText(
      "after",
      `
Examples:
  conveyor cache explain 1m815hmhm3h03 train
  conveyor cache explain 1m815h "fit[2]" --json

A cache key is the digest of the component's code and version, its parameter values and
the content digests of its input artifacts; the miss lists each of those that changed.`,
    )
    .action(async (runId: string, taskName: string, opts: { json?: boolean }) => {
      refuseRemote("cache explain", "explain the cache of this machine's runs");
      const { explainCache } = await import("../../inspect/cache-explain.ts");
      await withLocalStore(async ({ store }) => {
        const run = await findRunOrFail(store, runId);
        const task = await findTaskOrFail(store, run, taskName);
        const explanation = await explainCache(store, run, task);
        process.stdout.write(
          opts.json ? `${JSON.stringify({ run: run.id, task: task.name, ...explanation }, null, 2)}\n` : `${render(explanation, task.name)}\n`,
        );
      });
    });
}
