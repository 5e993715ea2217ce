/**
 * IR → an Argo WorkflowTemplate (or a CronWorkflow with a schedule). Each task is a container
 * template running that one task of the same IR through `conveyor exec-task`, which reads its
 * inputs from the store and records its outputs there; Argo carries what it must decide on
 * (output parameters for `when` and `withParam`) and keeps each output artifact in the
 * workflow's artifact repository. A first step creates the run, the exit handler ends it.
 */
import type { LoopIR, PipelineIR, TaskIR } from "../../ir/schema.ts";
import { dnsLabel, NameMap } from "../names.ts";
import { sortedNames, tasksIn } from "../ir-order.ts";
import {
  artifactOutputPath,
  COMMAND,
  DEADLINE_GRACE_S,
  finishArgs,
  ITERATIONS_OUTPUT,
  OUTPUTS_DIR_ARGS,
  paramOutputPath,
  paramText,
  RUN_OUTPUT,
  resourceQuantities,
  seconds,
  startArgs,
  taskArgs,
} from "../task-container.ts";
import { unsupported } from "../unsupported.ts";
import { type WhenScope, whenExpression } from "./when.ts";

export interface ArgoExportOptions {
  /** The image every step runs: the project's code with Conveyor installed. */
  image: string;
  /** The pipeline file as the image has it, relative to its working directory (the project root). */
  pipelineFile: string;
  /** The IR's digest: the start step refuses to run a pipeline that compiles to another. */
  digest: string;
  /** A cron expression: export a CronWorkflow that starts the pipeline on it. */
  schedule?: string;
}

type Json = Record<string, unknown>;

const MAIN = "main";
const START = "conveyor-start";
const EXIT = "conveyor-exit";
const FINISH = "conveyor-finish";
/** The global output the start step sets, which the exit handler reads the run from. */
const RUN_GLOBAL = "conveyor-run";
/** A Secret and a ConfigMap every step takes its environment from: CONVEYOR_DB, CONVEYOR_ARTIFACTS, credentials. */
export const ENV_SOURCE = "conveyor";

const ENV_FROM = [{ configMapRef: { name: ENV_SOURCE, optional: true } }, { secretRef: { name: ENV_SOURCE, optional: true } }];
/** Any end: what the exit handler's last step waits for. */
const ENDED = ["Succeeded", "Failed", "Errored", "Skipped", "Omitted"];

class ArgoBuilder {
  readonly names = new NameMap([MAIN, START, EXIT, FINISH]);
  readonly templates: Json[] = [];

  constructor(
    readonly ir: PipelineIR,
    readonly options: ArgoExportOptions,
  ) {
    for (const name of sortedNames(ir.tasks)) this.names.add(name, "task");
    for (const name of sortedNames(ir.loops)) {
      const mapped = this.names.add(name, "forEach");
      this.names.add(`${name} each`, `the fan-out of forEach "${name}"`, `${mapped}-each`);
      this.names.add(`${name} body`, `the body of forEach "${name}"`, `${mapped}-body`);
      if (ir.loops[name]?.parallelism !== undefined) this.names.add(`${name} fanout`, `the fan-out of forEach "${name}"`, `${mapped}-fanout`);
    }
  }

  container(args: string[], resources: TaskIR["options"]["resources"] = {}): Json {
    const quantities = resourceQuantities(resources);
    const limited = Object.keys(quantities).length > 0;
    return {
      image: this.options.image,
      command: COMMAND,
      args,
      envFrom: ENV_FROM,
      ...(limited ? { resources: { requests: quantities, limits: quantities } } : {}),
    };
  }

  /** The depends expression naming the DAG task a dependency on IR node `dep` waits for, from a DAG outside loops. */
  dependency(dep: string): string {
    const loop = this.ir.tasks[dep]?.loop;
    if (loop === undefined) return `${this.names.get(dep)}.Succeeded`;
    // A fan-in waits for every iteration; a forEach over no items is skipped by Argo and runs its fan-in with an empty list.
    const each = this.names.get(`${loop} each`);
    return `(${each}.Succeeded || ${each}.Skipped)`;
  }

