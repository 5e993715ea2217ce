/**
 * `conveyor exec-task`: what each container of an exported workflow (Argo Workflows, Kubeflow
 * Pipelines) runs. The workflow engine orders the steps; each step here creates the run, runs
 * one task (or expands one forEach) of it with the engine's own attempt code against the
 * configured store and artifact store, or ends it, and writes what the workflow decides on
 * (output parameters, the forEach's iterations) and keeps (output artifacts) under --outputs.
 */
import { copyFile, mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Command } from "commander";
import { ConveyorError } from "../../errors.ts";
import { jsonDigest } from "../../ir/canonical.ts";
import { ITERATIONS_OUTPUT, RUN_OUTPUT } from "../../export/task-container.ts";
import type { PipelineIR } from "../../ir/schema.ts";
import type { Json } from "../../json.ts";
import { type CliContext, openContext, refuseRemote } from "../context.ts";
import { collect } from "../key-values.ts";
import { parseParams } from "../param-options.ts";
import { EXIT } from "../report.ts";

interface ExecTaskOptions {
  start?: string;
  digest?: string;
  param: string[];
  run?: string;
  task?: string;
  iteration?: string;
  finish?: boolean;
  outputs?: string;
  output: string[];
}

/** How an output parameter is written for the workflow: a string as itself (so `'{{...}}' == 'x'` compares it), anything else as JSON. */
function parameterText(value: Json | undefined): string {
  return typeof value === "string" ? value : JSON.stringify(value ?? null);
}

/** Where the workflow wants the outputs: all under one folder (--outputs), or each in its own file (--output name=path). */
interface OutputPlaces {
  dir?: string;
  files: Map<string, string>;
}

function outputPlaces(opts: ExecTaskOptions): OutputPlaces {
  const files = new Map<string, string>();
  for (const item of opts.output) {
    const eq = item.indexOf("=");
    if (eq <= 0 || eq === item.length - 1) throw new ConveyorError(`--output "${item}" is not of the form name=path`, "e.g. --output accuracy=/tmp/outputs/accuracy", "invalid_option");
    files.set(item.slice(0, eq), item.slice(eq + 1));
  }
  return { dir: opts.outputs, files };
}

/** Refuses an --output the step does not have, before anything runs. */
function checkOutputNames(places: OutputPlaces, outputs: string[]): void {
  for (const name of places.files.keys()) {
    if (!outputs.includes(name)) {
      throw new ConveyorError(`--output names "${name}", which this step does not output`, `its outputs are: ${outputs.sort().join(", ") || "none"}`, "invalid_option");
    }
  }
}

/** The outputs step `name` of the run writes: a forEach's iterations, or its task's outputs; none when the run or task is unknown, which running the step reports. */
async function stepOutputs(ctx: CliContext, runId: string, name: string): Promise<string[]> {
  const run = await ctx.store.getRun(runId);
  const ir = run && ((await ctx.store.getPipeline(run.pipelineDigest))?.ir as PipelineIR | undefined);
  const node = name.replace(/\[\d+\]$/, "");
  if (!ir) return [];
  if (node in ir.loops) return [ITERATIONS_OUTPUT];
  const task = ir.tasks[node];
  return Object.keys((task && ir.components[task.component]?.outputs) ?? {});
}

/** Writes each output parameter's text and copies each output artifact's file where the workflow wants it. */
async function writeOutputs(places: OutputPlaces, params: Record<string, string>, artifacts: Record<string, string> = {}): Promise<void> {
  const place = async (kind: "parameters" | "artifacts", name: string) => {
    const path = places.files.get(name) ?? (places.dir === undefined ? undefined : join(places.dir, kind, name));
    if (path !== undefined) await mkdir(dirname(path), { recursive: true });
    return path;
  };
  for (const [name, text] of Object.entries(params)) {
    const path = await place("parameters", name);
    if (path !== undefined) await writeFile(path, text);
  }
  for (const [name, file] of Object.entries(artifacts)) {
    const path = await place("artifacts", name);
    if (path !== undefined) await copyFile(file, path);
  }
}

function stepName(task: string, iteration: string | undefined): string {
  if (iteration === undefined) return task;
  if (!/^\d+$/.test(iteration)) throw new ConveyorError(`--iteration must be a whole number, got "${iteration}"`, "give the index the forEach's step listed", "invalid_option");
  return `${task}[${Number(iteration)}]`;
}

async function start(ctx: CliContext, file: string, opts: ExecTaskOptions): Promise<number> {
  const places = outputPlaces(opts);
  checkOutputNames(places, [RUN_OUTPUT]);
  const { loadPipelineFile } = await import("../../compiler/pipeline-file.ts");
  const ir = await loadPipelineFile(file, ctx.root);
  const digest = jsonDigest(ir);
  if (opts.digest !== undefined && opts.digest !== digest) {
    throw new ConveyorError(
      `${file} compiles to pipeline ${digest} here, not ${opts.digest}, which the workflow was exported from`,
      "the image holds other code than the export: rebuild the image from the same sources, or export the workflow again",
      "code_mismatch",
    );
  }
  const run = await (await ctx.engine()).createRun(ir, parseParams(ir, opts.param), {}, "workflow");
  await writeOutputs(places, { [RUN_OUTPUT]: run.id });
  process.stdout.write(`${run.id}\n`);
  return 0;
}

