/** Runs a component's `run` for one attempt: builds its handles and context, checks what it returns. */
import { mkdirSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { explainWriteError } from "../artifacts/write-errors.ts";
import { checkParamValue } from "../ir/params.ts";
import type { InputArtifact, ModelRegistry, OutputArtifact, RegisteredModelVersion, TaskContext, TaskLogger } from "../sdk/handles.ts";
import type { Json } from "../json.ts";
import { ConveyorError } from "../errors.ts";
import type { ResolvedArtifact } from "../artifacts/resolved-artifact.ts";
import type { LogEntry, TaskExecution, TaskHooks, TaskOutcome } from "../engine/executor.ts";
import type { RegistryHooks, ResolvedModelVersion } from "../registry/registry-hooks.ts";
import { loadComponent, loadedComponent } from "./load-component.ts";

function inputHandle(a: ResolvedArtifact): InputArtifact {
  return {
    ...a,
    text: () => readFile(a.path, "utf8"),
    json: async <T>() => JSON.parse(await readFile(a.path, "utf8")) as T,
    bytes: async () => new Uint8Array(await readFile(a.path)),
  };
}

function versionHandle({ artifact, ...version }: ResolvedModelVersion): RegisteredModelVersion {
  return { ...version, model: inputHandle(artifact) };
}

function registry(hooks: RegistryHooks): ModelRegistry {
  return {
    resolve: async (reference) => {
      const found = await hooks.resolve(reference);
      return found && versionHandle(found);
    },
    register: async ({ model, ...request }) => versionHandle(await hooks.register({ artifactUri: model.uri, ...request })),
  };
}

function outputHandle(path: string, mediaType: string): OutputArtifact {
  const write = async (data: string | Uint8Array) => {
    try {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, data);
    } catch (error) {
      // Nothing half-written stays: a full disk leaves the attempt with no output file at all.
      await rm(path, { force: true });
      throw explainWriteError(error, dirname(path));
    }
  };
  return {
    path,
    mediaType,
    metadata: {},
    writeText: (text) => write(text),
    writeJson: (value) => write(`${JSON.stringify(value, null, 2)}\n`),
    writeBytes: (bytes) => write(bytes),
  };
}

function logger(onLog: (e: LogEntry) => void): TaskLogger {
  const at =
    (level: LogEntry["level"]) =>
    (message: string, data?: Record<string, unknown>) =>
      onLog({ time: new Date(), level, stream: "log", message: data ? `${message} ${JSON.stringify(data)}` : message });
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

export async function runComponent(task: TaskExecution, hooks: TaskHooks): Promise<TaskOutcome> {
  // No await when the component is loaded already: the task starts within the engine's launch.
  const component = loadedComponent(task.root, task.component) ?? (await loadComponent(task.root, task.component));
  const args: Record<string, unknown> = { ...task.params };
  for (const [name, input] of Object.entries(task.inputs)) {
    args[name] = Array.isArray(input) ? input.map(inputHandle) : inputHandle(input);
  }
  const outputs: Record<string, OutputArtifact> = {};
  for (const [name, out] of Object.entries(task.outputs)) {
    outputs[name] = outputHandle(out.path, out.mediaType);
    args[name] = outputs[name];
  }
  // The signal, the logger and the registry are made on first use: most tasks use none of
  // them, and this runs between one task's end and the next one's start.
  let log: TaskLogger | undefined;
  let modelRegistry: ModelRegistry | undefined;
  const ctx: TaskContext = {
    runId: task.runId,
    taskId: task.taskId,
    taskName: task.taskName,
    attempt: task.attempt,
    get signal() {
      return hooks.signal;
    },
    get log() {
      log ??= logger(hooks.onLog);
      return log;
    },
    // Created on first use: most tasks never need a scratch folder, and mkdir is not free.
    get workDir() {
      mkdirSync(task.workDir, { recursive: true });
      return task.workDir;
    },
    metric(name, value, step) {
      if (typeof value !== "number" || !Number.isFinite(value)) {
        throw new ConveyorError(`metric "${name}" must be a finite number, got ${value}`, undefined, "invalid_metric");
      }
      hooks.onMetric(name, value, step);
    },
    get registry() {
      modelRegistry ??= registry(hooks.registry);
      return modelRegistry;
    },
  };
  // Waiting ends at an abort even if `run` ignores its signal: the engine races this call.
  const returned = await component.config.run(args as never, ctx);
  const params: Record<string, Json> = {};
  for (const [name, spec] of Object.entries(task.component.outputs)) {
    if (spec.kind !== "param") continue;
    const value = (returned as Record<string, unknown> | undefined)?.[name];
    params[name] = checkParamValue(spec.spec, value, `output "${name}" returned by task "${task.taskName}"`);
  }
  const artifacts: TaskOutcome["artifacts"] = {};
  for (const [name, handle] of Object.entries(outputs)) {
    artifacts[name] = { mediaType: handle.mediaType, metadata: handle.metadata };
  }
  return { params, artifacts };
}
