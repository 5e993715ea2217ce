/**
 * What every exported container runs: `conveyor exec-task`, one step of one run of the same IR
 * against the configured store and artifact store. Both exports use these arguments and paths,
 * which `conveyor exec-task` (src/cli/commands/exec-task.ts) reads and writes.
 */
import type { TaskOptionsIR } from "../ir/schema.ts";

export const DEFAULT_IMAGE = "conveyor-project:latest";

/** Where exec-task writes output parameters (`parameters/<name>`) and artifacts (`artifacts/<name>`) for the workflow engine to collect. */
export const OUTPUTS_DIR = "/tmp/conveyor/outputs";
/** The output parameter of the start step: the run's id in the store. */
export const RUN_OUTPUT = "run";
/** The output parameter of a loop's step: the iteration numbers as strings, a JSON list the fan-out goes over. */
export const ITERATIONS_OUTPUT = "iterations";

export const paramOutputPath = (name: string) => `${OUTPUTS_DIR}/parameters/${name}`;
export const artifactOutputPath = (name: string) => `${OUTPUTS_DIR}/artifacts/${name}`;

export const COMMAND = ["conveyor", "exec-task"];

/** Creates the run: the pipeline file as the image has it, the IR digest it must compile to, and the parameters. */
export function startArgs(pipelineFile: string, digest: string, params: [name: string, value: string][]): string[] {
  return ["--start", pipelineFile, "--digest", digest, ...params.flatMap(([name, value]) => ["--param", `${name}=${value}`])];
}

/** Runs one task (or expands one loop) of the run; `iteration` for a task inside a loop. */
export function taskArgs(run: string, task: string, iteration?: string): string[] {
  return ["--run", run, "--task", task, ...(iteration === undefined ? [] : ["--iteration", iteration])];
}

/** Every output written under one folder, where Argo collects them. */
export const OUTPUTS_DIR_ARGS = ["--outputs", OUTPUTS_DIR];

/** Each output written to the file the workflow engine names for it, as KFP does. */
export function outputFileArgs(files: [name: string, path: string][]): string[] {
  return files.flatMap(([name, path]) => ["--output", `${name}=${path}`]);
}

/** Ends the run in the store once the workflow is done: what the workflow never started is recorded as skipped. */
export function finishArgs(run: string): string[] {
  return ["--run", run, "--finish"];
}

/** A task's `resources` as Kubernetes quantities: cores, and memory in MiB. */
export function resourceQuantities(resources: TaskOptionsIR["resources"]): { cpu?: string; memory?: string } {
  return {
    ...(resources.cpu === undefined ? {} : { cpu: String(resources.cpu) }),
    ...(resources.memoryMb === undefined ? {} : { memory: `${Math.ceil(resources.memoryMb)}Mi` }),
  };
}

/** Whole seconds of a duration in milliseconds, as Argo's and KFP's duration strings write them. */
export function seconds(ms: number): string {
  return `${Math.ceil(ms / 1000)}s`;
}

/**
 * Seconds a task's pod may live: the task's own timeout, which exec-task enforces and records,
 * plus this much for the process to start and record the timeout before the cluster kills it.
 */
export const DEADLINE_GRACE_S = 60;

/** How a parameter value is given on exec-task's command line (as `--param name=value` parses it). */
export function paramText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}