  /** The depends terms of IR dependencies `deps`, from a DAG outside loops. */
  dependencyTerms(deps: string[]): string[] {
    return [...new Set(deps.map((d) => this.dependency(d)))].sort();
  }

  /** A depends expression: every term, or the start step for a task that waits for nothing else. */
  depends(terms: string[]): string {
    return terms.length > 0 ? terms.join(" && ") : START;
  }

  retryStrategy(name: string, task: TaskIR): Json | undefined {
    const retry = task.options.retry;
    if (retry.attempts <= 1) return undefined;
    if (!Number.isInteger(retry.factor)) {
      throw unsupported("argo", `a retry backoff factor of ${retry.factor}`, `task "${name}"`, "Argo's backoff factor is a whole number: use 1, 2, 3...");
    }
    return {
      limit: String(retry.attempts - 1),
      retryPolicy: "Always",
      backoff: { duration: seconds(retry.backoffMs), factor: String(retry.factor), cap: seconds(retry.maxBackoffMs) },
    };
  }

  taskTemplate(name: string, task: TaskIR): Json {
    const component = this.ir.components[task.component];
    if (!component) throw new Error(`task "${name}" names component "${task.component}", which the IR lacks`);
    const outputs = sortedNames(component.outputs).map((o) => [o, component.outputs[o]] as const);
    const parameters = outputs.filter(([, s]) => s?.kind === "param").map(([o]) => ({ name: o, valueFrom: { path: paramOutputPath(o) } }));
    // Kept as the file itself, not Argo's default tar.gz, so a reader of the repository gets what the store holds.
    const artifacts = outputs.filter(([, s]) => s?.kind === "artifact").map(([o]) => ({ name: o, path: artifactOutputPath(o), archive: { none: {} } }));
    const inLoop = task.loop !== undefined;
    const retryStrategy = this.retryStrategy(name, task);
    return {
      name: this.names.get(name),
      inputs: { parameters: [{ name: RUN_OUTPUT }, ...(inLoop ? [{ name: "iteration" }] : [])] },
      container: this.container(
        [...taskArgs(`{{inputs.parameters.${RUN_OUTPUT}}}`, name, inLoop ? "{{inputs.parameters.iteration}}" : undefined), ...OUTPUTS_DIR_ARGS],
        task.options.resources,
      ),
      ...(parameters.length + artifacts.length > 0
        ? { outputs: { ...(parameters.length ? { parameters } : {}), ...(artifacts.length ? { artifacts } : {}) } }
        : {}),
      ...(retryStrategy ? { retryStrategy } : {}),
      ...(task.options.timeoutMs === undefined ? {} : { activeDeadlineSeconds: String(Math.ceil(task.options.timeoutMs / 1000) + DEADLINE_GRACE_S) }),
    };
  }

  loopTemplate(name: string): Json {
    return {
      name: this.names.get(name),
      inputs: { parameters: [{ name: RUN_OUTPUT }] },
      container: this.container([...taskArgs(`{{inputs.parameters.${RUN_OUTPUT}}}`, name), ...OUTPUTS_DIR_ARGS]),
      outputs: { parameters: [{ name: ITERATIONS_OUTPUT, valueFrom: { path: paramOutputPath(ITERATIONS_OUTPUT) } }] },
    };
  }

  scope(node: string, sameDag: (task: string) => boolean, exitHandler = false): WhenScope {
    return { ir: this.ir, names: this.names, node, sameDag, exitHandler };
  }

