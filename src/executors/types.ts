/**
 * The executor seam: the engine decides what runs when; an executor only runs one task
 * attempt somewhere (this process, a child process, a remote worker) and reports back.
 */
import type { ComponentIR } from "../ir/schema.ts";
import type { ModelRegistration, ModelSignature } from "../sdk/handles.ts";
import type { Json } from "../json.ts";

/** An input artifact as the engine resolved it: verified, with a local path to read. */
export interface ResolvedArtifact {
  path: string;
  uri: string;
  digest: string;
  size: number;
  type: string;
  mediaType: string;
  metadata: Record<string, Json>;
}

export interface LogEntry {
  time: Date;
  level: "debug" | "info" | "warn" | "error";
  stream: "log" | "stdout" | "stderr";
  message: string;
}

/** One attempt of one task, everything serialisable except the signal and the callbacks. */
export interface TaskExecution {
  runId: string;
  taskId: string;
  taskName: string;
  attempt: number;
  /** Project root: component modules are resolved against it. */
  root: string;
  component: ComponentIR;
  /** Resolved input parameter values. */
  params: Record<string, Json>;
  inputs: Record<string, ResolvedArtifact | ResolvedArtifact[]>;
  /** Where each output artifact must be written, and its default media type. */
  outputs: Record<string, { path: string; mediaType: string }>;
  workDir: string;
  timeoutMs: number | undefined;
  memoryMb: number | undefined;
}

/** A model version as a task sees it: its model file verified and readable at `artifact.path`. */
export interface ResolvedModelVersion {
  name: string;
  version: number;
  /** models:/name/version */
  uri: string;
  digest: string;
  runId: string;
  description: string | null;
  tags: Record<string, string>;
  signature: ModelSignature | null;
  metrics: Record<string, number>;
  aliases: string[];
  artifact: ResolvedArtifact;
}

/** What a task asks to register: one of its own input artifacts, by uri. */
export type RegisterRequest = Omit<ModelRegistration, "model"> & { artifactUri: string };

/** The model registry as the engine answers a task, with the task as the source of what it registers. */
export interface RegistryHooks {
  /** undefined when the model, the version or the alias does not exist. */
  resolve(reference: string): Promise<ResolvedModelVersion | undefined>;
  register(request: RegisterRequest): Promise<ResolvedModelVersion>;
}

export interface TaskHooks {
  /** Aborted on timeout or cancellation. */
  signal: AbortSignal;
  onLog(entry: LogEntry): void;
  onMetric(name: string, value: number, step: number | undefined): void;
  registry: RegistryHooks;
}

export interface TaskOutcome {
  /** Output parameter values returned by `run`. */
  params: Record<string, Json>;
  /** Media type and metadata each output artifact was written with. */
  artifacts: Record<string, { mediaType: string; metadata: Record<string, Json> }>;
}

export interface Executor {
  execute(task: TaskExecution, hooks: TaskHooks): Promise<TaskOutcome>;
  close(): Promise<void>;
}
