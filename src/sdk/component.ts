/** `component()`: a typed, reusable pipeline step. */
import { createHash } from "node:crypto";
import { ConveyorError } from "../errors.ts";
import type { ArtifactSpec } from "./artifacts.ts";
import { activeBuilder, type TaskNode } from "./builder.ts";
import { callerModule } from "./caller.ts";
import type { TaskContext } from "./handles.ts";
import type { ExecutionOptions, TaskOptions } from "./options.ts";
import { ArtifactListRef, ArtifactRef, ParamRef, type RefSource } from "./refs.ts";
import type { Args, InputSpecs, OutputRefs, OutputSpecs, RunArgs, RunResult } from "./types.ts";
import { valueSource } from "./value-source.ts";

export interface ComponentConfig<I extends InputSpecs, O extends OutputSpecs> extends ExecutionOptions {
  /** Identity of the component: part of its cache key, its default task name. */
  name: string;
  /** Bump when code the component calls (but `run` does not show) changes results. */
  version?: string;
  description?: string;
  inputs?: I;
  outputs?: O;
  run(args: RunArgs<I, O>, ctx: TaskContext): RunResult<O> | Promise<RunResult<O>>;
}

/** A task in a pipeline: the result of calling a component (or a pipeline) inside a builder. */
export interface Task<O> {
  readonly name: string;
  readonly outputs: O;
  /** Run this task only after `tasks` finished, even without a data dependency. */
  after(...tasks: Task<unknown>[]): this;
}

/**
 * The graph nodes behind a task (one for a component, several for a sub-pipeline); a global
 * symbol, so that `.after()` reads tasks made by another copy of Conveyor (see brand.ts).
 */
export const TASK_NODES: unique symbol = Symbol.for("conveyor.taskNodes");
export type TaskInternals = { [TASK_NODES]: TaskNode[] };

export function makeTask<O>(name: string, outputs: O, nodes: TaskNode[]): Task<O> {
  const task = {
    name,
    outputs,
    [TASK_NODES]: nodes,
    after(...others: Task<unknown>[]) {
      for (const other of others) {
        for (const dep of (other as unknown as TaskInternals)[TASK_NODES]) {
          for (const node of nodes) node.after.add(dep);
        }
      }
      return task;
    },
  };
  return task;
}

export interface Component<I extends InputSpecs = InputSpecs, O extends OutputSpecs = OutputSpecs> {
  (args: Args<I>, options?: TaskOptions): Task<OutputRefs<O>>;
  readonly kind: "component";
  readonly config: ComponentConfig<I, O>;
  /** sha256 of the name, version and the source of `run`. */
  readonly codeDigest: string;
  /** The module that defined the component (a file URL or path), when known. */
  readonly definedIn: string | undefined;
}

export type AnyComponent = Component<any, any>;

export function component<I extends InputSpecs = {}, O extends OutputSpecs = {}>(
  config: ComponentConfig<I, O>,
): Component<I, O> {
  const inputs = config.inputs ?? ({} as I);
  const outputs = config.outputs ?? ({} as O);
  if (!/^[A-Za-z][\w-]*$/.test(config.name)) {
    throw new ConveyorError(
      `component name "${config.name}" is not valid`,
      "use letters, digits, '-' and '_', starting with a letter",
      "invalid_component",
    );
  }
  const clash = Object.keys(inputs).find((k) => (outputs as OutputSpecs)[k]?.kind === "artifact");
  if (clash) {
    throw new ConveyorError(
      `component "${config.name}" has an input and an output artifact both named "${clash}"`,
      "rename one of them: run() receives inputs and output artifacts in one object",
      "invalid_component",
    );
  }
  const codeDigest = `sha256:${createHash("sha256")
    .update(`${config.name}\n${config.version ?? ""}\n${config.run.toString()}`)
    .digest("hex")}`;

  const call = (args: Args<I>, options: TaskOptions = {}) => {
    const builder = activeBuilder(`component "${config.name}"`);
    const { name: taskName, ...overrides } = options;
    const name = builder.claimName(taskName ?? config.name, taskName !== undefined);
    const node: TaskNode = {
      nodeKind: "task",
      name,
      explicitName: taskName !== undefined,
      component: self as unknown as AnyComponent,
      inputs: bindInputs(name, inputs, (args ?? {}) as Record<string, unknown>),
      options: overrides,
      conditions: builder.conditions,
      loop: builder.loop,
      exitHandler: builder.exitHandler,
      after: new Set(),
    };
    builder.tasks.push(node);
    const refs: Record<string, unknown> = {};
    for (const [key, spec] of Object.entries(outputs)) {
      const source: RefSource = { kind: "output", task: node, output: key };
      refs[key] = spec.kind === "artifact" ? new ArtifactRef(spec.type, source) : new ParamRef(source);
    }
    return makeTask(name, refs as OutputRefs<O>, [node]);
  };
  const self = Object.assign(call, {
    kind: "component" as const,
    config: { ...config, inputs, outputs },
    codeDigest,
    definedIn: callerModule(2),
  });
  return self;
}

/** Checks a call's arguments against the inputs (for JavaScript callers and casts) and binds them. */
export function bindInputs(
  taskName: string,
  specs: InputSpecs,
  args: Record<string, unknown>,
): Record<string, RefSource> {
  const bound: Record<string, RefSource> = {};
  for (const key of Object.keys(args)) {
    if (!(key in specs)) {
      const known = Object.keys(specs).join(", ") || "(none)";
      throw new ConveyorError(`task "${taskName}" has no input "${key}"`, `its inputs are: ${known}`, "unknown_input");
    }
  }
  for (const [key, spec] of Object.entries(specs)) {
    const value = args[key];
    const where = `input "${key}" of task "${taskName}"`;
    if (value === undefined) {
      if (spec.kind === "param" && spec.hasDefault) continue;
      if (spec.kind === "artifact" && spec.optional) continue;
      throw new ConveyorError(`${where} is required but was not given`, "pass it in the call", "missing_input");
    }
    if (spec.kind === "artifact" || spec.kind === "artifactList") {
      const wantList = spec.kind === "artifactList";
      const item: ArtifactSpec = spec.kind === "artifact" ? spec : spec.item;
      const ok = wantList ? value instanceof ArtifactListRef : value instanceof ArtifactRef;
      if (!ok) {
        throw new ConveyorError(
          `${where} expects ${wantList ? "a list of " : "an "}${item.type} artifact`,
          wantList ? "pass a list collected from a forEach" : "pass an artifact output of another task",
          "wrong_input_type",
        );
      }
      const ref = value as ArtifactRef<string>;
      if (item.type !== "Artifact" && ref.artifactType !== item.type) {
        throw new ConveyorError(
          `${where} expects a ${item.type} artifact but was given a ${ref.artifactType}`,
          "pass an output of the right artifact type",
          "wrong_input_type",
        );
      }
      bound[key] = ref.source;
    } else {
      bound[key] = valueSource(value, (path) => `input "${key}${path}" of task "${taskName}"`);
    }
  }
  return bound;
}
