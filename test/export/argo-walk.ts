/**
 * Runs an exported Argo workflow on this machine the way Argo runs it: DAG tasks once their
 * `depends` hold, skipped when their `when` is false, `withParam` fanned out (bounded by a
 * template's `parallelism`), container steps retried up to `retryStrategy.limit`, then the
 * `onExit` template. Each container step is the real `conveyor exec-task` with its arguments
 * as Argo substitutes them; only its fixed output folder is one of its own here, since the
 * steps share a machine. Argo's expression languages are read only as far as exports write them.
 */
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Project, Result } from "../cli/harness.ts";

type Doc = { [key: string]: any };
type Phase = "Succeeded" | "Failed" | "Skipped" | "Omitted" | "Errored";

export interface Walk {
  /** Every container step run, in the order each started, with its result. */
  steps: { args: string[]; result: Result }[];
  phase: "Succeeded" | "Failed";
  /** The outputs of each container step that ran, by DAG task path. */
  outputs: Map<string, Record<string, string>>;
  /** Where each step's output artifacts went, by DAG task path. */
  artifactDirs: Map<string, string>;
}

const OUTPUTS = "/tmp/conveyor/outputs";

/** `{{...}}` references replaced by their values; an unknown one is an error, as in Argo. */
function substitute(text: string, vars: Record<string, string>): string {
  return text.replace(/\{\{([^}]+)\}\}/g, (_, key: string) => {
    const value = vars[key.trim()];
    if (value === undefined) throw new Error(`unresolved {{${key}}} in ${text}`);
    return value;
  });
}

/** A `depends` expression: `a.Succeeded && (b.Succeeded || b.Skipped)`, and a bare name for Succeeded, Skipped or Daemoned. */
function dependsHold(expression: string, phases: Map<string, Phase>): boolean {
  const js = expression.replace(/([A-Za-z0-9-]+)(?:\.(Succeeded|Failed|Errored|Skipped|Omitted))?/g, (_, name: string, result?: string) => {
    const phase = phases.get(name);
    if (phase === undefined) throw new Error(`depends on unknown task ${name}`);
    return String(result ? phase === result : phase === "Succeeded" || phase === "Skipped");
  });
  return new Function(`return (${js});`)() as boolean;
}

/** A `when` after substitution: comparisons of numbers, booleans and quoted strings, with &&, || and !. */
function whenHolds(expression: string): boolean {
  const js = expression.replace(/==/g, "===").replace(/!=/g, "!==");
  return new Function(`return (${js});`)() as boolean;
}

function referenced(expression: string): string[] {
  return [...expression.matchAll(/([A-Za-z0-9-]+)(?:\.[A-Z][a-z]+)?/g)].map((m) => m[1] as string).filter((n) => n !== "true" && n !== "false");
}

export async function walkArgo(doc: Doc, project: Project, workflowParams: Record<string, string> = {}): Promise<Walk> {
  const templates = new Map<string, Doc>((doc.spec.templates as Doc[]).map((t) => [t.name, t]));
  const globals: Record<string, string> = {};
  for (const p of doc.spec.arguments?.parameters ?? []) globals[`workflow.parameters.${p.name}`] = workflowParams[p.name] ?? p.value;
  const walk: Walk = { steps: [], phase: "Succeeded", outputs: new Map(), artifactDirs: new Map() };

  async function container(template: Doc, vars: Record<string, string>, path: string): Promise<Phase> {
    const limit = Number(template.retryStrategy?.limit ?? 0);
    for (let attempt = 0; attempt <= limit; attempt++) {
      const dir = await mkdtemp(join(tmpdir(), "argo-step-"));
      const args = (template.container.args as string[]).map((a) => substitute(a, vars).replace(OUTPUTS, dir));
      const result = await project.cli(...(template.container.command as string[]).slice(1), ...args);
      walk.steps.push({ args, result });
      if (result.code !== 0) continue;
      const outputs: Record<string, string> = {};
      for (const p of template.outputs?.parameters ?? []) {
        outputs[p.name] = await readFile(p.valueFrom.path.replace(OUTPUTS, dir), "utf8");
        if (p.globalName) globals[`workflow.outputs.parameters.${p.globalName}`] = outputs[p.name] as string;
      }
      walk.outputs.set(path, outputs);
      walk.artifactDirs.set(path, join(dir, "artifacts"));
      return "Succeeded";
    }
    return "Failed";
  }

  async function run(name: string, args: Record<string, string>, path: string): Promise<Phase> {
    const template = templates.get(name);
    if (!template) throw new Error(`no template ${name}`);
    const vars: Record<string, string> = { ...globals };
    for (const p of template.inputs?.parameters ?? []) {
      const value = args[p.name];
      if (value === undefined) throw new Error(`template ${name} got no input ${p.name}`);
      vars[`inputs.parameters.${p.name}`] = value;
    }
    if (template.container) return container(template, vars, path);
    return dag(template, vars, path);
  }

  async function dag(template: Doc, vars: Record<string, string>, path: string): Promise<Phase> {
    const tasks = template.dag.tasks as Doc[];
    const phases = new Map<string, Phase>();
    const taskVars: Record<string, string> = {};
    const ready = (t: Doc) => !phases.has(t.name) && (t.depends === undefined || referenced(t.depends).every((n) => phases.has(n)));
    while (phases.size < tasks.length) {
      const wave = tasks.filter(ready);
      if (wave.length === 0) throw new Error(`DAG ${template.name} is stuck`);
      await Promise.all(
        wave.map(async (t) => {
          if (t.depends !== undefined && !dependsHold(t.depends, phases)) return void phases.set(t.name, "Omitted");
          const here = { ...vars, ...globals, ...taskVars };
          if (t.when !== undefined && !whenHolds(substitute(t.when, here))) return void phases.set(t.name, "Skipped");
          const args = (item?: string) =>
            Object.fromEntries((t.arguments?.parameters ?? []).map((p: Doc) => [p.name, substitute(p.value, item === undefined ? here : { ...here, item })]));
          let phase: Phase;
          if (t.withParam !== undefined) {
            const items = JSON.parse(substitute(t.withParam, here)) as unknown[];
            const bound = template.parallelism ?? items.length;
            const results: Phase[] = [];
            for (let i = 0; i < items.length; i += bound) {
              results.push(...(await Promise.all(items.slice(i, i + bound).map((item, j) => run(t.template, args(String(item)), `${path}/${t.name}(${i + j})`)))));
            }
            phase = items.length === 0 ? "Skipped" : results.every((r) => r === "Succeeded") ? "Succeeded" : "Failed";
          } else {
            phase = await run(t.template, args(), `${path}/${t.name}`);
          }
          const outputs = walk.outputs.get(`${path}/${t.name}`) ?? {};
          for (const [k, v] of Object.entries(outputs)) taskVars[`tasks.${t.name}.outputs.parameters.${k}`] = v;
          phases.set(t.name, phase);
        }),
      );
    }
    return [...phases.values()].some((p) => p === "Failed") ? "Failed" : "Succeeded";
  }

  walk.phase = (await run(doc.spec.entrypoint, {}, "")) === "Succeeded" ? "Succeeded" : "Failed";
  if (doc.spec.onExit) {
    globals["workflow.status"] = walk.phase;
    await run(doc.spec.onExit, {}, "exit");
  }
  return walk;
}