async function step(ctx: CliContext, runId: string, name: string, outputs: OutputPlaces): Promise<number> {
  if (outputs.files.size > 0) checkOutputNames(outputs, await stepOutputs(ctx, runId, name));
  const [{ runStep }, { localExecutors }] = await Promise.all([import("../../engine/external-step.ts"), import("../../executors/local-engine.ts")]);
  const executors = localExecutors();
  const stop = new AbortController();
  // The workflow engine stops a step with SIGTERM: the attempt is cancelled and recorded so.
  const onTerm = () => stop.abort();
  process.once("SIGTERM", onTerm);
  try {
    const { row, artifacts, iterations } = await runStep(
      { store: ctx.store, artifacts: ctx.artifacts, root: ctx.root, executors, onLog: (e) => process.stderr.write(`${e.level}: ${e.message}\n`) },
      runId,
      name,
      stop.signal,
    );
    if (row.status === "succeeded" || row.status === "cached") {
      // A forEach's iterations as strings: what Argo's {{item}} and KFP's loop item pass on as they are.
      const params = iterations === undefined
        ? Object.fromEntries(Object.entries(row.outputs ?? {}).map(([k, v]) => [k, parameterText(v)]))
        : { [ITERATIONS_OUTPUT]: JSON.stringify(Array.from({ length: iterations }, (_, i) => String(i))) };
      const files = Object.fromEntries(Object.entries(artifacts).map(([k, a]) => [k, ctx.artifacts.localPath(a.uri)]));
      await writeOutputs(outputs, params, files);
      process.stdout.write(`${row.name}: ${row.status}\n`);
      return 0;
    }
    if (row.status === "skipped") {
      // The workflow started a step the run skips: its conditions disagree with the run's, which no workflow may do silently.
      throw new ConveyorError(`task "${row.name}" was started by the workflow, but the run skips it (${row.error})`, "export the workflow again with this version of Conveyor", "step_skipped");
    }
    process.stderr.write(`${row.name}: ${row.status === "pending" ? `attempt ${row.attempts} failed, the workflow retries it` : row.status}: ${row.error}\n`);
    return EXIT.failed;
  } finally {
    process.off("SIGTERM", onTerm);
    await Promise.all(Object.values(executors).map((e) => e.close()));
  }
}

async function finish(ctx: CliContext, runId: string): Promise<number> {
  const { finishRun } = await import("../../engine/external-step.ts");
  const run = await finishRun({ store: ctx.store, artifacts: ctx.artifacts, root: ctx.root }, runId);
  process.stdout.write(`run ${run.id}: ${run.status}${run.error ? ` (${run.error})` : ""}\n`);
  return 0;
}

export function registerExecTask(program: Command, setExit: (code: number) => void): void {
  program
    .command("exec-task")
    .description("run one step of a run in an exported workflow's container: start the run, run one task of it, or end it")
    .option("--start <file>", "create a run of this pipeline file (relative to the project folder); prints its id")
    .option("--digest <digest>", "with --start: the IR digest the workflow was exported from; a pipeline compiling to another is refused")
    .option("-p, --param <name=value>", "with --start: a pipeline parameter (repeatable)", collect, [])
    .option("--run <id>", "the run, as the start step printed it")
    .option("--task <name>", "with --run: the task, or forEach, to run")
    .option("--iteration <i>", "with --task: the iteration of a task inside a forEach")
    .option("--finish", "with --run: end the run once the workflow is done")
    .option("--outputs <dir>", "write output parameters (parameters/<name>) and artifacts (artifacts/<name>) here for the workflow")
    .option("--output <name=path>", "write this output parameter or artifact to this file (repeatable)", collect, [])
    .addHelpText(
      "after",
      `
Examples:
  conveyor exec-task --start pipeline.ts --param trees=200 --outputs /tmp/conveyor/outputs
  conveyor exec-task --run 01hx4k… --task train --outputs /tmp/conveyor/outputs
  conveyor exec-task --run 01hx4k… --task fit --iteration 2 --output model=/tmp/outputs/model
  conveyor exec-task --run 01hx4k… --finish

What the containers of \`conveyor compile --target argo\` and \`--target kfp\` run (docs/export.md).
Exit code 0 when the step's task succeeded (or was a cache hit); 1 when its attempt failed,
which the workflow retries as the task's retry policy says; 2 for a mistake in the command.`,
    )
    .action(async (opts: ExecTaskOptions) => {
      refuseRemote("exec-task", "run the step against the store this machine is configured with");
      const modes = [opts.start !== undefined, opts.task !== undefined, opts.finish === true].filter(Boolean).length;
      if (modes !== 1) {
        throw new ConveyorError("exec-task needs exactly one of --start <file>, --task <name> or --finish", "see `conveyor exec-task --help`", "invalid_option");
      }
      if (opts.start === undefined && opts.run === undefined) {
        throw new ConveyorError("--task and --finish need --run <id>", "give the run id the start step printed", "invalid_option");
      }
      if (opts.iteration !== undefined && opts.task === undefined) {
        throw new ConveyorError("--iteration goes with --task", undefined, "invalid_option");
      }
      const ctx = await openContext();
      try {
        if (opts.start !== undefined) setExit(await start(ctx, opts.start, opts));
        else if (opts.task !== undefined) setExit(await step(ctx, opts.run as string, stepName(opts.task, opts.iteration), outputPlaces(opts)));
        else setExit(await finish(ctx, opts.run as string));
      } finally {
        await ctx.close();
      }
    });
}
