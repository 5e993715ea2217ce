/** `conveyor server`: the HTTP API over this project's store, until Ctrl-C. */
import type { Command } from "commander";
import pc from "picocolors";
import { type ExecutorChoice, executorChoice, openContext } from "../context.ts";
import { listenOn, port } from "../port-option.ts";
import { stopSignal } from "../stop-signal.ts";

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

export function registerServer(program: Command): void {
  program
    .command("server")
    .description("serve this project's runs, tasks, logs, artifacts, metrics and lineage over HTTP, start and cancel runs, and the web dashboard at /")
    .option("--port <n>", "port to listen on (0 picks a free one)", port, 4000)
    .option("--host <address>", "address to listen on", "127.0.0.1")
    .option("--executor <local|queue>", "where the runs it starts run: this process, or `conveyor worker`s through Redis", executorChoice, "local")
    .addHelpText(
      "after",
      `
Examples:
  conveyor server
  conveyor server --port 8080 --host 0.0.0.0     # reachable from other machines: set CONVEYOR_TOKEN
  CONVEYOR_TOKEN=s3cret conveyor server
  CONVEYOR_DB=postgres://db/conveyor conveyor server --executor queue
  curl -H "Authorization: Bearer s3cret" http://127.0.0.1:4000/api/v1/runs

The API is described in docs/api.md, and at /openapi.json while it runs. With CONVEYOR_TOKEN
set every request needs the header "Authorization: Bearer <token>". Runs started through the
API run in this process; Ctrl-C cancels them (\`conveyor resume <run>\` continues one) and stops.`,
    )
    .action(async (opts: { port: number; host: string; executor: ExecutorChoice }) => {
      const ctx = await openContext(undefined, opts.executor);
      try {
        const { createServer } = await import("../../api/server.ts");
        const app = await createServer({ store: ctx.store, artifacts: ctx.artifacts, engine: await ctx.engine(), root: ctx.root });
        const url = await listenOn(() => app.listen({ port: opts.port, host: opts.host }), opts.host, opts.port);
        process.stdout.write(`serving ${ctx.store.location} at ${url}/api/v1 (OpenAPI document: ${url}/openapi.json, dashboard: ${url}/)\n`);
        if (!process.env.CONVEYOR_TOKEN && !LOOPBACK.test(opts.host)) {
          process.stderr.write(pc.yellow(`warning: no CONVEYOR_TOKEN is set, so anyone who can reach ${opts.host} can read runs and start them\n`));
        }
        await stopSignal();
        process.stdout.write("stopping…\n");
        await app.close();
        process.stdout.write("stopped\n");
      } finally {
        await ctx.close();
      }
      // Its runs are cancelled and recorded: a task's code that ignores its abort signal (a loop
      // polling a file, say) must not keep a stopped server's process alive.
      process.exit(0);
    });
}
