/** `conveyor compile`: a pipeline file to its IR, the JSON every executor runs. */
import type { Command } from "commander";
import pc from "picocolors";
import { projectRoot } from "../context.ts";

export function registerCompile(program: Command): void {
  program
    .command("compile")
    .description("compile a pipeline file to its IR (canonical JSON); prints the IR digest on stderr")
    .argument("<file>", "the pipeline module (its default export), or IR to check and normalise")
    .option("-o, --output <file>", "write the IR to this file (replaced atomically) instead of stdout")
    .addHelpText(
      "after",
      `
Examples:
  conveyor compile pipeline.ts -o churn.json
  conveyor compile pipeline.ts | jq '.tasks | keys'
  conveyor run churn.json        # runs exactly what was compiled

Component modules are recorded relative to the project folder (the current folder, or
CONVEYOR_ROOT), so run the IR from that same folder.`,
    )
    .action(async (file: string, opts: { output?: string }) => {
      const [{ loadPipelineFile }, { canonicalJson, jsonDigest }, { writeFileAtomic }] = await Promise.all([
        import("../../compiler/pipeline-file.ts"),
        import("../../ir/canonical.ts"),
        import("../write-atomic.ts"),
      ]);
      const ir = await loadPipelineFile(file, projectRoot());
      const json = `${canonicalJson(ir, 2)}\n`;
      if (opts.output) await writeFileAtomic(opts.output, json);
      else process.stdout.write(json);
      const where = opts.output ? ` → ${opts.output}` : "";
      process.stderr.write(`${pc.dim(`pipeline ${ir.name}, ${Object.keys(ir.tasks).length} tasks${where}`)}\n${jsonDigest(ir)}\n`);
    });
}
