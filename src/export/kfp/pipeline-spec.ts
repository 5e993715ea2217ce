/**
 * IR → a Kubeflow Pipelines v2 PipelineSpec (schemaVersion 2.1.0, the KFP IR). As in the Argo
 * export, each task is a container running that one task of the same IR through `conveyor
 * exec-task`, which reads its inputs from the store and records its outputs there; KFP gets the
 * output parameters its conditions and loops read, and keeps the output artifacts. The root DAG
 * is KFP's exit-handler shape: a start task, a sub-DAG holding the pipeline's tasks, then the
 * pipeline's onExit tasks and a last task ending the run, all run whatever the sub-DAG's outcome.
 */
import type { ComponentIR, LoopIR, ParamSpecIR, PipelineIR, TaskIR } from "../../ir/schema.ts";
import { sortedNames, tasksIn } from "../ir-order.ts";
import { dnsLabel, NameMap } from "../names.ts";
import { COMMAND, finishArgs, ITERATIONS_OUTPUT, outputFileArgs, paramText, RUN_OUTPUT, resourceQuantities, seconds, startArgs, taskArgs } from "../task-container.ts";
import { unsupported } from "../unsupported.ts";
import { type ChannelSource, channelName, type ConditionScope, triggerCondition } from "./condition.ts";

export interface KfpExportOptions {
  image: string;
  pipelineFile: string;
  digest: string;
}

type Json = Record<string, unknown>;

const START = "conveyor-start";
const FINISH = "conveyor-finish";
const BODY = "exit-handler-1";
const ITERATION = "iteration";

const PARAMETER_TYPES: Record<ParamSpecIR["type"], string> = {
  number: "NUMBER_DOUBLE",
  int: "NUMBER_INTEGER",
  boolean: "BOOLEAN",
  string: "STRING",
  enum: "STRING",
  file: "STRING",
  list: "LIST",
  // Any JSON value: KFP's STRUCT holds only objects, so it travels as JSON text, which --param parses.
  json: "STRING",
};

const ARTIFACT_SCHEMAS: Record<string, string> = { Dataset: "system.Dataset", Model: "system.Model", Metrics: "system.Metrics" };

const inputPlaceholder = (name: string) => `{{$.inputs.parameters['${name}']}}`;
const componentName = (task: string) => `comp-${task}`;
const executorName = (task: string) => `exec-${task}`;
const loopItems = (loop: string) => `pipelinechannel--${loop}-${ITERATIONS_OUTPUT}`;
const loopItem = (loop: string) => `${loopItems(loop)}-loop-item`;

function parameterDefinition(spec: ParamSpecIR): Json {
  const value = spec.default === undefined ? undefined : spec.type === "json" ? paramText(spec.default) : spec.default;
  return {
    parameterType: PARAMETER_TYPES[spec.type],
    ...(value === undefined ? {} : { defaultValue: value, isOptional: true }),
    ...(spec.type === "enum" && spec.values ? { literals: spec.values } : {}),
    ...(spec.description ? { description: spec.description } : {}),
  };
}

class KfpBuilder {
  readonly names = new NameMap([START, FINISH, BODY]);
  readonly components: Record<string, Json> = {};
  readonly executors: Record<string, Json> = {};

  constructor(
    readonly ir: PipelineIR,
    readonly options: KfpExportOptions,
  ) {
    for (const name of sortedNames(ir.tasks)) this.names.add(name, "task");
    for (const name of sortedNames(ir.loops)) {
      const mapped = this.names.add(name, "forEach");
      this.names.add(`${name} body`, `the body of forEach "${name}"`, `for-loop-${mapped}`);
    }
  }

  /** The pipeline parameters as inputs of a sub-DAG, for the conditions of its tasks. */
  paramChannels(): Json {
    return Object.fromEntries(sortedNames(this.ir.params).map((p) => [channelName({ param: p }), { parameterType: PARAMETER_TYPES[(this.ir.params[p] as ParamSpecIR).type] }]));
  }

  /** How a task in a DAG is given pipeline parameter `p`: from the pipeline's inputs at the root, from the sub-DAG's channel inside one. */
  paramInput(p: string, atRoot: boolean): Json {
    return { componentInputParameter: atRoot ? p : channelName({ param: p }) };
  }

  channelSpec(source: ChannelSource): ParamSpecIR | undefined {
    if ("param" in source) return this.ir.params[source.param];
    const task = this.ir.tasks[source.task];
    const output = task && this.ir.components[task.component]?.outputs[source.output];
    return output?.kind === "param" ? output.spec : undefined;
  }

