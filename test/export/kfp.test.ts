/** `toKfp`: read strictly against pipeline_spec.proto, shaped like the KFP SDK's compiled examples, deterministic, and refusing what KFP cannot express. */
import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parse, stringify } from "yaml";
import { toKfp } from "../../src/export/kfp/pipeline-spec.ts";
import type { PipelineIR } from "../../src/ir/schema.ts";
import { fieldPaths } from "./argo-shapes.ts";
import { exportOptions, examplePipeline, variant } from "./fixtures/ir.ts";
import { KFP_REFERENCE, loadPipelineSpec, strictProblems } from "./kfp-proto.ts";

const GOLDEN = join(import.meta.dirname, "fixtures/export-pipeline.kfp.yaml");

type Doc = { [key: string]: any };

const examples = readdirSync(KFP_REFERENCE)
  .filter((f) => f.endsWith(".yaml"))
  .sort()
  .map((f) => parse(readFileSync(join(KFP_REFERENCE, f), "utf8").split(/^---$/m)[0] as string) as Doc);

describe("export to Kubeflow Pipelines", async () => {
  const ir = await examplePipeline();
  const doc = toKfp(ir, exportOptions(ir)) as Doc;
  const proto = loadPipelineSpec();
  const PipelineSpec = proto.lookupType("ml_pipelines.PipelineSpec");
  const DeploymentConfig = proto.lookupType("ml_pipelines.PipelineDeploymentConfig");

  it("reads strictly as a PipelineSpec, its deploymentSpec as a PipelineDeploymentConfig", () => {
    assert.deepEqual(strictProblems(PipelineSpec, doc), []);
    assert.deepEqual(strictProblems(DeploymentConfig, doc.deploymentSpec), []);
    assert.equal(doc.schemaVersion, "2.1.0");
  });

  it("the strict reading accepts the SDK's compiled examples and refuses a misspelt field or a bad enum value", () => {
    for (const example of examples) assert.deepEqual(strictProblems(PipelineSpec, example), []);
    const misspelt = structuredClone(doc);
    misspelt.root.dag.tasks["conveyor-start"].dependentTask = [];
    assert.match(strictProblems(PipelineSpec, misspelt).join("\n"), /PipelineTaskSpec has no field "dependentTask"/);
    const badEnum = structuredClone(doc);
    badEnum.root.dag.tasks["conveyor-finish"].triggerPolicy.strategy = "ALL_UPSTREAM_TASKS_DONE";
    assert.match(strictProblems(PipelineSpec, badEnum).join("\n"), /"ALL_UPSTREAM_TASKS_DONE" is not a value of enum TriggerStrategy/);
  });

  it("uses each field the compiled examples use, with the same JSON type, sub-DAGs and executors alike", () => {
    // Component and task names are the examples' own: compare the paths with names taken out.
    const generic = (paths: Map<string, Set<string>>) => {
      const out = new Map<string, Set<string>>();
      for (const [path, types] of paths) {
        const key = path
          .replace(/^root\./, "components.*.")
          .replace(/^components\.[^.]+/, "components.*")
          .replace(/^deploymentSpec\.executors\.[^.]+/, "deploymentSpec.executors.*")
          .replace(/dag\.tasks\.[^.]+/g, "dag.tasks.*")
          .replace(/(parameters|artifacts)\.[^.[]+/g, "$1.*");
        out.set(key, new Set([...(out.get(key) ?? []), ...types]));
      }
      return out;
    };
    const theirs = generic(new Map(examples.flatMap((e) => [...fieldPaths(e)])));
    const ours = generic(fieldPaths(doc));
    for (const [path, types] of ours) {
      const seen = theirs.get(path);
      if (seen) for (const type of types) assert.ok(seen.has(type), `${path} is a ${type} here, but ${[...seen].join("/")} in the examples`);
    }
    for (const path of [
      "components.*.dag.tasks.*.triggerPolicy.strategy",
      "components.*.dag.tasks.*.triggerPolicy.condition",
      "components.*.dag.tasks.*.parameterIterator.items.inputParameter",
      "components.*.dag.tasks.*.parameterIterator.itemInput",
      "components.*.dag.tasks.*.iteratorPolicy.parallelismLimit",
      "components.*.dag.tasks.*.retryPolicy.maxRetryCount",
      "components.*.dag.tasks.*.retryPolicy.backoffDuration",
      "components.*.dag.tasks.*.cachingOptions.enableCache",
      "components.*.dag.tasks.*.inputs.parameters.*.taskOutputParameter.producerTask",
      "deploymentSpec.executors.*.container.image",
    ]) {
      assert.ok(ours.has(path), `the export has no ${path}`);
      assert.ok(theirs.has(path), `the examples have no ${path}`);
    }
  });

  it("runs each task through exec-task: condition, fan-out with its parallelism, retry, exit handler", () => {
    const body = doc.components["comp-exit-handler-1"].dag.tasks;
    assert.equal(body.publish.triggerPolicy.condition, "inputs.parameter_values['pipelinechannel--pick-accuracy'] >= inputs.parameter_values['pipelinechannel--minAccuracy']");
    assert.deepEqual(body.publish.inputs.parameters["pipelinechannel--pick-accuracy"], { taskOutputParameter: { outputParameterKey: "accuracy", producerTask: "pick" } });
    assert.deepEqual(body["for-loop-folds"].parameterIterator, { itemInput: "pipelinechannel--folds-iterations-loop-item", items: { inputParameter: "pipelinechannel--folds-iterations" } });
    assert.deepEqual(body["for-loop-folds"].iteratorPolicy, { parallelismLimit: 2 });
    assert.deepEqual(body.pick.dependentTasks, ["for-loop-folds"]);
    const fit = doc.components["comp-for-loop-folds"].dag.tasks.fit;
    assert.deepEqual(fit.retryPolicy, { backoffDuration: "2s", backoffFactor: 2, backoffMaxDuration: "60s", maxRetryCount: 2 });
    assert.deepEqual(doc.deploymentSpec.executors["exec-fit"].container.args, [
      "--run",
      "{{$.inputs.parameters['run']}}",
      "--task",
      "fit",
      "--iteration",
      "{{$.inputs.parameters['iteration']}}",
      "--output",
      "model={{$.outputs.artifacts['model'].path}}",
      "--output",
      "score={{$.outputs.parameters['score'].output_file}}",
    ]);
    assert.deepEqual(doc.deploymentSpec.executors["exec-fit"].container.resources, { resourceCpuLimit: "2", resourceCpuRequest: "2", resourceMemoryLimit: "512Mi", resourceMemoryRequest: "512Mi" });
    const root = doc.root.dag.tasks;
    assert.deepEqual(root.notify.dependentTasks, ["exit-handler-1"]);
    assert.equal(root.notify.triggerPolicy.strategy, "ALL_UPSTREAM_TASKS_COMPLETED");
    assert.deepEqual(root["conveyor-finish"].dependentTasks, ["exit-handler-1", "notify"]);
  });

  it("is the same text for the same IR, whatever order its maps were read in (golden file)", () => {
    const reversed = (record: Record<string, unknown>) => Object.fromEntries(Object.entries(record).reverse());
    const shuffled = { ...ir, tasks: reversed(ir.tasks), loops: reversed(ir.loops), params: reversed(ir.params), components: reversed(ir.components) } as PipelineIR;
    const text = stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false });
    assert.equal(stringify(toKfp(shuffled, exportOptions(ir)), { lineWidth: 0, aliasDuplicateObjects: false }), text);
    if (process.env.CONVEYOR_UPDATE_GOLDEN) writeFileSync(GOLDEN, text);
    assert.equal(text, readFileSync(GOLDEN, "utf8"), "the export changed: review it, then rewrite the golden file with CONVEYOR_UPDATE_GOLDEN=1");
  });

  describe("refuses what KFP cannot express, naming it", () => {
    const cases: [string, (copy: PipelineIR) => void, RegExp][] = [
      [
        "a condition on the run's status",
        (c) => {
          (c.tasks.notify as PipelineIR["tasks"][string]).when = [{ op: "eq", left: { runStatus: true }, right: { constant: "failed" } }];
        },
        /Kubeflow Pipelines cannot express a condition on the run's status \(the condition of "notify"\)/,
      ],
      [
        "a condition on a forEach item",
        (c) => {
          (c.tasks.fit as PipelineIR["tasks"][string]).when = [{ op: "gt", left: { loopItem: "folds", path: [] }, right: { constant: 1 } }];
        },
        /cannot express a condition on a forEach item \(the condition of "fit"\)/,
      ],
      [
        "a condition in onExit on a task's output",
        (c) => {
          (c.tasks.notify as PipelineIR["tasks"][string]).when = [{ op: "gt", left: { task: "pick", output: "accuracy" }, right: { constant: 0.5 } }];
        },
        /cannot express a condition on task "pick"'s output from another DAG \(the condition of "notify"\)/,
      ],
      [
        "an onExit task waiting for another",
        (c) => {
          c.tasks.notify2 = { ...(c.tasks.notify as PipelineIR["tasks"][string]), dependsOn: ["notify"] };
        },
        /cannot express onExit task "notify2" waiting for onExit task "notify"/,
      ],
    ];
    for (const [what, change, message] of cases) {
      it(what, () => {
        const changed = variant(ir, change);
        assert.throws(() => toKfp(changed, exportOptions(changed)), (error: Error & { code?: string }) => {
          assert.match(error.message, message);
          assert.equal(error.code, "export_unsupported");
          return true;
        });
      });
    }
  });
});
