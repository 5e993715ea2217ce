/** Runs tasks in the engine's own process: no start-up cost, no isolation. */
import type { Executor } from "../engine/executor.ts";
import { runComponent } from "./run-component.ts";

export class InlineExecutor implements Executor {
  execute: Executor["execute"] = (task, hooks) => runComponent(task, hooks);
  async close(): Promise<void> {}
}