  container(task: string, args: string[], resources: TaskIR["options"]["resources"] = {}): void {
    const q = resourceQuantities(resources);
    const spec = {
      ...(q.cpu === undefined ? {} : { resourceCpuLimit: q.cpu, resourceCpuRequest: q.cpu }),
      ...(q.memory === undefined ? {} : { resourceMemoryLimit: q.memory, resourceMemoryRequest: q.memory }),
    };
    this.executors[executorName(task)] = {
      container: { image: this.options.image, command: COMMAND, args, ...(Object.keys(spec).length ? { resources: spec } : {}) },
    };
  }

  /** The container component of IR task `name`, given the condition inputs it reads. */
  taskComponent(name: string, task: TaskIR, component: ComponentIR, channels: Map<string, ChannelSource>): void {
    const mapped = this.names.get(name);
    const outputs = sortedNames(component.outputs).map((o) => [o, component.outputs[o]] as const);
    const params: Json = {};
    const artifacts: Json = {};
    for (const [o, spec] of outputs) {
      if (spec?.kind === "param") params[o] = { parameterType: PARAMETER_TYPES[spec.spec.type] };
      else if (spec?.kind === "artifact") artifacts[o] = { artifactType: { schemaTitle: ARTIFACT_SCHEMAS[spec.type] ?? "system.Artifact", schemaVersion: "0.0.1" } };
      else if (spec) throw new Error(`output "${o}" of component "${component.name}" is a list of artifacts, which a component cannot output`);
    }
    const inputs: Json = { [RUN_OUTPUT]: { parameterType: "STRING" } };
    if (task.loop !== undefined) inputs[ITERATION] = { parameterType: "STRING" };
    for (const [channel, source] of [...channels].sort(([a], [b]) => (a < b ? -1 : 1))) {
      inputs[channel] = { parameterType: PARAMETER_TYPES[this.channelSpec(source)?.type ?? "string"] };
    }
    this.components[componentName(mapped)] = {
      executorLabel: executorName(mapped),
      inputDefinitions: { parameters: inputs },
      ...(outputs.length ? { outputDefinitions: { ...(Object.keys(params).length ? { parameters: params } : {}), ...(Object.keys(artifacts).length ? { artifacts } : {}) } } : {}),
    };
    const files: [string, string][] = outputs.map(([o, spec]) => [
      o,
      spec?.kind === "param" ? `{{$.outputs.parameters['${o}'].output_file}}` : `{{$.outputs.artifacts['${o}'].path}}`,
    ]);
    this.container(mapped, [...taskArgs(inputPlaceholder(RUN_OUTPUT), name, task.loop === undefined ? undefined : inputPlaceholder(ITERATION)), ...outputFileArgs(files)], task.options.resources);
  }

  retryPolicy(task: TaskIR): Json | undefined {
    const retry = task.options.retry;
    if (retry.attempts <= 1) return undefined;
    return { maxRetryCount: retry.attempts - 1, backoffDuration: seconds(retry.backoffMs), backoffFactor: retry.factor, backoffMaxDuration: seconds(retry.maxBackoffMs) };
  }

  /** The DAG task of IR node `dep` that a task of the pipeline's sub-DAG waits for. */
  dependency(dep: string): string {
    const loop = this.ir.tasks[dep]?.loop;
    return loop === undefined ? this.names.get(dep) : this.names.get(`${loop} body`);
  }

  /**
   * A DAG task running IR task `name`. `run` and `iteration` say where the run id and the
   * iteration come from; `sameDag` which tasks' outputs a condition can read; `atRoot` whether the DAG is the root.
   */
  pipelineTask(name: string, task: TaskIR, dependentTasks: string[], run: Json, sameDag: (t: string) => boolean, atRoot: boolean, extra: Json = {}): Json {
    const component = this.ir.components[task.component];
    if (!component) throw new Error(`task "${name}" names component "${task.component}", which the IR lacks`);
    const scope: ConditionScope = { ir: this.ir, node: name, sameDag, channels: new Map() };
    const condition = triggerCondition(scope, task.when);
    this.taskComponent(name, task, component, scope.channels);
    const mapped = this.names.get(name);
    const inputs: Json = { [RUN_OUTPUT]: run };
    if (task.loop !== undefined) inputs[ITERATION] = { componentInputParameter: loopItem(task.loop) };
    for (const [channel, source] of [...scope.channels].sort(([a], [b]) => (a < b ? -1 : 1))) {
      inputs[channel] = "param" in source ? this.paramInput(source.param, atRoot) : { taskOutputParameter: { producerTask: this.names.get(source.task), outputParameterKey: source.output } };
    }
    const retryPolicy = this.retryPolicy(task);
    const strategy = extra.strategy as string | undefined;
    return {
      taskInfo: { name: mapped },
      componentRef: { name: componentName(mapped) },
      inputs: { parameters: inputs },
      ...(dependentTasks.length ? { dependentTasks: [...new Set(dependentTasks)].sort() } : {}),
      ...(condition || strategy ? { triggerPolicy: { ...(condition ? { condition } : {}), ...(strategy ? { strategy } : {}) } } : {}),
      ...(retryPolicy ? { retryPolicy } : {}),
      // KFP's cache would skip the container, and with it the run's record of the task: Conveyor's own cache, in exec-task, decides.
      cachingOptions: { enableCache: false },
    };
  }

