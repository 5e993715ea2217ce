/** `conveyor logs`: the stored log lines of a run's tasks, and following a live run. */
import type { Command } from "commander";
import pc from "picocolors";
import type { RunRecord, TaskRecord } from "../../store/types.ts";
import type { InspectStore } from "../../inspect/stored-runs.ts";
import { withStoredRuns } from "../context.ts";
import { findRunOrFail, findTaskOrFail } from "../lookup.ts";
import type { LogSource, TaskLogLine } from "../../inspect/log-tail.ts";

const LEVEL: Record<string, string> = { debug: pc.dim("debug "), info: "", warn: pc.yellow("WARN "), error: pc.red("ERROR ") };

interface Shown {
  /** Lines of several tasks are prefixed with task and attempt; one task's get attempt headers. */
  oneTask: boolean;
  json: boolean;
  lastAttempt?: number;
}

function print(entry: TaskLogLine, shown: Shown): void {
  const { task, attempt, line } = entry;
  if (shown.json) {
    const { time, level, stream, message } = line;
    process.stdout.write(`${JSON.stringify({ task: task.name, attempt, time, level, stream, message })}\n`);
    return;
  }
  if (shown.oneTask && attempt !== shown.lastAttempt && task.attempts > 1) {
    process.stdout.write(pc.dim(`── attempt ${attempt} ──\n`));
  }
  shown.lastAttempt = attempt;
  const who = shown.oneTask ? "" : pc.cyan(`${task.name}#${attempt} `);
  const stream = line.stream === "log" ? "" : pc.dim(`${line.stream} `);
  process.stdout.write(`${pc.dim(line.time.toISOString().slice(11, 23))} ${who}${LEVEL[line.level] ?? ""}${stream}${line.message}\n`);
}

type TasksOf = (run: RunRecord) => Promise<TaskRecord[]>;

async function follow(store: InspectStore, tail: LogSource, run: RunRecord, tasksOf: TasksOf, shown: Shown): Promise<void> {
  const { followRun } = await import("../../inspect/follow-run.ts");
  for await (const step of followRun({ store }, run.id, async (now) => tail.next(await tasksOf(now)))) {
    if ("items" in step) for (const entry of step.items) print(entry, shown);
    else if (step.ending.reason === "ended") process.stderr.write(pc.dim(`run ${run.id} ended: ${step.ending.status}\n`));
    else {
      const { status } = step.ending;
      process.stderr.write(pc.yellow(`run ${run.id} is ${status} but no process is executing it; continue it with: conveyor resume ${run.id}\n`));
    }
  }
}

async function printStored(tail: LogSource, tasks: TaskRecord[], shown: Shown): Promise<void> {
  const entries = await tail.next(tasks);
  for (const entry of entries) print(entry, shown);
  if (entries.length > 0 || shown.json) return;
  const [task] = tasks;
  const why = task && shown.oneTask && task.attempts === 0 ? ` (task ${task.name} is ${task.status} and ran no attempt here)` : "";
  process.stderr.write(pc.dim(`no log lines${why}\n`));
}

export function registerLogs(program: Command): void {
  program
    .command("logs")
    .description("print the log lines of a run's tasks (every attempt), or follow a live run")
    .argument("<run>", "run id (or a unique prefix of at least 4 characters)")
    .argument("[task]", "only this task, e.g. train or fit[2]")
    .option("-f, --follow", "keep printing new lines until the run ends")
    .option("--json", "print one JSON object per line: task, attempt, time, level, stream, message")
    .addHelpText(
      "after",
      `
Examples:
  conveyor logs 1m815hmhm3h03
  conveyor logs 1m815h train
  conveyor logs 1m815h -f            # while the run is going on in another terminal
  conveyor logs 1m815h "fit[2]" --json`,
    )
    .action(async (id: string, taskName: string | undefined, opts: { follow?: boolean; json?: boolean }) => {
      await withStoredRuns(async ({ store, logTail }) => {
        const run = await findRunOrFail(store, id);
        const tail = logTail(run.id);
        // Listed again on every poll when following: loop iterations and retries appear as the run goes.
        const tasksOf: TasksOf = async (r) => (taskName ? [await findTaskOrFail(store, r, taskName)] : store.listTasks(r.id));
        const shown: Shown = { oneTask: taskName !== undefined, json: opts.json === true };
        if (opts.follow) await follow(store, tail, run, tasksOf, shown);
        else await printStored(tail, await tasksOf(run), shown);
      });
    });
}
