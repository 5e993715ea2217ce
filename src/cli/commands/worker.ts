/** `conveyor worker`: runs task attempts from the fleet's queues on this machine, until Ctrl-C. */
import { availableParallelism, totalmem } from "node:os";
import type { Command } from "commander";
import pc from "picocolors";
import { ConveyorError } from "../../errors.ts";
import { collect } from "../key-values.ts";
import { numberOption } from "../number-option.ts";
import { projectRoot, refuseRemote } from "../context.ts";
import { stopSignal } from "../stop-signal.ts";

interface WorkerCommandOptions {
  queue: string[];
  concurrency?: number;
  cpu?: number;
  memoryMb?: number;
  gpu: number;
  lockMs: number;
}

function atLeast(flag: string, min: number, value: number | undefined, whole = true): void {
  if (value === undefined) return;
  if (value < min || (whole && !Number.isInteger(value))) {
    throw new ConveyorError(`${flag} must be a ${whole ? "whole number" : "number"} of at least ${min}, got ${value}`, `e.g. ${flag} ${Math.max(min, 1)}`, "invalid_option");
  }
}

export function registerWorker(program: Command): void {
  program
    .command("worker")
    .description("run tasks that `conveyor run --executor queue` puts on the queues (Redis at CONVEYOR_REDIS), until Ctrl-C")
    .option("-q, --queue <name>", "a queue to take tasks from (repeatable; default: default)", collect, [])
    .option("-c, --concurrency <n>", "tasks run at once, at most (default: number of cores)", numberOption("--concurrency"))
    .option("--cpu <n>", "cores the tasks may hold at once, each its resources.cpu (default: number of cores)", numberOption("--cpu"))
    .option("--memory-mb <n>", "MiB the tasks may hold at once, each its resources.memoryMb (default: the machine's memory)", numberOption("--memory-mb"))
    .option("--gpu <n>", "GPUs: a worker with any takes the tasks that need them too", numberOption("--gpu"), 0)
    .option("--lock-ms <n>", "how long a task stays with a worker that stopped answering before another takes it", numberOption("--lock-ms"), 30_000)
    .addHelpText(
      "after",
      `
Examples:
  conveyor worker
  conveyor worker --queue default --queue training --concurrency 4
  CONVEYOR_REDIS=redis://10.0.0.5:6379 conveyor worker --gpu 1 --memory-mb 32000

Run it from the project's folder, with the code of the runs it is to take: a task whose
component code differs stays queued for a worker that has it (\`conveyor runs show\` says why).
On another machine than the driver (or in another project folder), a task reads its inputs
from the artifact store and puts its outputs there: set CONVEYOR_ARTIFACTS=s3://bucket/prefix
as the driver does (see docs/queue.md).`,
    )
    .action(async (opts: WorkerCommandOptions) => {
      refuseRemote("worker", "run tasks on this machine");
      const concurrency = opts.concurrency ?? availableParallelism();
      atLeast("--concurrency", 1, concurrency);
      atLeast("--cpu", 0, opts.cpu, false);
      atLeast("--memory-mb", 0, opts.memoryMb, false);
      atLeast("--gpu", 0, opts.gpu);
      atLeast("--lock-ms", 500, opts.lockMs);
      const [{ clusterConfig, redactUrl }, { connectRedis }, { QueueWorker }, { localExecutors }, { openArtifactStore }] = await Promise.all([
        import("../../cluster-config.ts"),
        import("../../executors/queue/redis.ts"),
        import("../../executors/queue/worker.ts"),
        import("../../executors/local-engine.ts"),
        import("../../artifacts/open.ts"),
      ]);
      const cluster = clusterConfig();
      const root = projectRoot();
      // Checked before any job is taken: a store this worker cannot reach fails here, in one line.
      const artifacts = await openArtifactStore({ root });
      const redis = await connectRedis(cluster);
      // A line per job, written a few at a time: a write each took more of the worker's CPU than small tasks do.
      let pending = "";
      const flush = () => {
        process.stdout.write(pending);
        pending = "";
      };
      const print = (line: string) => {
        if (pending === "") setTimeout(flush, 50);
        pending += line;
      };
      const capacity = { cpu: opts.cpu ?? availableParallelism(), memoryMb: opts.memoryMb ?? Math.floor(totalmem() / 2 ** 20), gpu: opts.gpu };
      const worker = new QueueWorker({
        redis,
        prefix: cluster.queuePrefix,
        queues: opts.queue.length > 0 ? opts.queue : ["default"],
        concurrency,
        capacity,
        root,
        artifacts,
        executors: localExecutors(),
        lockMs: opts.lockMs,
        onJob: ({ task, runId, outcome, note }) => {
          const color = outcome === "done" ? pc.green : outcome === "failed" ? pc.red : outcome === "started" ? pc.dim : pc.yellow;
          print(`${color(outcome)} ${task} (run ${runId})${note ? pc.dim(` ${note.split("\n")[0]}`) : ""}\n`);
        },
      });
      worker.start();
      process.stdout.write(
        `worker ${worker.id} taking from ${worker.queueNames.join(", ")} at ${redactUrl(cluster.redisUrl)} (${concurrency} at once; ${capacity.cpu} cpu, ${capacity.memoryMb} MiB, ${capacity.gpu} gpu)\n`,
      );
      await stopSignal();
      print("stopping: finishing the running tasks…\n");
      flush();
      await worker.close();
      await redis.quit();
      print("stopped\n");
      flush();
    });
}
