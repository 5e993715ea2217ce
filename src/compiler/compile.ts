/** The compiler: runs a pipeline's builder and turns the recorded graph into validated IR. */
import { relative, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ConveyorError } from "../errors.ts";
import type { ArtifactListSpec, ArtifactSpec } from "../sdk/artifacts.ts";
import { type GraphBuilder, recordGraph, type TaskNode } from "../sdk/builder.ts";
import type { AnyComponent } from "../sdk/component.ts";
import type { ExecutionOptions } from "../sdk/options.ts";
import type { ParamSpec } from "../sdk/params.ts";
import type { AnyPipeline } from "../sdk/pipeline.ts";
import { ArtifactListRef, ArtifactRef, type ConditionExpr, ParamRef, type RefSource } from "../sdk/refs.ts";
import type { InputSpec, InputSpecs } from "../sdk/types.ts";
import { canonicalize } from "../ir/canonical.ts";
import { CONVEYOR_ENTRY, CONVEYOR_MODULE, isConveyorModule } from "../ir/conveyor-module.ts";
import { durationMs } from "./duration.ts";
import type { Binding, ComponentIR, ConditionIR, IoSpecIR, LoopIR, ParamSpecIR, PipelineIR, TaskIR, TaskOptionsIR } from "../ir/schema.ts";
import { conditionBindings, validateIr } from "../ir/validate.ts";
import { IR_VERSION } from "../ir/version.ts";
import { sourceModule } from "../typescript-loader.ts";

export interface CompileOptions {
  /** Component module paths are recorded relative to this folder. Default: process.cwd(). */
  root?: string;
}

export const DEFAULT_RETRY = { attempts: 1, backoffMs: 1000, factor: 2, maxBackoffMs: 300_000 };

function paramSpecIr(spec: ParamSpec): ParamSpecIR {
  const { kind: _kind, hasDefault: _hasDefault, item, values, ...rest } = spec;
  const out = { ...rest } as ParamSpecIR;
  if (values) out.values = [...values];
  if (item) out.item = paramSpecIr(item);
  return out;
}

function ioSpecIr(spec: InputSpec): IoSpecIR {
  if (spec.kind === "param") return { kind: "param", spec: paramSpecIr(spec) };
  const item: ArtifactSpec = spec.kind === "artifact" ? spec : (spec as ArtifactListSpec).item;
  const ir: IoSpecIR = { kind: spec.kind, type: item.type, mediaType: item.mediaType, description: spec.description };
  // Recorded only when set, so that the IR (and its digest) of every other input is unchanged.
  if (spec.kind === "artifact" && spec.optional) ir.optional = true;
  return ir;
}

function binding(source: RefSource): Binding {
  switch (source.kind) {
    case "constant":
      return { constant: source.value };
    case "param":
      return { param: source.name };
    case "output":
      return { task: source.task.name, output: source.output };
    case "loopItem":
      return { loopItem: source.loop.name, path: source.path };
    case "runStatus":
      return { runStatus: true };
    case "array":
      return { array: source.items.map(binding) };
    case "object":
      return { object: Object.fromEntries(Object.entries(source.fields).map(([key, field]) => [key, binding(field)])) };
    case "collect":
      if (source.source.kind !== "output") {
        throw new ConveyorError(
          `forEach "${source.loop.name}" returned something other than a task output`,
          "return outputs of tasks built inside the loop body",
          "invalid_pipeline",
        );
      }
      return { collect: { loop: source.loop.name, task: source.source.task.name, output: source.source.output } };
  }
}

function conditionIr(expr: ConditionExpr): ConditionIR {
  switch (expr.op) {
    case "truthy":
      return { op: "truthy", value: binding(expr.value) };
    case "and":
    case "or":
      return { op: expr.op, args: expr.args.map(conditionIr) };
    case "not":
      return { op: "not", arg: conditionIr(expr.arg) };
    default:
      return { op: expr.op, left: binding(expr.left), right: binding(expr.right) };
  }
}

/** The upstream nodes a binding waits for. */
function upstreamsOf(b: Binding): string[] {
  if ("task" in b) return [b.task];
  if ("loopItem" in b) return [b.loopItem];
  if ("collect" in b) return [b.collect.task];
  if ("array" in b) return b.array.flatMap(upstreamsOf);
  if ("object" in b) return Object.values(b.object).flatMap(upstreamsOf);
  return [];
}

function taskOptions(node: TaskNode, where: string): TaskOptionsIR {
  const merged: ExecutionOptions = { ...node.component.config, ...node.options };
  const retry = merged.retry;
  return {
    retry: retry
      ? {
          attempts: retry.attempts,
          backoffMs: retry.backoff === undefined ? DEFAULT_RETRY.backoffMs : durationMs(retry.backoff, `${where} retry.backoff`),
          factor: retry.factor ?? DEFAULT_RETRY.factor,
          maxBackoffMs:
            retry.maxBackoff === undefined ? DEFAULT_RETRY.maxBackoffMs : durationMs(retry.maxBackoff, `${where} retry.maxBackoff`),
        }
      : DEFAULT_RETRY,
    timeoutMs: merged.timeout === undefined ? undefined : durationMs(merged.timeout, `${where} timeout`),
    // An exit handler usually notifies or cleans up: a side effect that a cache hit would skip.
    cache: merged.cache ?? !node.exitHandler,
    isolation: merged.isolation ?? "inline",
    resources: { ...merged.resources },
    ...(merged.queue === undefined ? {} : { queue: merged.queue }),
    ...(merged.priority === undefined ? {} : { priority: merged.priority }),
    ...(merged.maxParallel === undefined ? {} : { maxParallel: merged.maxParallel }),
  };
}

