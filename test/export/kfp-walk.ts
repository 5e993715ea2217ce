/**
 * Runs an exported KFP PipelineSpec on this machine the way the KFP backend runs it: a DAG's
 * tasks once their `dependentTasks` ended (and succeeded, but with ALL_UPSTREAM_TASKS_COMPLETED),
 * a task skipped when its trigger condition is false, a `parameterIterator` fanned out (bounded
 * by `parallelismLimit`), a container retried up to `maxRetryCount`. Each container is the real
 * `conveyor exec-task` with KFP's placeholders filled in: input values, and a file of its own for
 * each output. CEL is read only as far as exports write it.
 */
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Project, Result } from "../cli/harness.ts";

type Doc = { [key: string]: any };
type State = "Succeeded" | "Failed" | "Skipped";

export interface KfpWalk {
  steps: { args: string[]; result: Result }[];
  state: "Succeeded" | "Failed";
}

function text(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** A trigger condition over `inputs.parameter_values[...]`, as JavaScript. */
function conditionHolds(condition: string, inputs: Record<string, unknown>): boolean {
  const js = condition
    .replace(/inputs\.parameter_values\['([^']+)'\]/g, (_, name: string) => JSON.stringify(inputs[name]))
    .replace(/==/g, "===")
    .replace(/!=/g, "!==");
  return new Function(`return (${js});`)() as boolean;
}

export async function walkKfp(spec: Doc, project: Project, pipelineInputs: Record<string, unknown> = {}): Promise<KfpWalk> {
  const walk: KfpWalk = { steps: [], state: "Succeeded" };

  async function container(component: Doc, inputs: Record<string, unknown>, retries: number): Promise<{ state: State; outputs: Record<string, unknown> }> {
    const executor = spec.deploymentSpec.executors[component.executorLabel].container;
    for (let attempt = 0; attempt <= retries; attempt++) {
      const dir = await mkdtemp(join(tmpdir(), "kfp-step-"));
      const files = new Map<string, string>();
      const args = (executor.args as string[]).map((a) =>
        a
          .replace(/\{\{\$\.inputs\.parameters\['([^']+)'\]\}\}/g, (_, name: string) => text(inputs[name]))
          .replace(/\{\{\$\.outputs\.(parameters|artifacts)\['([^']+)'\]\.(output_file|path)\}\}/g, (_, kind: string, name: string) => {
            const path = join(dir, kind, name);
            files.set(`${kind}/${name}`, path);
            return path;
          }),
      );
      const result = await project.cli(...(executor.command as string[]).slice(1), ...args);
      walk.steps.push({ args, result });
      if (result.code !== 0) continue;
      const outputs: Record<string, unknown> = {};
      for (const [name, def] of Object.entries((component.outputDefinitions?.parameters ?? {}) as Record<string, Doc>)) {
        const raw = await readFile(files.get(`parameters/${name}`) as string, "utf8");
        outputs[name] = def.parameterType === "STRING" ? raw : JSON.parse(raw);
      }
      return { state: "Succeeded", outputs };
    }
    return { state: "Failed", outputs: {} };
  }

  async function dag(component: Doc, inputs: Record<string, unknown>): Promise<State> {
    const tasks = Object.entries(component.dag.tasks as Record<string, Doc>);
    const states = new Map<string, State>();
    const outputs = new Map<string, Record<string, unknown>>();
    while (states.size < tasks.length) {
      const wave = tasks.filter(([name, t]) => !states.has(name) && ((t.dependentTasks ?? []) as string[]).every((d) => states.has(d)));
      if (wave.length === 0) throw new Error("the DAG is stuck");
      await Promise.all(
        wave.map(async ([name, t]) => {
          const upstream = ((t.dependentTasks ?? []) as string[]).map((d) => states.get(d));
          if (t.triggerPolicy?.strategy !== "ALL_UPSTREAM_TASKS_COMPLETED" && upstream.some((s) => s !== "Succeeded")) return void states.set(name, "Skipped");
          const given: Record<string, unknown> = {};
          for (const [key, source] of Object.entries((t.inputs?.parameters ?? {}) as Record<string, Doc>)) {
            if (source.componentInputParameter !== undefined) given[key] = inputs[source.componentInputParameter];
            else if (source.taskOutputParameter) given[key] = outputs.get(source.taskOutputParameter.producerTask)?.[source.taskOutputParameter.outputParameterKey];
            else if (source.runtimeValue) given[key] = source.runtimeValue.constant;
          }
          if (t.triggerPolicy?.condition && !conditionHolds(t.triggerPolicy.condition, given)) return void states.set(name, "Skipped");
          const target = spec.components[t.componentRef.name] as Doc;
          const run = async (values: Record<string, unknown>): Promise<State> => {
            if (target.dag) return dag(target, values);
            const ended = await container(target, values, t.retryPolicy?.maxRetryCount ?? 0);
            outputs.set(name, ended.outputs);
            return ended.state;
          };
          if (t.parameterIterator) {
            const items = given[t.parameterIterator.items.inputParameter] as unknown[];
            const bound = t.iteratorPolicy?.parallelismLimit ?? items.length;
            const results: State[] = [];
            for (let i = 0; i < items.length; i += bound) {
              results.push(...(await Promise.all(items.slice(i, i + bound).map((item) => run({ ...given, [t.parameterIterator.itemInput]: item })))));
            }
            states.set(name, results.every((r) => r === "Succeeded") ? "Succeeded" : "Failed");
          } else states.set(name, await run(given));
        }),
      );
    }
    return [...states.values()].some((s) => s === "Failed") ? "Failed" : "Succeeded";
  }

  const inputs: Record<string, unknown> = {};
  for (const [name, def] of Object.entries((spec.root.inputDefinitions?.parameters ?? {}) as Record<string, Doc>)) inputs[name] = pipelineInputs[name] ?? def.defaultValue;
  walk.state = (await dag(spec.root, inputs)) === "Succeeded" ? "Succeeded" : "Failed";
  return walk;
}
