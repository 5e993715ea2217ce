/** Starting runs from the API: the pipeline file named in the request, driven in this process. */
import { realpathSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";
import type { FastifyBaseLogger } from "fastify";
import { loadPipelineFile } from "../compiler/pipeline-file.ts";
import type { Engine } from "../engine/engine.ts";
import { ConveyorError, isConveyorError } from "../errors.ts";
import type { PipelineIR } from "../ir/schema.ts";
import type { RunOptions, RunRecord } from "../store/types.ts";
import { captureRunContext } from "../tracking/environment.ts";

function badPath(message: string): ConveyorError {
  return new ConveyorError(
    `pipeline: ${message}`,
    "give the path of a compiled IR .json or a pipeline module (.ts, .js) relative to the server's project root",
    "invalid_pipeline_path",
  );
}

/** The file `given` names inside `root`; never one outside it, not even through a symbolic link. */
function pipelineFile(root: string, given: string): string {
  if (isAbsolute(given)) throw badPath(`"${given}" is an absolute path`);
  let real: string;
  try {
    real = realpathSync(resolve(root, given));
  } catch {
    throw badPath(`"${given}" does not exist under the project root`);
  }
  const inside = relative(realpathSync(root), real);
  if (inside.startsWith("..") || isAbsolute(inside)) throw badPath(`"${given}" is outside the project root`);
  return real;
}

export class RunStarter {
  /** Runs this server drives, so closing can cancel them and wait until they have stopped. */
  readonly #active = new Map<string, { controller: AbortController; done: Promise<void> }>();

  constructor(
    private readonly engine: Engine,
    private readonly root: string,
    private readonly log: FastifyBaseLogger,
  ) {}

  /**
   * Records the run (nothing is recorded when the pipeline or a parameter is bad) and starts
   * driving it; the returned run is still pending.
   */
  async start(pipeline: string, params: Record<string, unknown>, options: Partial<RunOptions>): Promise<RunRecord> {
    // Asked while the pipeline loads; nothing is stored unless the run is created.
    const context = captureRunContext(this.root);
    const ir = await this.#load(pipeline);
    const run = await this.engine.createRun(ir, params, options, "api", { context });
    const controller = new AbortController();
    const done = this.engine
      .execute(run.id, controller.signal)
      .then(
        (ended) => this.log.info({ run: ended.id, status: ended.status }, "run ended"),
        (error: unknown) => this.log.error({ err: error, run: run.id }, "driving the run failed"),
      )
      .finally(() => this.#active.delete(run.id));
    this.#active.set(run.id, { controller, done });
    return run;
  }

  /**
   * Loading a module runs the user's code: whatever it throws is about that file, so it is
   * answered as bad input (400) naming it, with the stack kept in the log.
   */
  async #load(pipeline: string): Promise<PipelineIR> {
    try {
      return await loadPipelineFile(pipelineFile(this.root, pipeline), this.root);
    } catch (error) {
      if (isConveyorError(error)) throw error;
      this.log.warn({ err: error, pipeline }, "the pipeline file failed to load");
      throw new ConveyorError(
        `pipeline: "${pipeline}" failed to load: ${error instanceof Error ? error.message : String(error)}`,
        "fix the module so that importing it succeeds, then restart the server (modules are loaded once)",
        "pipeline_load_failed",
      );
    }
  }

  /** Cancels the runs still going (gracefully: they stay resumable) and waits for them to stop. */
  async close(): Promise<void> {
    const active = [...this.#active.values()];
    for (const { controller } of active) controller.abort();
    await Promise.all(active.map((a) => a.done));
  }
}