function modulePath(component: AnyComponent, root: string): string {
  // A TypeScript module is run as a compiled copy: the IR names the user's file.
  const where = component.definedIn && sourceModule(component.definedIn);
  if (!where) {
    throw new ConveyorError(
      `cannot tell which module defines component "${component.config.name}"`,
      "define components at the top level of a .ts or .js module",
      "invalid_component",
    );
  }
  const file = resolve(where.startsWith("file:") ? fileURLToPath(where) : where);
  if (isConveyorModule(file)) return CONVEYOR_MODULE;
  const rel = relative(root, file);
  return rel.split(sep).join("/");
}

function moduleUrl(component: AnyComponent, module: string, root: string): string {
  if (module === CONVEYOR_MODULE) return CONVEYOR_ENTRY.href;
  if (component.definedIn?.startsWith("file:")) return component.definedIn;
  return pathToFileURL(resolve(root, module)).href;
}

async function exportName(component: AnyComponent, module: string, root: string): Promise<string> {
  const exports = (await import(moduleUrl(component, module, root))) as Record<string, unknown>;
  const found = Object.keys(exports).find((key) => exports[key] === component);
  if (found) return found;
  throw new ConveyorError(
    `component "${component.config.name}" is not exported from ${module}`,
    `export it (export const ${component.config.name} = component({...})): executors load components by module and export name`,
    "invalid_component",
  );
}

async function componentsIr(graph: GraphBuilder, root: string): Promise<Record<string, ComponentIR>> {
  const byName = new Map<string, AnyComponent>();
  for (const node of graph.tasks) {
    const c = node.component;
    const seen = byName.get(c.config.name);
    if (seen && seen !== c && (seen.codeDigest !== c.codeDigest || seen.definedIn !== c.definedIn)) {
      throw new ConveyorError(
        `two different components are named "${c.config.name}"`,
        "give each component a unique name",
        "duplicate_component",
      );
    }
    byName.set(c.config.name, c);
  }
  const out: Record<string, ComponentIR> = {};
  for (const [name, c] of byName) {
    const module = modulePath(c, root);
    out[name] = {
      name,
      version: c.config.version,
      description: c.config.description,
      module,
      export: await exportName(c, module, root),
      codeDigest: c.codeDigest,
      inputs: Object.fromEntries(Object.entries(c.config.inputs as Record<string, InputSpec>).map(([k, s]) => [k, ioSpecIr(s)])),
      outputs: Object.fromEntries(Object.entries(c.config.outputs as Record<string, InputSpec>).map(([k, s]) => [k, ioSpecIr(s)])),
    };
  }
  return out;
}

function taskIr(node: TaskNode): TaskIR {
  const inputs = Object.fromEntries(Object.entries(node.inputs).map(([k, s]) => [k, binding(s)]));
  const when = node.conditions.map(conditionIr);
  const deps = new Set<string>();
  for (const b of [...Object.values(inputs), ...when.flatMap(conditionBindings)]) {
    for (const up of upstreamsOf(b)) deps.add(up);
  }
  for (const other of node.after) deps.add(other.name);
  if (node.loop) deps.add(node.loop.name);
  return {
    component: node.component.config.name,
    inputs,
    dependsOn: [...deps].sort(),
    when: when.length ? when : undefined,
    loop: node.loop?.name,
    exitHandler: node.exitHandler || undefined,
    options: taskOptions(node, `task "${node.name}"`),
  };
}

/** Compiles a pipeline into IR: deterministic for the same pipeline and root. */
export async function compile(pipeline: AnyPipeline, options: CompileOptions = {}): Promise<PipelineIR> {
  const root = resolve(options.root ?? process.cwd());
  const params = pipeline.config.params;
  const refs: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(params as InputSpecs)) {
    if (spec.kind !== "param") {
      throw new ConveyorError(
        `pipeline "${pipeline.config.name}" takes artifact "${key}" as a parameter`,
        "only a pipeline used inside another pipeline may take artifacts; a top-level pipeline should ingest its data in a task",
        "invalid_pipeline",
      );
    }
    refs[key] = new ParamRef({ kind: "param", name: key });
  }
  const { graph, result } = recordGraph(() => pipeline.build(refs as never));
  if (graph.tasks.length === 0) {
    throw new ConveyorError(`pipeline "${pipeline.config.name}" has no tasks`, "call at least one component in its builder", "invalid_pipeline");
  }
  const loops: Record<string, LoopIR> = {};
  for (const loop of graph.loops) {
    const items = binding(loop.items);
    const when = loop.conditions.map(conditionIr);
    const deps = [items, ...when.flatMap(conditionBindings)].flatMap(upstreamsOf);
    loops[loop.name] = { items, parallelism: loop.parallelism, dependsOn: [...new Set(deps)].sort(), when: when.length ? when : undefined };
  }
  const outputs: Record<string, Binding> = {};
  for (const [key, ref] of Object.entries((result ?? {}) as Record<string, unknown>)) {
    if (ref instanceof ParamRef || ref instanceof ArtifactRef || ref instanceof ArtifactListRef) outputs[key] = binding(ref.source);
  }
  const ir: PipelineIR = {
    irVersion: IR_VERSION,
    name: pipeline.config.name,
    description: pipeline.config.description,
    params: Object.fromEntries(Object.entries(params as InputSpecs).map(([k, s]) => [k, paramSpecIr(s as ParamSpec)])),
    components: await componentsIr(graph, root),
    tasks: Object.fromEntries(graph.tasks.map((node) => [node.name, taskIr(node)])),
    loops,
    outputs: Object.keys(outputs).length ? outputs : undefined,
  };
  validateIr(ir);
  return canonicalize(ir) as PipelineIR;
}
