/**
 * The model registry as a running task reaches it (`ctx.registry`): the engine hands these
 * hooks to the executor, which answers the task's calls with them, in its own process or
 * across to a thread or a child process.
 */
import type { ResolvedArtifact } from "../artifacts/resolved-artifact.ts";
import type { ModelRegistration, ModelSignature } from "../sdk/handles.ts";

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
