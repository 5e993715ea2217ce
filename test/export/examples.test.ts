/** Every example pipeline exports to both targets, each export valid: Argo against the strict schema, KFP read strictly against the proto. */
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { loadPipelineFile } from "../../src/compiler/pipeline-file.ts";
import { toArgo } from "../../src/export/argo/workflow.ts";
import { toKfp } from "../../src/export/kfp/pipeline-spec.ts";
import { jsonDigest } from "../../src/ir/canonical.ts";
import { argoValidator } from "./argo-shapes.ts";
import { ROOT } from "./fixtures/ir.ts";
import { loadPipelineSpec, strictProblems } from "./kfp-proto.ts";

const EXAMPLES = readdirSync(join(ROOT, "examples"), { withFileTypes: true })
  .filter((e) => e.isDirectory() && readdirSync(join(ROOT, "examples", e.name)).includes("pipeline.ts"))
  .map((e) => `examples/${e.name}/pipeline.ts`)
  .sort();

describe("every example pipeline exports", () => {
  const argo = argoValidator();
  const spec = loadPipelineSpec().lookupType("ml_pipelines.PipelineSpec");
  it("found the examples", () => assert.ok(EXAMPLES.length >= 6, EXAMPLES.join(", ")));
  for (const file of EXAMPLES) {
    it(file, async () => {
      const ir = await loadPipelineFile(join(ROOT, file), ROOT);
      const options = { image: "conveyor-project:latest", pipelineFile: file, digest: jsonDigest(ir) };
      assert.equal(argo.strict(toArgo(ir, options)), true, JSON.stringify(argo.strict.errors?.slice(0, 3)));
      assert.deepEqual(strictProblems(spec, toKfp(ir, options)), []);
    });
  }
});
