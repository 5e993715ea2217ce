/** `conveyor compile --target argo|kfp` as a user runs it: the commands docs/export.md shows, and the refusals it promises. */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { assertOk, assertUserError, type Project, project, SDK } from "../cli/harness.ts";

const REPO = resolve(import.meta.dirname, "../..");

/** The `conveyor compile` lines of docs/export.md's shell blocks. */
function documentedCompiles(): string[][] {
  const page = readFileSync(join(REPO, "docs/export.md"), "utf8");
  const blocks = [...page.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] as string);
  return blocks
    .flatMap((b) => b.split("\n"))
    .filter((line) => line.startsWith("conveyor compile "))
    .map((line) => [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => (m[1] ?? m[2]) as string).slice(1));
}

const LOOP_CONDITION = `import { component, forEach, param, pipeline, when } from ${JSON.stringify(SDK)};
export const fit = component({ name: "fit", inputs: { k: param.int() }, async run() {} });
export default pipeline({ name: "loop-condition" }, () => {
  forEach([1, 2, 3], (k) => {
    when(k.gt(1), () => fit({ k }));
  });
});
`;

/** A project holding examples/export/pipeline.ts, importing the SDK by path as a project's files here do. */
async function exampleProject(): Promise<Project> {
  const p = await project();
  await mkdir(join(p.dir, "examples/export"), { recursive: true });
  const source = readFileSync(join(REPO, "examples/export/pipeline.ts"), "utf8");
  await p.write("examples/export/pipeline.ts", source.replace('from "conveyor"', `from ${JSON.stringify(SDK)}`));
  return p;
}

describe("conveyor compile --target", () => {
  it("runs each export command docs/export.md shows, writing what it says", async () => {
    const p = await exampleProject();
    const commands = documentedCompiles();
    assert.equal(commands.length, 3);
    for (const args of commands) {
      const at = args.indexOf("-o");
      const file = join(p.dir, args[at + 1] as string);
      const result = await p.cli(...args.slice(0, at + 1), file, ...args.slice(at + 2));
      assertOk(result);
      assert.match(result.stderr, /sha256:[0-9a-f]{64}/);
      const doc = parse(await readFile(file, "utf8"));
      const target = args[args.indexOf("--target") + 1];
      if (target === "kfp") assert.equal(doc.schemaVersion, "2.1.0");
      else assert.equal(doc.kind, args.includes("--schedule") ? "CronWorkflow" : "WorkflowTemplate");
      if (args.includes("--image")) assert.match(JSON.stringify(doc), /registry\.example\.com\/train:1/);
    }
  });

  it("refuses what the target cannot express: exit 2, naming the feature and the task, no file written", async () => {
    const p = await project();
    await p.write("pipeline.ts", LOOP_CONDITION);
    for (const [target, name] of [["argo", "Argo Workflows"], ["kfp", "Kubeflow Pipelines"]] as const) {
      const result = await p.cli("compile", "pipeline.ts", "--target", target, "-o", "out.yaml");
      assertUserError(result, `${name} cannot express a condition on a forEach item (the condition of "fit")`, "compute the decision in a task inside the loop");
      assert.equal(existsSync(join(p.dir, "out.yaml")), false);
    }
    // The same pipeline runs locally: only the export is refused.
    assertOk(await p.cli("compile", "pipeline.ts"));
  });

  it("refuses --schedule but for Argo, and a target it does not know", async () => {
    const p = await exampleProject();
    assertUserError(await p.cli("compile", "examples/export/pipeline.ts", "--target", "kfp", "--schedule", "0 3 * * *"), "--schedule is for --target argo, not kfp");
    assertUserError(await p.cli("compile", "examples/export/pipeline.ts", "--schedule", "0 3 * * *"), "--schedule is for --target argo");
    const unknown = await p.cli("compile", "examples/export/pipeline.ts", "--target", "airflow");
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /argument 'airflow' is invalid. Allowed choices are ir, argo, kfp/);
  });
});
