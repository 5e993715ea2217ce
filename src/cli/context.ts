/** What every command works with: the project root, its stores and an engine. */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { LocalArtifactStore } from "../artifacts/local.ts";
import type { Engine } from "../engine/engine.ts";
import type { EngineEvent } from "../engine/events.ts";
import { ConveyorError } from "../errors.ts";
import type { MetadataStore } from "../store/types.ts";
import { conveyorDir } from "../store/workspace.ts";

export interface CliContext {
  root: string;
  store: MetadataStore;
  artifacts: LocalArtifactStore;
  engine: Engine;
  close(): Promise<void>;
}

/** The project folder: component modules and `.conveyor/` are found relative to it. */
export function projectRoot(): string {
  return resolve(process.env.CONVEYOR_ROOT ?? process.cwd());
}

export async function openContext(onEvent?: (event: EngineEvent) => void): Promise<CliContext> {
  const root = projectRoot();
  // Loaded here, not at the top: `conveyor --help` should not pay for database drivers.
  const [{ openStore }, { LocalArtifactStore }, { Engine }] = await Promise.all([
    import("../store/open.ts"),
    import("../artifacts/local.ts"),
    import("../engine/engine.ts"),
  ]);
  const store = await openStore({ root });
  const artifacts = new LocalArtifactStore(root);
  const engine = new Engine({ store, artifacts, root, onEvent });
  return {
    root,
    store,
    artifacts,
    engine,
    async close() {
      await engine.close();
      await store.close();
    },
  };
}

/**
 * Opens the project's existing store for a command that inspects or changes runs, and closes
 * it afterwards. Without a store there is nothing to inspect, and creating an empty one in
 * whatever folder the user happened to be in would only hide that they are in the wrong one.
 */
export async function withStoredRuns<T>(body: (ctx: CliContext) => Promise<T>): Promise<T> {
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