  /** The tasks of forEach `name` in the pipeline's sub-DAG: the step that expands it, and the loop over its body's DAG. */
  loop(name: string, loop: LoopIR, channels: Json): Record<string, Json> {
    const inBody = (t: string) => this.ir.tasks[t]?.loop === name;
    const top = (t: string) => this.ir.tasks[t]?.loop === undefined && this.ir.tasks[t]?.exitHandler !== true;
    const mapped = this.names.get(name);
    const bodyName = this.names.get(`${name} body`);
    // The expanding step: a container task with the iterations as its output, under the loop's conditions.
    const scope: ConditionScope = { ir: this.ir, node: name, sameDag: top, channels: new Map() };
    const condition = triggerCondition(scope, loop.when);
    const conditionInputs: Json = {};
    const conditionDefinitions: Json = { [RUN_OUTPUT]: { parameterType: "STRING" } };
    for (const [channel, source] of [...scope.channels].sort(([a], [b]) => (a < b ? -1 : 1))) {
      conditionInputs[channel] = "param" in source ? this.paramInput(source.param, false) : { taskOutputParameter: { producerTask: this.names.get(source.task), outputParameterKey: source.output } };
      conditionDefinitions[channel] = { parameterType: PARAMETER_TYPES[this.channelSpec(source)?.type ?? "string"] };
    }
    this.components[componentName(mapped)] = {
      executorLabel: executorName(mapped),
      inputDefinitions: { parameters: conditionDefinitions },
      outputDefinitions: { parameters: { [ITERATIONS_OUTPUT]: { parameterType: "LIST" } } },
    };
    this.container(mapped, [...taskArgs(inputPlaceholder(RUN_OUTPUT), name), ...outputFileArgs([[ITERATIONS_OUTPUT, `{{$.outputs.parameters['${ITERATIONS_OUTPUT}'].output_file}}`]])]);
    const expand = {
      taskInfo: { name: mapped },
      componentRef: { name: componentName(mapped) },
      inputs: { parameters: { [RUN_OUTPUT]: { componentInputParameter: RUN_OUTPUT }, ...conditionInputs } },
      ...(loop.dependsOn.length ? { dependentTasks: [...new Set(loop.dependsOn.map((d) => this.dependency(d)))].sort() } : {}),
      ...(condition ? { triggerPolicy: { condition } } : {}),
      cachingOptions: { enableCache: false },
    };
    // The body: one DAG per iteration, given the run and its iteration.
    const bodyTasks: Record<string, Json> = {};
    for (const [t, task] of tasksIn(this.ir, { loop: name })) {
      const deps = task.dependsOn.filter(inBody).map((d) => this.names.get(d));
      bodyTasks[this.names.get(t)] = this.pipelineTask(t, task, deps, { componentInputParameter: RUN_OUTPUT }, inBody, false);
    }
    this.components[componentName(bodyName)] = {
      dag: { tasks: bodyTasks },
      inputDefinitions: {
        parameters: { ...channels, [loopItems(name)]: { parameterType: "LIST" }, [loopItem(name)]: { parameterType: "STRING" }, [RUN_OUTPUT]: { parameterType: "STRING" } },
      },
    };
    const outside = tasksIn(this.ir, { loop: name }).flatMap(([, t]) => t.dependsOn).filter((d) => d !== name && !inBody(d));
    const fanOut = {
      taskInfo: { name: bodyName },
      componentRef: { name: componentName(bodyName) },
      inputs: {
        parameters: {
          ...Object.fromEntries(Object.keys(channels).map((c) => [c, { componentInputParameter: c }])),
          [loopItems(name)]: { taskOutputParameter: { producerTask: mapped, outputParameterKey: ITERATIONS_OUTPUT } },
          [RUN_OUTPUT]: { componentInputParameter: RUN_OUTPUT },
        },
      },
      dependentTasks: [...new Set([mapped, ...outside.map((d) => this.dependency(d))])].sort(),
      parameterIterator: { itemInput: loopItem(name), items: { inputParameter: loopItems(name) } },
      ...(loop.parallelism === undefined ? {} : { iteratorPolicy: { parallelismLimit: loop.parallelism } }),
    };
    return { [mapped]: expand, [bodyName]: fanOut };
  }

