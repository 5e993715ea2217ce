/** What a component's `run` receives: artifact handles and the task context. */
import type { Json } from "../json.ts";

/** An input artifact, already verified against its recorded digest. */
export interface InputArtifact {
  readonly path: string;
  readonly uri: string;
  /** "sha256:<hex>" */
  readonly digest: string;
  readonly size: number;
  readonly type: string;
  readonly mediaType: string;
  readonly metadata: Readonly<Record<string, Json>>;
  text(): Promise<string>;
  json<T = Json>(): Promise<T>;
  bytes(): Promise<Uint8Array>;
}

/**
 * An output artifact to write: write the file at `path` (or use the helpers). After `run`
 * returns, the file is hashed and stored by content; `mediaType` and `metadata` are recorded.
 */
export interface OutputArtifact {
  readonly path: string;
  mediaType: string;
  metadata: Record<string, Json>;
  writeText(text: string): Promise<void>;
  writeJson(value: unknown): Promise<void>;
  writeBytes(bytes: Uint8Array): Promise<void>;
}

export interface TaskLogger {
  debug(message: string, data?: Record<string, unknown>): void;
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

/** A model's input and output schema, as trainModel records it in a Model artifact's metadata (a type, so that it is Json). */
export type ModelSignature = { inputs: Json; outputs: Json };

/** A version of a registered model; its model file is `model`, verified like any input. */
export interface RegisteredModelVersion {
  readonly name: string;
  readonly version: number;
  /** models:/name/version */
  readonly uri: string;
  readonly digest: string;
  /** The run that registered it. */
  readonly runId: string;
  readonly description: string | null;
  readonly tags: Readonly<Record<string, string>>;
  readonly signature: ModelSignature | null;
  readonly metrics: Readonly<Record<string, number>>;
  /** The aliases pointing at it now. */
  readonly aliases: readonly string[];
  readonly model: InputArtifact;
}

export interface ModelRegistration {
  /** One of the task's input artifacts. */
  model: InputArtifact;
  name: string;
  /** Point this alias (e.g. "champion") at the new version, in the same transaction. */
  alias?: string;
  /** Why, for the alias's audit trail. */
  reason?: string;
  description?: string;
  tags?: Record<string, string>;
  /** Recorded with the training metrics of the model's metadata. */
  metrics?: Record<string, number>;
  /** Default: the model artifact's `signature` metadata. */
  signature?: ModelSignature;
}

/**
 * The model registry, with this task as the source (run and task) of what it registers.
 * Registering an artifact the model already has fails with code "duplicate_version", unless an
 * earlier attempt of this task registered it: a retry or a resume gets that version back.
 */
export interface ModelRegistry {
  /** `models:/churn/3` or `models:/churn@champion`; undefined when the model, version or alias does not exist. */
  resolve(reference: string): Promise<RegisteredModelVersion | undefined>;
  register(request: ModelRegistration): Promise<RegisteredModelVersion>;
}

export interface TaskContext {
  readonly runId: string;
  readonly taskId: string;
  readonly taskName: string;
  /** 1 for the first attempt, 2 for the first retry, ... */
  readonly attempt: number;
  /** Aborted on timeout or cancellation: long work should check it or pass it on. */
  readonly signal: AbortSignal;
  readonly log: TaskLogger;
  /** A scratch folder private to this attempt. */
  readonly workDir: string;
  /** Records a metric point of this run (with an optional step, e.g. an epoch). */
  metric(name: string, value: number, step?: number): void;
  readonly registry: ModelRegistry;
}
