import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { Ajv2020 } from "ajv/dist/2020.js";
import { compile } from "../../src/compiler/compile.ts";
import { loadComponent } from "../../src/executors/load-component.ts";
import { ingestCsv } from "../../src/index.ts";
import type { ComponentIR } from "../../src/ir/schema.ts";
import { canonicalJson, irDigest, loadIr } from "../../src/ir/index.ts";
import { irJsonSchema } from "../../src/ir/json-schema.ts";
import { REPO_ROOT } from "../helpers/project.ts";
import * as F from "./fixtures.ts";

const root = REPO_ROOT;

async function compileError(p: Parameters<typeof compile>[0]): Promise<{ message: string; hint?: string; code: string }> {
  try {
    await compile(p, { root });
  } catch (error) {
    return error as { message: string; hint?: string; code: string };
  }
  assert.fail("expected a compile error");
}

describe("compiler", () => {
  it("is deterministic: same pipeline, byte-identical IR and digest", async () => {
    const a = canonicalJson(await compile(F.simple, { root }));
    const b = canonicalJson(await compile(F.simple, { root }));
    assert.equal(a, b);
    assert.equal(irDigest(JSON.parse(a)), irDigest(JSON.parse(b)));
    assert.match(irDigest(JSON.parse(a)), /^sha256:[0-9a-f]{64}$/);
  });

  it("binds a list or object with references among its parts part by part, and waits for their tasks", async () => {
    const ir = await compile(F.structured, { root });
    assert.deepEqual(ir.tasks.configure?.inputs, {
      limits: { object: { n: { param: "n" }, score: { task: "consume", output: "score" }, fixed: { constant: 1 } } },
      tags: { array: [{ param: "tag" }, { constant: "fixed" }] },
    });
    assert.deepEqual(ir.tasks.configure?.dependsOn, ["consume"]);
    assert.deepEqual(ir.tasks.constant?.inputs, { limits: { constant: { fixed: 2 } } }, "without references, a value stays a constant");
    assert.deepEqual(await loadIr(JSON.parse(canonicalJson(ir)), "structured"), ir);
    const error = await compileError(F.artifactInValue);
    assert.equal(error.code, "wrong_input_type");
    assert.match(error.message, /input "limits\.data" of task "configure" is a parameter value but was given an artifact/);
  });

  it("references components by module, export and code digest, with resolved options", async () => {
    const ir = await compile(F.simple, { root });
    assert.equal(ir.irVersion, 1);
    assert.deepEqual(ir.components.consume?.module, "test/ir/fixtures.ts");
    assert.equal(ir.components.consume?.export, "consume");
    assert.match(ir.components.consume?.codeDigest ?? "", /^sha256:/);
    assert.deepEqual(ir.tasks.consume?.inputs, { data: { task: "produce", output: "data" }, k: { constant: 2 } });
    assert.deepEqual(ir.tasks.consume?.dependsOn, ["produce"]);
    assert.deepEqual(ir.tasks.consume?.options.retry, { attempts: 3, backoffMs: 2000, factor: 2, maxBackoffMs: 300000 });
    assert.equal(ir.tasks.consume?.options.timeoutMs, 60000);
    assert.deepEqual(ir.tasks.produce?.inputs, { n: { param: "n" } });
  });

  it("records Conveyor's own components by package name, so the IR loads them from any project root", async () => {
    const ir = await compile(F.withBuiltIn, { root });
    assert.deepEqual(ir.components["ingest-csv"], { ...ir.components["ingest-csv"], module: "conveyor", export: "ingestCsv" });
    assert.equal(ir.components.consume?.module, "test/ir/fixtures.ts", "a project's own module stays relative to its root");
    const elsewhere = await mkdtemp(join(tmpdir(), "conveyor-elsewhere-"));
    try {
      assert.equal(await loadComponent(elsewhere, ir.components["ingest-csv"] as ComponentIR), ingestCsv);
    } finally {
      await rm(elsewhere, { recursive: true });
    }
  });

  it("produces IR that the shipped JSON Schema accepts, and the shipped schema is up to date", async () => {
    const shipped = JSON.parse(readFileSync(new URL("../../src/ir/ir.schema.json", import.meta.url), "utf8"));
    assert.deepEqual(shipped, JSON.parse(JSON.stringify(irJsonSchema())), "run `npm run gen:schema`");
    const validate = new Ajv2020({ strict: false }).compile(shipped);
    const ir = await compile(F.simple, { root });
    assert.ok(validate(JSON.parse(canonicalJson(ir))), JSON.stringify(validate.errors));
    assert.equal(validate({ ...ir, irVersion: 2 }), false);
  });

  it("loads IR back and rejects malformed or dangling IR", async () => {
    const ir = JSON.parse(canonicalJson(await compile(F.simple, { root })));
    assert.deepEqual(await loadIr(ir, "x.json"), ir);
    await assert.rejects(loadIr({ ...ir, tasks: { ...ir.tasks, consume: { ...ir.tasks.consume, dependsOn: ["ghost"] } } }, "x.json"), /depends on unknown task "ghost"/);
    const dangling = structuredClone(ir);
    dangling.tasks.consume.inputs.data = { task: "ghost", output: "data" };
    await assert.rejects(loadIr(dangling, "x.json"), /input "data" of task "consume" refers to unknown task "ghost"/);
    await assert.rejects(loadIr({ ...ir, irVersion: 9 }, "x.json"), /IR version 9, newer than this Conveyor understands/);
    await assert.rejects(loadIr({ ...ir, tasks: 3 }, "x.json"), /x.json is not valid pipeline IR at tasks/);
  });

  it("refuses at load a cycle through data inputs and a parameter bound to an artifact, naming the tasks", async () => {
    const ir = JSON.parse(canonicalJson(await compile(F.simple, { root })));
    // Loaded before, recorded as a run, and failed there: dependsOn did not name the edge.
    const cyclic = structuredClone(ir);
    cyclic.tasks.produce.inputs.n = { task: "consume", output: "score" };
    await assert.rejects(loadIr(cyclic, "x.json"), /the pipeline has a cycle: (produce → consume → produce|consume → produce → consume)/);
    const throughCondition = structuredClone(ir);
    throughCondition.tasks.produce.when = [{ op: "truthy", value: { task: "consume", output: "score" } }];
    await assert.rejects(loadIr(throughCondition, "x.json"), /the pipeline has a cycle/);
    const mixed = structuredClone(ir);
    mixed.tasks.consume.inputs.k = { task: "produce", output: "data" };
    await assert.rejects(
      loadIr(mixed, "x.json"),
      /input "k" of task "consume" is a parameter, but is bound to output "data" of task "produce", which is an artifact \(Dataset\)/,
    );
    const reversed = structuredClone(ir);
    reversed.tasks.consume.inputs.data = { task: "produce", output: "items" };
    await assert.rejects(loadIr(reversed, "x.json"), /input "data" of task "consume" is an artifact \(Dataset\), but is bound to output "items"/);
  });

  it("rejects cycles, duplicate names and invalid values at compile time", async () => {
    assert.match((await compileError(F.cyclic)).message, /the pipeline has a cycle: (a → b → a|b → a → b)/);
    assert.match((await compileError(F.duplicate)).message, /two tasks are named "same"/);
    assert.match((await compileError(F.badDefault)).message, /default of pipeline parameter "n" must be at least 0, got -1/);
    assert.match((await compileError(F.badConstant)).message, /input "n" of task "produce" must be a whole number, got 1.5/);
  });

  it("explains structural mistakes", async () => {
    const hidden = await compileError(F.notExported);
    assert.match(hidden.message, /component "hidden" is not exported from test\/ir\/fixtures.ts/);
    assert.match(hidden.hint ?? "", /export const hidden/);
    assert.match((await compileError(F.nestedLoops)).message, /forEach inside forEach "for-1" is not supported/);
    assert.match((await compileError(F.leakyLoop)).message, /runs once per item of forEach "for-1"/);
    assert.match((await compileError(F.artifactParam)).message, /takes artifact "data" as a parameter/);
  });
});
