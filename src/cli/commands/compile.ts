/** `conveyor compile`: a pipeline file to its IR, the JSON every executor runs, or to a workflow of another system. */
import { relative, resolve } from "node:path";
import { type Command, Option } from "commander";
import pc from "picocolors";
import { ConveyorError } from "../../errors.ts";
import { canonicalJson, jsonDigest } from "../../ir/canonical.ts";
import type { PipelineIR } from "../../ir/schema.ts";
import { projectRoot } from "../context.ts";

interface CompileOptions {
  output?: string;
  target: "ir" | "argo" | "kfp";
  image: string;
  schedule?: string;
}

/** The text `conveyor compile` writes for `target`. */
async function render(ir: PipelineIR, file: string, opts: CompileOptions): Promise<string> {
  if (opts.target === "ir") {
    if (opts.schedule !== undefined) throw new ConveyorError("--schedule is for --target argo", "drop it, or add --target argo", "invalid_option");
    return `${canonicalJson(ir, 2)}\n`;
  }
  if (opts.schedule !== undefined && opts.target !== "argo") {
    throw new ConveyorError(`--schedule is for --target argo, not ${opts.target}`, "schedule KFP runs with a recurring run in Kubeflow Pipelines", "invalid_option");
  }
  // Loaded here: only exports need the exporters and the YAML writer.
  const [{ toArgo, toKfp }, { stringify }] = await Promise.all([import("../../export/index.ts"), import("yaml")]);
  const pipelineFile = relative(projectRoot(), resolve(file)).split("\\").join("/");
  const options = { image: opts.image, pipelineFile, digest: jsonDigest(ir), schedule: opts.schedule };
  const resource = opts.target === "argo" ? toArgo(ir, options) : toKfp(ir, options);
  return stringify(resource, { lineWidth: 0, aliasDuplicateObjects: false });
}

export function registerCompile(program: Command): void {
  program
    .command("compile")
    .description("compile a pipeline file to its IR (canonical JSON), or export it to Argo Workflows or Kubeflow Pipelines; prints the IR digest on stderr")
    .argument("<file>", "the pipeline module (its default export), or IR to check and normalise")
    .option("-o, --output <file>", "write the result to this file (replaced atomically) instead of stdout")
    .addOption(new Option("--target <target>", "what to write: the IR, an Argo WorkflowTemplate, or a KFP PipelineSpec").choices(["ir", "argo", "kfp"]).default("ir"))
    .option("--image <image>", "with --target argo or kfp: the container image every step runs", "conveyor-project:latest")
    .option("--schedule <cron>", "with --target argo: a CronWorkflow starting the pipeline on this cron schedule")
    .addHelpText(
      "after",
      `
Examples:
  conveyor compile pipeline.ts -o churn.json
  conveyor compile pipeline.ts | jq '.tasks | keys'
  conveyor run churn.json        # runs exactly what was compiled
  conveyor compile pipeline.ts --target argo --image registry.example.com/churn:1 -o churn-argo.yaml
  conveyor compile pipeline.ts --target kfp -o churn-kfp.yaml

Component modules are recorded relative to the project folder (the current folder, or
CONVEYOR_ROOT), so run the IR from that same folder. Exported workflows run each task with
\`conveyor exec-task\` in the image (see docs/export.md).`,
    )
    .action(async (file: string, opts: CompileOptions) => {
      const [{ loadPipelineFile }, { writeFileAtomic }] = await Promise.all([import("../../compiler/pipeline-file.ts"), import("../write-atomic.ts")]);
      const ir = await loadPipelineFile(file, projectRoot());
      const text = await render(ir, file, opts);
      if (opts.output) await writeFileAtomic(opts.output, text);
      else process.stdout.write(text);
      const where = opts.output ? ` → ${opts.output}` : "";
      process.stderr.write(`${pc.dim(`pipeline ${ir.name}, ${Object.keys(ir.tasks).length} tasks${where}`)}\n${jsonDigest(ir)}\n`);
    });
}