  /** A DAG task running IR task `name` once `depends` holds, with the run (and iteration) given as `run` (and `iteration`). */
  dagTask(name: string, task: TaskIR, depends: string | undefined, run: string, scope: WhenScope, iteration?: string): Json {
    const when = whenExpression(scope, task.when);
    return {
      name: this.names.get(name),
      template: this.names.get(name),
      ...(depends === undefined ? {} : { depends }),
      ...(when ? { when } : {}),
      arguments: { parameters: [{ name: RUN_OUTPUT, value: run }, ...(iteration === undefined ? [] : [{ name: "iteration", value: iteration }])] },
    };
  }

  /** The templates of forEach `name`: the step that expands it, the body DAG run once per item, and the main DAG's tasks for both. */
  loop(name: string, loop: LoopIR, run: string): Json[] {
    const body = tasksIn(this.ir, { loop: name });
    const inBody = (t: string) => this.ir.tasks[t]?.loop === name;
    this.templates.push(this.loopTemplate(name));
    const bodyTasks = body.map(([t, task]) => {
      this.templates.push(this.taskTemplate(t, task));
      const deps = task.dependsOn.filter(inBody);
      const depends = deps.length ? deps.map((d) => `${this.names.get(d)}.Succeeded`).sort().join(" && ") : undefined;
      return this.dagTask(t, task, depends, `{{inputs.parameters.${RUN_OUTPUT}}}`, this.scope(t, inBody), "{{inputs.parameters.iteration}}");
    });
    const bodyName = this.names.get(`${name} body`);
    this.templates.push({
      name: bodyName,
      inputs: { parameters: [{ name: RUN_OUTPUT }, { name: "iteration" }] },
      dag: { failFast: false, tasks: bodyTasks },
    });
    const expandName = this.names.get(name);
    const when = whenExpression(this.scope(name, (t) => !inBody(t) && this.ir.tasks[t]?.loop === undefined), loop.when);
    const expand = {
      name: expandName,
      template: expandName,
      depends: this.depends(this.dependencyTerms(loop.dependsOn)),
      ...(when ? { when } : {}),
      arguments: { parameters: [{ name: RUN_OUTPUT, value: run }] },
    };
    // The body's reads from outside the loop, which Argo must have finished before any iteration starts.
    const outside = body.flatMap(([, t]) => t.dependsOn).filter((d) => d !== name && !inBody(d));
    const iterations = `{{tasks.${expandName}.outputs.parameters.${ITERATIONS_OUTPUT}}}`;
    const fanOut = { name: this.names.get(`${name} each`), depends: [`${expandName}.Succeeded`, ...this.dependencyTerms(outside)].sort().join(" && ") };
    const item = { name: "iteration", value: "{{item}}" };
    if (loop.parallelism === undefined) {
      return [expand, { ...fanOut, template: bodyName, withParam: iterations, arguments: { parameters: [{ name: RUN_OUTPUT, value: run }, item] } }];
    }
    // Argo bounds how many children of a template run at once: a DAG of the one fanned-out task bounds the iterations in flight.
    const fanoutName = this.names.get(`${name} fanout`);
    this.templates.push({
      name: fanoutName,
      inputs: { parameters: [{ name: RUN_OUTPUT }, { name: ITERATIONS_OUTPUT }] },
      parallelism: loop.parallelism,
      dag: {
        tasks: [
          {
            name: "each",
            template: bodyName,
            withParam: `{{inputs.parameters.${ITERATIONS_OUTPUT}}}`,
            arguments: { parameters: [{ name: RUN_OUTPUT, value: `{{inputs.parameters.${RUN_OUTPUT}}}` }, item] },
          },
        ],
      },
    });
    const args = [{ name: RUN_OUTPUT, value: run }, { name: ITERATIONS_OUTPUT, value: iterations }];
    return [expand, { ...fanOut, template: fanoutName, arguments: { parameters: args } }];
  }

