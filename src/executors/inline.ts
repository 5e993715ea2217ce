/** Runs tasks in the engine's own process: no start-up cost, no isolation. */
import { runComponent } from "./run-component.ts";
import type { Executor } from "./types.ts";

export class InlineExecutor implements Executor {
  execute: Executor["execute"] = (task, hooks) => runComponent(task, hooks);
  async close(): Promise<void> {}
}
