/**
 * `conveyor serve <models:/name@alias | models:/name/N | deployment>...`: the model server over this
 * project's registry, until Ctrl-C. With --workers N, node:cluster forks N processes that share
 * the port; the first process only checks the references and looks after the workers.
 */
import type { Cluster, Worker } from "node:cluster";
import type { Command } from "commander";
import { ConveyorError } from "../../errors.ts";
import { openContext, refuseRemote } from "../context.ts";
import { listenOn, port } from "../port-option.ts";
import { stopSignal } from "../stop-signal.ts";

interface ServeOptions {
  port: number;
  host: string;
  workers: number;
  pollMs: number;
  /** False with --no-log. */
  log: boolean;
  logSample: number;
}

function positive(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new ConveyorError(`${name} must be a whole number from 1, got "${value}"`, `e.g. ${name} 2`, "invalid_option");
    return n;
  };
}

function fraction(value: string): number {
  const n = Number(value);
  if (!(n > 0 && n <= 1)) throw new ConveyorError(`--log-sample must be a fraction of requests in (0, 1], got "${value}"`, "e.g. --log-sample 0.1 logs one request in ten", "invalid_option");
  return n;
}

/** What a worker tells the first process once it listens. */
interface Listening {
  readonly listening: string;
}

export function registerServe(program: Command): void {
  program
    .command("serve")
    .description("serve registered models over HTTP: Open Inference (KServe V2), KServe V1 and MLflow scoring, with Prometheus metrics")
    .argument("<models...>", "model references: models:/<name>@<alias> (followed as it moves) or models:/<name>/<version>; or deployment names (conveyor deploy list)")
    .option("--port <n>", "port to listen on (0 picks a free one)", port, 8080)
    .option("--host <address>", "address to listen on", "127.0.0.1")
    .option("--workers <n>", "processes sharing the port", positive("--workers"), 1)
    .option("--poll-ms <ms>", "how often a followed alias is looked up", positive("--poll-ms"), 1000)
    .option("--no-log", "keep no prediction log, and take no labels at POST /v2/feedback")
    .option("--log-sample <fraction>", "the fraction of requests the prediction log keeps, in (0, 1]", fraction, 1)
    .addHelpText(
      "after",
      `
Examples:
  conveyor serve models:/churn@champion
  conveyor serve models:/churn@champion models:/price/3 --port 9000 --workers 2
  conveyor serve churn-api     # a deployment: stable and candidate under its traffic policy
  curl -H 'Content-Type: application/json' http://127.0.0.1:8080/v2/models/churn/infer \\
    -d '{"inputs": [{"name": "tenure", "shape": [1], "datatype": "FP64", "data": [3]},
                    {"name": "plan", "shape": [1], "datatype": "BYTES", "data": ["pro"]}]}'

Every answered row goes to the prediction log (.conveyor/prediction-log/, docs/prediction-log.md)
without the answer waiting for it, and labels posted to POST /v2/feedback are joined to it;
--log-sample 0.1 keeps one request in ten, --no-log none. /metrics counts the rows it dropped.

A model's URL name is its registered name. An alias is followed: when it moves, the new
version is loaded and swapped in without a restart; a version that fails to load is refused
and the current one keeps serving. /invocations (MLflow) answers with the first model given.
The protocols are described in docs/serving.md.`,
    )
    .action(async (models: string[], opts: ServeOptions) => {
      refuseRemote("serve", "serve models from this machine's registry (run it where the project is)");
      const { default: cluster } = await import("node:cluster");
      if (opts.workers > 1 && cluster.isPrimary) return superviseWorkers(cluster, models, opts);
      await serveHere(models, opts, cluster.isWorker);
    });
}

