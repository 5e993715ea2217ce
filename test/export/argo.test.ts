/** `toArgo`: valid against the Argo JSON Schema (strictly about field names), shaped like the official examples, deterministic, and refusing what Argo cannot express. */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { stringify } from "yaml";
import { toArgo } from "../../src/export/argo/workflow.ts";
import type { PipelineIR } from "../../src/ir/schema.ts";
import { argoValidator, exampleFieldPaths, fieldPaths } from "./argo-shapes.ts";
import { exportOptions, examplePipeline, variant } from "./fixtures/ir.ts";

const GOLDEN = join(import.meta.dirname, "fixtures/export-pipeline.argo.yaml");

type Doc = { [key: string]: any };

function templates(doc: Doc): Map<string, Doc> {
  return new Map((doc.spec.templates as Doc[]).map((t) => [t.name, t]));
}

function dagTasks(template: Doc | undefined): Map<string, Doc> {
  return new Map(((template?.dag.tasks ?? []) as Doc[]).map((t) => [t.name, t]));
}

describe("export to Argo Workflows", async () => {
  const ir = await examplePipeline();
  const validate = argoValidator();
  const doc = toArgo(ir, exportOptions(ir)) as Doc;

  it("validates against the published schema, and against it with unknown field names refused", () => {
    assert.equal(validate.published(doc), true, JSON.stringify(validate.published.errors?.slice(0, 3)));
    assert.equal(validate.strict(doc), true, JSON.stringify(validate.strict.errors?.slice(0, 3)));
    const cron = toArgo(ir, { ...exportOptions(ir), schedule: "0 3 * * *" });
    assert.equal(validate.strict(cron), true, JSON.stringify(validate.strict.errors?.slice(0, 3)));
    assert.equal((cron as Doc).kind, "CronWorkflow");
    assert.deepEqual((cron as Doc).spec.schedules, ["0 3 * * *"]);
  });

  it("the strict schema is not one that accepts anything: a misspelt field fails it", () => {
    const misspelt = structuredClone(doc);
    misspelt.spec.templates[0].dag.tasks[1].dependencies2 = ["x"];
    assert.equal(validate.published(misspelt), true);
    assert.equal(validate.strict(misspelt), false);
  });

  it("uses each field the official examples use, with the same JSON type", () => {
    const examples = exampleFieldPaths();
    // A Workflow's spec is a WorkflowTemplate's: compare the spec, and the top fields but metadata.name.
    const ours = fieldPaths(doc);
    let compared = 0;
    for (const [path, types] of ours) {
      const theirs = examples.get(path);
      if (!theirs) continue;
      compared += 1;
      for (const type of types) assert.ok(theirs.has(type), `${path} is a ${type} here, but ${[...theirs].join("/")} in the examples`);
    }
    // The features the examples show, written with the same fields.
    for (const path of [
      "spec.templates[].dag.tasks[].depends",
      "spec.templates[].dag.tasks[].when",
      "spec.templates[].dag.tasks[].withParam",
      "spec.templates[].dag.tasks[].arguments.parameters[].value",
      "spec.templates[].outputs.parameters[].valueFrom.path",
      "spec.templates[].outputs.artifacts[].path",
      "spec.templates[].retryStrategy.limit",
      "spec.templates[].retryStrategy.backoff.duration",
      "spec.templates[].retryStrategy.backoff.factor",
      "spec.templates[].retryStrategy.backoff.cap",
      "spec.templates[].container.args",
    ]) {
      assert.ok(ours.has(path), `the export has no ${path}`);
      assert.ok(examples.has(path), `the examples have no ${path}`);
    }
    assert.ok(compared > 30, `only ${compared} field paths compared`);
  });

  it("runs each task through exec-task, in dependency order, with conditions, fan-out and fan-in", () => {
    const byName = templates(doc);
    const main = dagTasks(byName.get("main"));
    assert.equal(main.get("prepare")?.depends, "conveyor-start");
    assert.equal(main.get("folds")?.depends, "prepare.Succeeded");
    assert.equal(main.get("folds-each")?.depends, "folds.Succeeded && prepare.Succeeded");
    assert.equal(main.get("pick")?.depends, "(folds-each.Succeeded || folds-each.Skipped)");
    assert.equal(main.get("publish")?.when, "{{tasks.pick.outputs.parameters.accuracy}} >= {{workflow.parameters.minAccuracy}}");
    // The forEach's parallelism bounds the iterations in flight; each runs the body DAG with its iteration.
    const fanout = byName.get("folds-fanout");
    assert.equal(fanout?.parallelism, 2);
    const each = dagTasks(fanout).get("each");
    assert.equal(each?.withParam, "{{inputs.parameters.iterations}}");
    assert.deepEqual(each?.arguments.parameters[1], { name: "iteration", value: "{{item}}" });
    const fit = byName.get("fit");
    assert.deepEqual(fit?.container.command, ["conveyor", "exec-task"]);
    assert.deepEqual(fit?.container.args, ["--run", "{{inputs.parameters.run}}", "--task", "fit", "--iteration", "{{inputs.parameters.iteration}}", "--outputs", "/tmp/conveyor/outputs"]);
    assert.deepEqual(fit?.container.resources, { requests: { cpu: "2", memory: "512Mi" }, limits: { cpu: "2", memory: "512Mi" } });
    assert.deepEqual(fit?.retryStrategy, { limit: "2", retryPolicy: "Always", backoff: { duration: "2s", factor: "2", cap: "60s" } });
    assert.equal(fit?.activeDeadlineSeconds, String(600 + 60));
    assert.deepEqual(fit?.outputs.artifacts, [{ name: "model", path: "/tmp/conveyor/outputs/artifacts/model", archive: { none: {} } }]);
    // The exit handler runs onExit's tasks, then ends the run in the store.
    assert.equal(doc.spec.onExit, "conveyor-exit");
    const exit = dagTasks(byName.get("conveyor-exit"));
    assert.deepEqual([...exit.keys()], ["notify", "conveyor-finish"]);
    assert.match(exit.get("conveyor-finish")?.depends, /notify\.Failed/);
    assert.deepEqual(doc.spec.arguments.parameters, [
      { name: "folds", value: "3" },
      { name: "label", value: "v1" },
      { name: "minAccuracy", value: "0.5" },
    ]);
  });

  it("is the same text for the same IR, whatever order its maps were read in (golden file)", () => {
    const reversed = (record: Record<string, unknown>) => Object.fromEntries(Object.entries(record).reverse());
    const shuffled = { ...ir, tasks: reversed(ir.tasks), loops: reversed(ir.loops), params: reversed(ir.params), components: reversed(ir.components) } as PipelineIR;
    const text = stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false });
    assert.equal(stringify(toArgo(shuffled, exportOptions(ir)), { lineWidth: 0, aliasDuplicateObjects: false }), text);
    if (process.env.CONVEYOR_UPDATE_GOLDEN) writeFileSync(GOLDEN, text);
    assert.equal(text, readFileSync(GOLDEN, "utf8"), "the export changed: review it, then rewrite the golden file with CONVEYOR_UPDATE_GOLDEN=1");
  });

  describe("refuses what Argo cannot express, naming it", () => {
    const cases: [string, (copy: PipelineIR) => void, RegExp][] = [
      [
        "a fractional backoff factor",
        (c) => {
          (c.tasks.fit as PipelineIR["tasks"][string]).options.retry.factor = 1.5;
        },
        /cannot express a retry backoff factor of 1\.5 \(task "fit"\)/,
      ],
      [
        "a condition on a forEach item",
        (c) => {
          (c.tasks.fit as PipelineIR["tasks"][string]).when = [{ op: "gt", left: { loopItem: "folds", path: [] }, right: { constant: 1 } }];
        },
        /cannot express a condition on a forEach item \(the condition of "fit"\)/,
      ],
      [
        "a condition on a collected list",
        (c) => {
          (c.tasks.pick as PipelineIR["tasks"][string]).when = [{ op: "truthy", value: { collect: { loop: "folds", task: "fit", output: "score" } } }];
        },
        /cannot express a condition on a list collected from a forEach/,
      ],
      [
        "a run status other than succeeded",
        (c) => {
          (c.tasks.notify as PipelineIR["tasks"][string]).when = [{ op: "eq", left: { runStatus: true }, right: { constant: "cancelled" } }];
        },
        /cannot express the run status compared with "cancelled"/,
      ],
      [
        "a condition in onExit on a task's output",
        (c) => {
          (c.tasks.notify as PipelineIR["tasks"][string]).when = [{ op: "gt", left: { task: "pick", output: "accuracy" }, right: { constant: 0.5 } }];
        },
        /cannot express a condition on task "pick"'s output from onExit/,
      ],
      [
        "a string with a quote",
        (c) => {
          (c.tasks.publish as PipelineIR["tasks"][string]).when = [{ op: "eq", left: { param: "label" }, right: { constant: "it's" } }];
        },
        /cannot express a condition compared with "it's"/,
      ],
    ];
    for (const [what, change, message] of cases) {
      it(what, () => {
        const changed = variant(ir, change);
        assert.throws(() => toArgo(changed, exportOptions(changed)), (error: Error & { code?: string }) => {
          assert.match(error.message, message);
          assert.equal(error.code, "export_unsupported");
          return true;
        });
      });
    }
    it("two names that would be one", () => {
      const changed = variant(ir, (c) => {
        c.tasks.pick_ = c.tasks.pick as PipelineIR["tasks"][string];
        c.tasks["pick-"] = c.tasks.pick as PipelineIR["tasks"][string];
      });
      assert.throws(() => toArgo(changed, exportOptions(changed)), /task "pick_" and task "pick-" would both be named "pick-"/);
    });
  });
});