  /** The sub-DAG of the pipeline's tasks (KFP's exit handler body). */
  body(): void {
    const top = (t: string) => this.ir.tasks[t]?.loop === undefined && this.ir.tasks[t]?.exitHandler !== true;
    const channels = this.paramChannels();
    const tasks: Record<string, Json> = {};
    const nodes = [...tasksIn(this.ir, "top").map(([n]) => n), ...sortedNames(this.ir.loops)].sort();
    for (const name of nodes) {
      const loop = this.ir.loops[name];
      const task = this.ir.tasks[name];
      if (loop) Object.assign(tasks, this.loop(name, loop, channels));
      else if (task) tasks[this.names.get(name)] = this.pipelineTask(name, task, task.dependsOn.map((d) => this.dependency(d)), { componentInputParameter: RUN_OUTPUT }, top, false);
    }
    this.components[componentName(BODY)] = {
      dag: { tasks },
      inputDefinitions: { parameters: { ...channels, [RUN_OUTPUT]: { parameterType: "STRING" } } },
    };
  }

  root(): Json {
    const params = sortedNames(this.ir.params);
    const run = { taskOutputParameter: { producerTask: START, outputParameterKey: RUN_OUTPUT } };
    this.components[componentName(START)] = {
      executorLabel: executorName(START),
      ...(params.length ? { inputDefinitions: { parameters: Object.fromEntries(params.map((p) => [p, parameterDefinition(this.ir.params[p] as ParamSpecIR)])) } } : {}),
      outputDefinitions: { parameters: { [RUN_OUTPUT]: { parameterType: "STRING" } } },
    };
    this.container(START, [
      ...startArgs(this.options.pipelineFile, this.options.digest, params.map((p) => [p, inputPlaceholder(p)])),
      ...outputFileArgs([[RUN_OUTPUT, `{{$.outputs.parameters['${RUN_OUTPUT}'].output_file}}`]]),
    ]);
    this.components[componentName(FINISH)] = { executorLabel: executorName(FINISH), inputDefinitions: { parameters: { [RUN_OUTPUT]: { parameterType: "STRING" } } } };
    this.container(FINISH, finishArgs(inputPlaceholder(RUN_OUTPUT)));
    this.body();
    const tasks: Record<string, Json> = {
      [START]: {
        taskInfo: { name: START },
        componentRef: { name: componentName(START) },
        ...(params.length ? { inputs: { parameters: Object.fromEntries(params.map((p) => [p, { componentInputParameter: p }])) } } : {}),
        cachingOptions: { enableCache: false },
      },
      [BODY]: {
        taskInfo: { name: BODY },
        componentRef: { name: componentName(BODY) },
        inputs: { parameters: { ...Object.fromEntries(params.map((p) => [channelName({ param: p }), { componentInputParameter: p }])), [RUN_OUTPUT]: run } },
        dependentTasks: [START],
      },
    };
    const exits = tasksIn(this.ir, "exit");
    const isExit = (t: string) => this.ir.tasks[t]?.exitHandler === true;
    for (const [name, task] of exits) {
      const among = task.dependsOn.filter(isExit);
      if (among.length > 0) {
        throw unsupported("kfp", `onExit task "${name}" waiting for onExit task "${among[0]}"`, `task "${name}"`, "KFP runs exit tasks whatever their upstream did: make the onExit tasks independent of each other");
      }
      tasks[this.names.get(name)] = this.pipelineTask(name, task, [BODY], run, () => false, true, { strategy: "ALL_UPSTREAM_TASKS_COMPLETED" });
    }
    tasks[FINISH] = {
      taskInfo: { name: FINISH },
      componentRef: { name: componentName(FINISH) },
      inputs: { parameters: { [RUN_OUTPUT]: run } },
      dependentTasks: [BODY, ...exits.map(([n]) => this.names.get(n))].sort(),
      triggerPolicy: { strategy: "ALL_UPSTREAM_TASKS_COMPLETED" },
      cachingOptions: { enableCache: false },
    };
    return {
      dag: { tasks },
      ...(params.length ? { inputDefinitions: { parameters: Object.fromEntries(params.map((p) => [p, parameterDefinition(this.ir.params[p] as ParamSpecIR)])) } } : {}),
    };
  }
}

/** Keys in sorted order at every level, as the KFP SDK writes its IR: the same IR gives the same text. */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortedKeys((value as Json)[k])]));
}

/** The KFP PipelineSpec of `ir`. */
export function toKfp(ir: PipelineIR, options: KfpExportOptions): Json {
  const builder = new KfpBuilder(ir, options);
  const root = builder.root();
  return sortedKeys({
    pipelineInfo: { name: dnsLabel(ir.name), ...(ir.description ? { description: ir.description } : {}) },
    sdkVersion: "conveyor-0.1.0",
    schemaVersion: "2.1.0",
    components: builder.components,
    deploymentSpec: { executors: builder.executors },
    root,
  }) as Json;
}
