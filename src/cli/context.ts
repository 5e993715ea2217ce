/**
 * What every command works with: the project root, its stores and an engine; or, for the
 * commands that inspect runs and change the registry, a Conveyor server at CONVEYOR_URL.
 */
import { createReadStream, existsSync } from "node:fs";
import { resolve } from "node:path";
import type { CollectableArtifactStore } from "../artifacts/types.ts";
import type { Engine } from "../engine/engine.ts";
import type { EngineEvent } from "../engine/events.ts";
import { ConveyorError } from "../errors.ts";
import type { MetadataStore } from "../store/types.ts";
import { projectRelative, projectRoots } from "../store/project-paths.ts";
import { conveyorDir } from "../store/workspace.ts";
import type { StoredRuns } from "../inspect/stored-runs.ts";

export interface CliContext {
  root: string;
  store: MetadataStore;
  artifacts: CollectableArtifactStore;
  /**
   * The engine, made on first use: the engine's modules (the IR schema, executors, ...) are
   * most of what a command loads, and the commands that only read the store never need them.
   */
  engine(): Promise<Engine>;
  close(): Promise<void>;
}

/** The project folder: component modules and `.conveyor/` are found relative to it. */
export function projectRoot(): string {
  return resolve(process.env.CONVEYOR_ROOT ?? process.cwd());
}

/** The server the CLI talks to instead of the local store, if any. */
export function remoteUrl(): string | undefined {
  return process.env.CONVEYOR_URL || undefined;
}

/**
 * For commands that need this machine's store, files or engine: with CONVEYOR_URL set the
 * user expects the server's runs, and this command cannot give them.
 */
export function refuseRemote(command: string, instead: string): void {
  const url = remoteUrl();
  if (!url) return;
  throw new ConveyorError(
    `\`conveyor ${command}\` is not available with CONVEYOR_URL (${url}); unset it to ${instead}`,
    "through a server, `conveyor` runs the runs, experiments, models, lineage, logs and cancel commands",
    "remote_unsupported",
  );
}

/** Where a command's engine runs attempts: on this machine, or on the fleet's queue workers. */
export type ExecutorChoice = "local" | "queue";

/** `--executor`'s value, checked. */
export function executorChoice(value: string): ExecutorChoice {
  if (value === "local" || value === "queue") return value;
  throw new ConveyorError(`--executor must be "local" or "queue", got "${value}"`, "queue puts each task on Redis for `conveyor worker`s", "invalid_option");
}

export async function openContext(onEvent?: (event: EngineEvent) => void, executor: ExecutorChoice = "local"): Promise<CliContext> {
  const root = projectRoot();
  // Loaded here, not at the top: `conveyor --help` should not pay for database drivers.
  const [{ openStore }, { openArtifactStore }] = await Promise.all([import("../store/open.ts"), import("../artifacts/open.ts")]);
  // First: an artifact store that cannot be reached is refused before a store file is created.
  const artifacts = await openArtifactStore({ root });
  const opened = await openStore({ root });
  // Shown relative to the project, as a server shows it, so both print the same.
  const store = { ...opened, location: projectRelative(opened.location, projectRoots(root)) };
  let engine: Promise<Engine> | undefined;
  if (executor === "queue") {
    // At once: with Redis down the command stops here, before it records anything.
    const [{ openQueueEngine }, { clusterConfig }] = await Promise.all([import("../executors/queue/queue-engine.ts"), import("../cluster-config.ts")]);
    engine = openQueueEngine({ store, artifacts, root, onEvent }, clusterConfig());
    await engine.catch(async (error: unknown) => {
      await store.close();
      throw error;
    });
  }
  return {
    root,
    store,
    artifacts,
    engine() {
      engine ??= import("../executors/local-engine.ts").then(({ LocalEngine }) => new LocalEngine({ store, artifacts, root, onEvent }));
      return engine;
    },
    async close() {
      await (await engine)?.close();
      await store.close();
    },
  };
}

/**
 * Opens the project's existing store for a command that inspects or changes runs on this
 * machine, and closes it afterwards. Without a store there is nothing to inspect, and creating
 * an empty one in whatever folder the user happened to be in would only hide that they are in
 * the wrong one.
 */
export async function withLocalStore<T>(body: (ctx: CliContext) => Promise<T>): Promise<T> {
  const root = projectRoot();
  if (!process.env.CONVEYOR_DB && !existsSync(conveyorDir(root))) {
    throw new ConveyorError(
      `there are no runs in ${root} (it has no .conveyor folder)`,
      "run this in the project folder (or set CONVEYOR_ROOT), or start a run with `conveyor run <file>`",
      "no_store",
    );
  }
  const ctx = await openContext();
  try {
    return await body(ctx);
  } finally {
    await ctx.close();
  }
}

/**
 * The local store's runs, with the read logic loaded now rather than where this module is
 * imported: every command's module imports this one, and `conveyor --help` loads them all.
 */
async function localRuns({ store, artifacts, engine }: CliContext): Promise<StoredRuns> {
  const [{ runDetails }, { LogTail }, { localDeployments }] = await Promise.all([
    import("../inspect/run-summary.ts"),
    import("../inspect/log-tail.ts"),
    import("../inspect/deployments.ts"),
  ]);
  return {
    store,
    runDetails: (run) => runDetails(store, run),
    // Imported when used: most commands need neither, and each module loaded adds to their start.
    lineage: async (target) => (await import("../inspect/lineage-graph.ts")).lineageOf(store, target),
    registerModel: async (options) => (await import("../registry/register.ts")).registerModel(store, options),
    cancelRun: async (runId) => (await engine()).cancel(runId),
    logTail: () => new LogTail(store),
    deployments: localDeployments(store),
    async modelFile(reference) {
      const { modelVersionFile } = await import("../registry/version-file.ts");
      const { version, artifact, path } = await modelVersionFile(store, artifacts, reference);
      return { version, artifact, content: createReadStream(path) };
    },
  };
}

/** The server at CONVEYOR_URL when it is set (with CONVEYOR_TOKEN as its bearer token), else the local store. */
export async function withStoredRuns<T>(body: (runs: StoredRuns) => Promise<T>): Promise<T> {
  const url = remoteUrl();
  if (url) {
    const { connect } = await import("../client/remote-runs.ts");
    return body(await connect(url, process.env.CONVEYOR_TOKEN || undefined));
  }
  return withLocalStore(async (ctx) => body(await localRuns(ctx)));
}