  main(): Json[] {
    const run = `{{tasks.${START}.outputs.parameters.${RUN_OUTPUT}}}`;
    const top = (t: string) => this.ir.tasks[t]?.loop === undefined && this.ir.tasks[t]?.exitHandler !== true;
    const tasks: Json[] = [{ name: START, template: START }];
    const nodes = [...tasksIn(this.ir, "top").map(([name]) => name), ...sortedNames(this.ir.loops)].sort();
    for (const name of nodes) {
      const task = this.ir.tasks[name];
      const loop = this.ir.loops[name];
      if (loop) tasks.push(...this.loop(name, loop, run));
      else if (task) {
        this.templates.push(this.taskTemplate(name, task));
        tasks.push(this.dagTask(name, task, this.depends(this.dependencyTerms(task.dependsOn)), run, this.scope(name, top)));
      }
    }
    return tasks;
  }

  exitHandler(): Json {
    const run = `{{workflow.outputs.parameters.${RUN_GLOBAL}}}`;
    const exits = tasksIn(this.ir, "exit");
    const isExit = (t: string) => this.ir.tasks[t]?.exitHandler === true;
    const tasks = exits.map(([name, task]) => {
      this.templates.push(this.taskTemplate(name, task));
      // Every other task has ended by now: only the order among exit tasks remains to keep.
      const deps = task.dependsOn.filter(isExit).map((d) => `${this.names.get(d)}.Succeeded`).sort();
      return this.dagTask(name, task, deps.length ? deps.join(" && ") : undefined, run, this.scope(name, isExit, true));
    });
    const ended = exits.map(([name]) => `(${ENDED.map((s) => `${this.names.get(name)}.${s}`).join(" || ")})`);
    tasks.push({
      name: FINISH,
      template: FINISH,
      ...(ended.length ? { depends: ended.join(" && ") } : {}),
      arguments: { parameters: [{ name: RUN_OUTPUT, value: run }] },
    });
    return { name: EXIT, dag: { failFast: false, tasks } };
  }

  spec(): Json {
    const params = sortedNames(this.ir.params).map((name) => {
      const spec = this.ir.params[name];
      return {
        name,
        ...(spec?.default === undefined ? {} : { value: paramText(spec.default) }),
        ...(spec?.type === "enum" && spec.values ? { enum: spec.values } : {}),
        ...(spec?.description ? { description: spec.description } : {}),
      };
    });
    const start = {
      name: START,
      container: this.container([
        ...startArgs(
          this.options.pipelineFile,
          this.options.digest,
          params.map((p) => [p.name, `{{workflow.parameters.${p.name}}}`]),
        ),
        ...OUTPUTS_DIR_ARGS,
      ]),
      outputs: { parameters: [{ name: RUN_OUTPUT, valueFrom: { path: paramOutputPath(RUN_OUTPUT) }, globalName: RUN_GLOBAL }] },
    };
    const finish = {
      name: FINISH,
      inputs: { parameters: [{ name: RUN_OUTPUT }] },
      container: this.container(finishArgs(`{{inputs.parameters.${RUN_OUTPUT}}}`)),
    };
    const mainTasks = this.main();
    const exit = this.exitHandler();
    return {
      entrypoint: MAIN,
      onExit: EXIT,
      ...(params.length ? { arguments: { parameters: params } } : {}),
      templates: [{ name: MAIN, dag: { failFast: false, tasks: mainTasks } }, start, ...this.templates, exit, finish],
    };
  }
}

/** The Argo resource for `ir`: a WorkflowTemplate, or a CronWorkflow when a schedule is given. */
export function toArgo(ir: PipelineIR, options: ArgoExportOptions): Json {
  const builder = new ArgoBuilder(ir, options);
  const spec = builder.spec();
  const metadata = {
    name: dnsLabel(ir.name),
    annotations: {
      "conveyor.dev/ir-digest": options.digest,
      ...(ir.description ? { "workflows.argoproj.io/description": ir.description } : {}),
    },
  };
  if (options.schedule === undefined) return { apiVersion: "argoproj.io/v1alpha1", kind: "WorkflowTemplate", metadata, spec };
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "CronWorkflow",
    metadata,
    spec: { schedules: [options.schedule], workflowSpec: spec },
  };
}
