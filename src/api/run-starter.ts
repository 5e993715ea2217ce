/** Starting runs from the API: the pipeline file named in the request, driven in this process. */
import { realpathSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";
import type { FastifyBaseLogger } from "fastify";
import { loadPipelineFile } from "../compiler/pipeline-file.ts";
import type { Engine } from "../engine/engine.ts";
import { isDriven } from "../engine/lease.ts";
import { planRerun } from "../engine/rerun.ts";
import { ConveyorError, isConveyorError } from "../errors.ts";
import { loadIr } from "../ir/load.ts";
import type { PipelineIR } from "../ir/schema.ts";
import type { MetadataStore, RunOptions, RunRecord } from "../store/types.ts";
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
    private readonly store: MetadataStore,
    private readonly root: string,
    private readonly log: FastifyBaseLogger,
  ) {}

  /**
   * Records the run of a pipeline file, or of a stored IR given by its digest (nothing is
   * recorded when the pipeline or a parameter is bad), and starts driving it; the returned
   * run is still pending.
   */
  async start(pipeline: { file: string } | { digest: string }, params: Record<string, unknown>, options: Partial<RunOptions>): Promise<RunRecord> {
    // Asked while the pipeline loads; nothing is stored unless the run is created.
    const context = captureRunContext(this.root);
    const ir = "file" in pipeline ? await this.#load(pipeline.file) : await this.#stored(pipeline.digest);
    return this.#drive(await this.engine.createRun(ir, params, options, "api", { context }));
  }

  /** As `conveyor rerun`: the run's stored IR and params again, in its experiment, recomputing every task unless `cache`. */
  async rerun(original: RunRecord, cache: boolean): Promise<RunRecord> {
    const { ir, params } = await planRerun(this.store, this.root, original);
    const options = { concurrency: original.options.concurrency, noCache: !cache, failFast: original.options.failFast };
    return this.#drive(await this.engine.createRun(ir, params, options, `rerun:${original.id}`, { experiment: original.experiment }));
  }

  /**
   * As `conveyor resume`: drives a run no live process drives, which has not succeeded; its
   * completed tasks are not run again. Answers once the driver has taken the run back (its
   * status is running again), so a client following it sees it go on rather than its old end;
   * a run the driver refuses answers the driver's error.
   */
  async resume(run: RunRecord): Promise<RunRecord> {
    if (run.status === "succeeded") {
      throw new ConveyorError(`run ${run.id} already succeeded`, "rerun it to compute it again", "run_finished");
    }
    if (this.#active.has(run.id) || isDriven(run)) {
      throw new ConveyorError(`run ${run.id} is being driven by a live process (${run.leaseOwner})`, "cancel it first, or wait for it to end", "run_active");
    }
    let unsubscribe = () => {};
    const resumed = new Promise<RunRecord>((resolve) => {
      unsubscribe = this.engine.subscribe((event) => {
        if (event.type === "run" && event.run.id === run.id && event.run.status === "running") resolve(event.run);
      });
    });
    try {
      const driving = this.#drive(run, true);
      return await Promise.race([resumed, driving.then(() => this.store.getRun(run.id) as Promise<RunRecord>)]);
    } finally {
      unsubscribe();
    }
  }

  #drive(run: RunRecord): RunRecord;
  /** With `settled`: the drive's end, its error (a run the driver refuses) rethrown. */
  #drive(run: RunRecord, settled: true): Promise<void>;
  #drive(run: RunRecord, settled?: true): RunRecord | Promise<void> {
    const controller = new AbortController();
    const driving = this.engine.execute(run.id, controller.signal);
    const done = driving
      .then(
        (ended) => this.log.info({ run: ended.id, status: ended.status }, "run ended"),
        (error: unknown) => this.log.error({ err: error, run: run.id }, "driving the run failed"),
      )
      .finally(() => this.#active.delete(run.id));
    this.#active.set(run.id, { controller, done });
    return settled ? driving.then(() => undefined) : run;
  }

  async #stored(digest: string): Promise<PipelineIR> {
    const pipeline = await this.store.getPipeline(digest);
    if (!pipeline) {
      throw new ConveyorError(`pipeline "${digest}" is not stored`, "list stored pipelines with GET /api/v1/pipelines", "not_found");
    }
    return loadIr(pipeline.ir, `pipeline ${pipeline.name} (${pipeline.digest})`);
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
