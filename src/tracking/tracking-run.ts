/**
 * A run recorded from any code with the tracking API rather than by a pipeline: it has the
 * tracking pipeline and one task, "main", standing for the code that logs to it.
 */
import { randomUUID } from "node:crypto";
import { copyFile, stat } from "node:fs/promises";
import { basename, extname, join, resolve } from "node:path";
import { openArtifactStore } from "../artifacts/open.ts";
import type { ArtifactStore } from "../artifacts/types.ts";
import { ConveyorError } from "../errors.ts";
import { openStore } from "../store/open.ts";
import { TRACKING_PIPELINE, TRACKING_TASK } from "../store/tracking-types.ts";
import type { Json } from "../json.ts";
import type { ArtifactRecord, MetadataStore, RunRecord } from "../store/types.ts";
import { captureRunContext } from "./environment.ts";
import { MetricBuffer } from "./metric-buffer.ts";

export interface StartRunOptions {
  /** Created if missing; default "default". */
  experiment?: string;
  params?: Record<string, Json>;
  tags?: Record<string, string>;
  /** Project folder (its .conveyor/ and git repository); default CONVEYOR_ROOT or the working folder. */
  root?: string;
  /** Default: the project's store (CONVEYOR_DB or .conveyor/conveyor.db), closed when the run ends. */
  store?: MetadataStore;
  /** Default: the project's artifact store (CONVEYOR_ARTIFACTS, or .conveyor/artifacts). */
  artifacts?: ArtifactStore;
}

export interface LogArtifactOptions {
  /** The output name the artifact is found by (`models register --output`); default the file's name. */
  name?: string;
  /** Dataset, Model, Metrics or Artifact (the default). */
  type?: string;
  mediaType?: string;
  metadata?: Record<string, Json>;
}

export type EndStatus = "succeeded" | "failed" | "cancelled";

const MEDIA_TYPES: Record<string, string> = {
  ".json": "application/json",
  ".csv": "text/csv",
  ".txt": "text/plain",
  ".parquet": "application/vnd.apache.parquet",
  ".onnx": "application/onnx",
};

export class TrackingRun {
  private readonly metrics: MetricBuffer;
  #ended = false;

  private constructor(
    readonly run: RunRecord,
    private readonly taskId: string,
    private readonly attemptId: string,
    private readonly store: MetadataStore,
    private readonly artifacts: ArtifactStore,
    private readonly ownsStore: boolean,
  ) {
    this.metrics = new MetricBuffer(store);
  }

  get id(): string {
    return this.run.id;
  }

  get ended(): boolean {
    return this.#ended;
  }

  static async start(options: StartRunOptions = {}): Promise<TrackingRun> {
    const root = resolve(options.root ?? process.env.CONVEYOR_ROOT ?? process.cwd());
    const store = options.store ?? (await openStore({ root }));
    try {
      // Before the run is recorded: an artifact store that cannot be reached is refused up front.
      const artifacts = options.artifacts ?? (await openArtifactStore({ root }));
      const run = await store.createRun(
        {
          pipeline: TRACKING_PIPELINE,
          params: options.params ?? {},
          options: { concurrency: 1, noCache: false, failFast: false },
          trigger: "api",
          experiment: options.experiment ?? "default",
          tags: options.tags ?? {},
          context: await captureRunContext(root),
        },
        [{ name: TRACKING_TASK, node: TRACKING_TASK, iteration: null }],
      );
      const [task] = await store.listTasks(run.id);
      if (!task) throw new Error(`the store created run ${run.id} without its ${TRACKING_TASK} task`);
      const now = new Date();
      const { attempts } = await store.transition(
        run.id,
        [{ taskId: task.id, status: "running", attempts: 1, startedAt: now }],
        { status: "running", startedAt: now },
        { startAttempts: [{ taskId: task.id, number: 1 }] },
      );
      const attempt = attempts[0];
      if (!attempt) throw new Error(`the store started no attempt for run ${run.id}`);
      const started = { ...run, status: "running" as const, startedAt: now };
      return new TrackingRun(started, task.id, attempt.id, store, artifacts, !options.store);
    } catch (error) {
      if (!options.store) await store.close();
      throw error;
    }
  }

