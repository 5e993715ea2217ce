/** What a component's `run` receives: artifact handles and the task context. */
import type { Json } from "./json.ts";

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
}
