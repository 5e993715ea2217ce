/** The engine's public face: create runs from IR, drive them, resume and cancel them. */
import { availableParallelism } from "node:os";
import type { ArtifactStore } from "../artifacts/types.ts";
import { ConveyorError } from "../errors.ts";
import { irDigest } from "../ir/canonical.ts";
import { resolveParams } from "../ir/params.ts";
import type { PipelineIR } from "../ir/schema.ts";
import type { RunContext } from "../store/tracking-types.ts";
import type { MetadataStore, RunOptions, RunRecord } from "../store/types.ts";
import { captureRunContext } from "../tracking/environment.ts";
import { RunDriver } from "./driver.ts";
import type { EngineEvent } from "./events.ts";
import type { Executors } from "./executor.ts";
import { initialInstances } from "./instances.ts";
import { isDriven, newOwnerId, takeLease } from "./lease.ts";

/** How long a run's lease lasts without renewal, unless the engine is configured otherwise. */
const DEFAULT_LEASE_MS = 30_000;

export interface EngineConfig {
  store: MetadataStore;
  artifacts: ArtifactStore;
  /** Project root: component modules in the IR are resolved against it. */
  root: string;
  /**
   * The executor of each isolation: the engine decides what runs when, they run it. The package's
   * `Engine` (src/executors/local-engine.ts) gives this machine's by default.
   */
  executors: Executors;
  onEvent?: (event: EngineEvent) => void;
  /**
   * How long a run's lease lasts without renewal before another process may take it over
   * (default 30 s). A driver stalled longer than this (its event loop held, its process
   * stopped) may lose the run, and then stops driving it.
   */
  leaseMs?: number;
}

export class Engine {
  private readonly owner = newOwnerId();
  /** IR of the runs this engine created, so executing them skips reading and re-checking it. */
  private readonly knownIr = new Map<string, PipelineIR>();
  private readonly listeners = new Set<(event: EngineEvent) => void>();

  constructor(private readonly config: EngineConfig) {}

  /**
   * Records a new pending run of `ir` with checked parameters, in `tracking.experiment`
   * (default: the pipeline's name), with the code version and environment it runs with;
   * `execute` runs it. A caller that loads the pipeline first can start capturing that
   * context before (`captureRunContext(root)`) and pass it as `tracking.context`: asking git
   * costs a process start, which then overlaps the loading.
   */
  async createRun(
    ir: PipelineIR,
    params: Record<string, unknown> = {},
    options: Partial<RunOptions> = {},
    trigger = "api",
    { context, ...tracking }: { experiment?: string; tags?: Record<string, string>; context?: Promise<RunContext> } = {},
  ): Promise<RunRecord> {
    const concurrency = options.concurrency ?? availableParallelism();
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new ConveyorError(`concurrency must be a whole number of at least 1, got ${concurrency}`, undefined, "invalid_option");
    }
    const digest = irDigest(ir);
    const run = await this.config.store.createRun(
      {
        pipeline: { digest, name: ir.name, ir: ir as never },
        params: resolveParams(ir.params, params, ir.name),
        options: { concurrency, noCache: options.noCache ?? false, failFast: options.failFast ?? false },
        trigger,
        ...tracking,
        context: await (context ?? captureRunContext(this.config.root)),
      },
      initialInstances(ir),
    );
    this.knownIr.set(digest, ir);
    return run;
  }

  /**
   * Drives a run until it ends: a new run, or one to resume (left running by a dead process,
   * or failed or cancelled). Aborting `signal` cancels gracefully.
   */
  execute(runId: string, signal?: AbortSignal): Promise<RunRecord> {
    const driver = new RunDriver({
      store: this.config.store,
      artifacts: this.config.artifacts,
      root: this.config.root,
      executors: this.config.executors,
      onEvent: (event) => {
        this.config.onEvent?.(event);
        for (const listener of this.listeners) listener(event);
      },
      owner: this.owner,
      leaseMs: this.config.leaseMs ?? DEFAULT_LEASE_MS,
      knownIr: this.knownIr,
    });
    return driver.drive(runId, signal);
  }

  /**
   * Adds a listener of the events of every run this engine drives, beside `onEvent`; returns
   * what removes it. A run's and a task's events come after their change is committed.
   */
  subscribe(listener: (event: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Asks the process driving a run to cancel it. When no live process drives it (none holds
   * its lease, or the one that does let it expire), the run is marked cancelled here and now,
   * under a lease of its own: a driver that was stalled and wakes up finds its lease gone and
   * writes nothing over the cancellation.
   */
  async cancel(runId: string): Promise<RunRecord> {
    const { store } = this.config;
    const run = await store.getRun(runId);
    if (!run) throw new ConveyorError(`run ${runId} does not exist`, "list runs with `conveyor runs list`", "not_found");
    if (run.status === "succeeded" || run.status === "failed" || run.status === "cancelled") {
      throw new ConveyorError(`run ${run.id} already ended (${run.status})`, undefined, "run_finished");
    }
    const asked = { cancelRequested: true };
    if (isDriven(run)) return store.updateRun(run.id, asked);
    const taken = await takeLease(store, run.id, this.owner, new Date(Date.now() + (this.config.leaseMs ?? DEFAULT_LEASE_MS)));
    // A process took the run since it was read: it is driven now, and sees the request.
    if (!taken) return store.updateRun(run.id, asked);
    const now = new Date();
    const running = await store.listRunningAttempts(run.id);
    const open = (await store.listTasks(run.id)).filter((t) => t.status === "pending" || t.status === "running");
    await store.transition(
      run.id,
      open.map((t) => ({ taskId: t.id, status: "cancelled", error: "run cancelled", endedAt: now })),
      { status: "cancelled", error: "cancelled", endedAt: now, cancelRequested: true, leaseOwner: null },
      { finishAttempts: running.map((a) => ({ id: a.id, status: "cancelled", error: "run cancelled" })) },
      { owner: this.owner, epoch: taken.leaseEpoch },
    );
    return (await store.getRun(run.id)) as RunRecord;
  }

  async close(): Promise<void> {
    await Promise.all(Object.values(this.config.executors).map((executor) => executor.close()));
  }
}