  async logParams(params: Record<string, Json>): Promise<void> {
    this.checkOpen();
    await this.store.logParams(this.id, params);
  }

  /** Buffered: written in batches, and all of it by `end`. A value that is not a finite number throws at once. */
  logMetric(name: string, value: number, step?: number): void {
    this.checkOpen();
    if (typeof name !== "string" || name === "") throw new ConveyorError(`a metric needs a name, got ${JSON.stringify(name)}`, 'e.g. logMetric("loss", 0.25, step)', "invalid_metric");
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new ConveyorError(`metric "${name}" is ${value}; metrics must be finite numbers`, "check the computation that produced it, or do not log it", "invalid_metric");
    }
    if (step !== undefined && !Number.isSafeInteger(step)) {
      throw new ConveyorError(`step ${step} of metric "${name}" is not a whole number`, "steps count iterations or epochs: 0, 1, 2, ...", "invalid_metric");
    }
    this.metrics.add({ runId: this.id, taskId: this.taskId, name, value, step: step ?? null, time: new Date() });
  }

  async setTags(tags: Record<string, string>): Promise<void> {
    this.checkOpen();
    await this.store.setRunTags(this.id, tags);
  }

  /** Stores a copy of the file by content and records it as an output of the run's main task. */
  async logArtifact(path: string, options: LogArtifactOptions = {}): Promise<ArtifactRecord> {
    this.checkOpen();
    const file = resolve(path);
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) {
      throw new ConveyorError(`${file} is not a file`, "log one file per artifact (archive a folder first)", "not_found");
    }
    const name = options.name ?? basename(file);
    const taken = (await this.store.taskLineage(this.taskId)).some((e) => e.kind === "output" && e.name === name);
    if (taken) {
      throw new ConveyorError(`run ${this.id} already has an artifact named "${name}"`, "give this one another name with { name }", "exists");
    }
    // The artifact store may link the staged file into place: stage a copy, never the caller's file.
    const staged = join(await this.artifacts.stagingDir(this.id, TRACKING_TASK, 1), randomUUID());
    await copyFile(file, staged);
    const mediaType = options.mediaType ?? MEDIA_TYPES[extname(file).toLowerCase()] ?? "application/octet-stream";
    const stored = await this.artifacts.ingest(staged, { mediaType });
    const artifact = await this.store.putArtifact({ ...stored, mediaType, type: options.type ?? "Artifact", metadata: options.metadata ?? {} });
    await this.artifacts.settle(staged, stored.uri);
    await this.store.recordLineage([{ taskId: this.taskId, attemptId: this.attemptId, artifactId: artifact.id, kind: "output", name }]);
    return artifact;
  }

  /** Writes the metrics logged so far. */
  flush(): Promise<void> {
    return this.metrics.flush();
  }

  /**
   * Writes what is buffered and records the outcome; the store is closed if the run opened
   * it. The outcome is recorded even when buffered metrics could not be written; that
   * failure is thrown afterwards.
   */
  async end(status: EndStatus = "succeeded", error: string | null = null): Promise<RunRecord> {
    this.checkOpen();
    this.#ended = true;
    try {
      const unwritten = await this.metrics.flush().then(
        () => undefined,
        (failure: unknown) => failure ?? new Error("metrics were not written"),
      );
      // What logArtifact staged was moved into the store; an empty folder left is only clutter.
      await this.artifacts.discardStaging(this.id).catch(() => {});
      const now = new Date();
      const message = status === "succeeded" ? null : (error ?? status);
      await this.store.transition(
        this.id,
        [{ taskId: this.taskId, status, error: message, endedAt: now }],
        { status, error: message, endedAt: now },
        { finishAttempts: [{ id: this.attemptId, status, error: message }] },
      );
      if (unwritten) throw unwritten;
      return (await this.store.getRun(this.id)) as RunRecord;
    } finally {
      if (this.ownsStore) await this.store.close();
    }
  }

  private checkOpen(): void {
    if (this.#ended) throw new ConveyorError(`run ${this.id} has ended`, "start another run with startRun()", "run_finished");
  }
}
