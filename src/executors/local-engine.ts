/**
 * The engine with this machine's executors, which the package exports as `Engine`: the engine
 * itself knows only the executor interface it drives (src/engine/executor.ts), so the defaults
 * are chosen here, above both.
 */
import { Engine, type EngineConfig } from "../engine/engine.ts";
import type { Executors } from "../engine/executor.ts";
import { InlineExecutor } from "./inline.ts";
import { ProcessExecutor } from "./process.ts";
import { ThreadExecutor } from "./thread.ts";

export interface LocalEngineConfig extends Omit<EngineConfig, "executors"> {
  /**
   * The executor of an isolation, in place of this machine's: inline on the engine's thread,
   * the process's shared pool of one worker thread per core, a child process per attempt.
   */
  executors?: Partial<Executors>;
}

/** This machine's executors, each replaced where `given` has one: what a local engine and a queue worker run tasks with. */
export function localExecutors(given: Partial<Executors> = {}): Executors {
  return {
    inline: given.inline ?? new InlineExecutor(),
    thread: given.thread ?? new ThreadExecutor(),
    process: given.process ?? new ProcessExecutor(),
  };
}

export class LocalEngine extends Engine {
  constructor({ executors = {}, ...config }: LocalEngineConfig) {
    super({ ...config, executors: localExecutors(executors) });
  }
}