/** `isWorker`: one of the workers a first process forked, which tells it when it listens. */
async function serveHere(models: string[], opts: ServeOptions, isWorker: boolean): Promise<void> {
  const ctx = await openContext();
  try {
    const [{ createModelServer }, { isDeploymentName, openDeployments }, { openServeLogs }, { default: pino }] = await Promise.all([
      import("../../serve/server.ts"),
      import("../../serve/serve-targets.ts"),
      import("../../serve/prediction-log/serve-logs.ts"),
      import("pino"),
    ]);
    const log = pino({ base: { pid: process.pid } }, pino.destination(2));
    const source = { store: ctx.store, artifacts: ctx.artifacts };
    // Candidates are judged on live quality from the log this server writes, labels joined.
    const labels = opts.log ? { store: ctx.store, root: ctx.root } : undefined;
    const endpoints = await openDeployments(models.filter(isDeploymentName), { source, pollMs: opts.pollMs, log, labels });
    const references = models.filter((m) => !isDeploymentName(m));
    const logs = opts.log ? await openServeLogs({ store: ctx.store, root: ctx.root, sample: opts.logSample }) : undefined;
    try {
      const server = await createModelServer({ models: references, endpoints, source, pollMs: opts.pollMs, log, predictionLog: logs?.predictions, feedbackLog: logs?.labels });
      const url = await listenOn(() => server.listen({ port: opts.port, host: opts.host }), opts.host, opts.port);
      if (isWorker) process.send?.({ listening: url } satisfies Listening);
      else process.stdout.write(servingMessage(url, server.endpoints));
      await stopSignal();
      await server.close();
    } finally {
      // After the server: every answered row is in the log's buffer, and is written now.
      await logs?.close();
    }
  } finally {
    await ctx.close();
    // A worker's channel to the first process would keep it running.
    if (isWorker) process.disconnect();
  }
}

function servingMessage(url: string, endpoints: readonly { name: string; loaded(): readonly { version: number }[] }[]): string {
  const lines = endpoints.map((e) => `  ${e.name} (version ${e.loaded().map((v) => v.version).join(", ")}): ${url}/v2/models/${e.name}/infer, ${url}/v1/models/${e.name}:predict`);
  return `serving at ${url}\n${lines.join("\n")}\n  MLflow: ${url}/invocations (${endpoints[0]?.name}); metrics: ${url}/metrics\n`;
}

/** Checks the references once, forks the workers, replaces one that dies, and stops them all on Ctrl-C. */
async function superviseWorkers(cluster: Cluster, models: string[], opts: ServeOptions): Promise<void> {
  const ctx = await openContext();
  try {
    const { checkServeTarget } = await import("../../serve/serve-targets.ts");
    for (const target of models) await checkServeTarget(ctx.store, target);
  } finally {
    await ctx.close();
  }
  let stopping = false;
  let announced = false;
  const fork = (): Worker => {
    const worker = cluster.fork();
    worker.on("message", (message: Listening) => {
      if (announced || typeof message?.listening !== "string") return;
      announced = true;
      process.stdout.write(`serving ${models.join(", ")} at ${message.listening} with ${opts.workers} workers\n`);
    });
    worker.on("exit", (code) => {
      if (stopping) return;
      if (!announced) {
        // It failed before listening (the port is taken, a model cannot load): the others would too.
        stopping = true;
        for (const other of Object.values(cluster.workers ?? {})) other?.kill();
        process.exitCode = code ?? 1;
        return;
      }
      process.stderr.write(`worker ${worker.process.pid} exited (${code}); starting another\n`);
      fork();
    });
    return worker;
  };
  for (let i = 0; i < opts.workers; i++) fork();
  await Promise.race([stopSignal(), new Promise<void>((resolve) => cluster.on("exit", () => stopping && resolve()))]);
  stopping = true;
  const exits = Object.values(cluster.workers ?? {}).map((worker) => new Promise((resolve) => worker!.once("exit", resolve)));
  for (const worker of Object.values(cluster.workers ?? {})) worker?.kill("SIGTERM");
  await Promise.all(exits);
}
