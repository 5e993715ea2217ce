/** The commands that look at finished runs: runs, logs, cache explain, lineage, and compile. */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { assertOk, json, type Project, project } from "./harness.ts";
import { FLAKY, STEPS } from "./pipelines.ts";

interface Details {
  run: { id: string; status: string; pipelineDigest: string };
  tasks: { id: string; name: string; status: string }[];
  cachedFrom: Record<string, { runId: string; task: string }>;
}

interface Graph {
  nodes: { id: string; kind: string; name?: string; digest?: string }[];
  edges: { from: string; to: string; kind: string; name: string; cached: boolean }[];
}

describe("inspecting runs", { concurrency: true }, () => {
  let p: Project;
  /** n=2; the same again (every task cached); then n=3 (a new make, so nothing cached). */
  let first: Details;
  let second: Details;
  let third: Details;

  before(async () => {
    p = await project();
    await p.write("steps.ts", STEPS);
    first = json(await p.cli("run", "steps.ts", "--json"));
    second = json(await p.cli("run", "steps.ts", "--json"));
    third = json(await p.cli("run", "steps.ts", "--param", "n=3", "--json"));
  });

  it("runs list shows the runs newest first, and filters them", async () => {
    const text = await p.cli("runs", "list");
    assertOk(text);
    const lines = text.stdout.trim().split("\n");
    assert.match(lines[0] ?? "", /^run\s+experiment\s+pipeline\s+status\s+started\s+duration\s+trigger$/);
    assert.deepEqual(
      lines.slice(1).map((l) => l.split(/\s+/)[0]),
      [third.run.id, second.run.id, first.run.id],
    );
    assert.match(lines[1] ?? "", /steps\s+steps\s+✔ succeeded\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+\S+\s+cli$/);
    const limited = json<{ id: string }[]>(await p.cli("runs", "list", "--limit", "1", "--json"));
    assert.deepEqual(limited.map((r) => r.id), [third.run.id]);
    assert.deepEqual(json(await p.cli("runs", "list", "--pipeline", "other", "--json")), []);
    assert.equal(json<unknown[]>(await p.cli("runs", "--status", "succeeded", "--json")).length, 3);
  });

  it("runs show names the run each cached task came from", async () => {
    const shown = await p.cli("runs", "show", second.run.id.slice(0, 10));
    assertOk(shown);
    assert.match(shown.stdout, new RegExp(`^run ${second.run.id}\\s+steps\\s+✔ succeeded`));
    assert.match(shown.stdout, new RegExp(`make\\s+↺ cached .*from run ${first.run.id} task make`));
    assert.match(shown.stdout, new RegExp(`fit\\[1\\]\\s+↺ cached .*from run ${first.run.id} task fit\\[1\\]`));
    const details = json<Details>(await p.cli("runs", "show", second.run.id, "--json"));
    const make = details.tasks.find((t) => t.name === "make");
    assert.deepEqual(details.cachedFrom[make?.id ?? ""], { runId: first.run.id, task: "make" });
  });

  it("logs prints every task's lines, prefixed with task and attempt", async () => {
    const all = await p.cli("logs", third.run.id);
    assertOk(all);
    assert.match(all.stdout, /^\d\d:\d\d:\d\d\.\d{3} make#1 making 3 rows$/m);
    for (const k of [1, 2, 3]) assert.match(all.stdout, new RegExp(`^\\S+ fit\\[${k - 1}\\]#1 WARN fitting k=${k}$`, "m"));
    const one = await p.cli("logs", third.run.id, "fit[2]");
    assertOk(one);
    assert.match(one.stdout, /^\S+ WARN fitting k=3\n$/);
    const lines = (await p.cli("logs", third.run.id, "--json")).stdout.trim().split("\n").map((l) => JSON.parse(l));
    assert.deepEqual(lines[0], { ...lines[0], task: "make", attempt: 1, level: "info", stream: "log", message: "making 3 rows" });
  });

  it("logs of a cached task says it ran nothing", async () => {
    const result = await p.cli("logs", second.run.id, "make");
    assertOk(result);
    assert.equal(result.stdout, "");
    assert.match(result.stderr, /no log lines \(task make is cached and ran no attempt here\)/);
  });

  it("cache explain tells a hit, a changed parameter, and a first run apart", async () => {
    const hit = await p.cli("cache", "explain", second.run.id, "fit[0]");
    assertOk(hit);
    assert.equal(hit.stdout, `hit: reused outputs of run ${first.run.id} task fit[0]\n`);
    const changed = await p.cli("cache", "explain", third.run.id, "make");
    assertOk(changed);
    assert.equal(changed.stdout, `miss: changed since run ${second.run.id} task make:\n  - parameter "n" changed: 2 → 3\n`);
    const firstRun = json(await p.cli("cache", "explain", first.run.id, "make", "--json"));
    assert.deepEqual(firstRun, { run: first.run.id, task: "make", verdict: "first" });
    const newIteration = await p.cli("cache", "explain", third.run.id, "fit[2]");
    assert.match(newIteration.stdout, /^miss: no earlier run of this task$/m);
  });

  it("lineage of a run lists each task's input and output artifacts", async () => {
    const text = await p.cli("lineage", first.run.id);
    assertOk(text);
    assert.equal(
      text.stdout.replace(/sha256:[0-9a-f]{12}/g, "sha256:…"),
      [
        `run ${first.run.id}  steps  ✔ succeeded`,
        "  make  ✔ succeeded",
        "    out data   Dataset  sha256:…  6 B",
        "  for-1  ✔ succeeded",
        "  fit[0]  ✔ succeeded",
        "    in  data   Dataset  sha256:…  6 B",
        "    out model  Model    sha256:…  13 B",
        "  fit[1]  ✔ succeeded",
        "    in  data   Dataset  sha256:…  6 B",
        "    out model  Model    sha256:…  13 B",
        "",
      ].join("\n"),
    );
    const graph = json<Graph>(await p.cli("lineage", first.run.id, "--json"));
    const data = graph.nodes.find((n) => n.kind === "artifact" && graph.edges.some((e) => e.from === n.id && e.name === "data"));
    assert.ok(data, "the dataset is a node");
    assert.equal(graph.edges.filter((e) => e.from === data.id && e.kind === "input").length, 2, "both fits used it");
  });

  it("lineage of an artifact shows who produced and who reused it", async () => {
    const graph = json<Graph>(await p.cli("lineage", first.run.id, "--json"));
    const model = graph.nodes.find((n) => n.kind === "artifact" && graph.edges.some((e) => e.to === n.id && e.name === "model"));
    const digest = model?.digest ?? "";
    const text = await p.cli("lineage", digest.slice("sha256:".length, "sha256:".length + 10));
    assertOk(text);
    assert.match(text.stdout, new RegExp(`^artifact ${digest}  Model  13 B  application/json$`, "m"));
    // The third run fitted k=1 again on other data, and made the same model.
    const producers = `produced by\\n {4}fit\\[0\\] as "model"  run ${first.run.id} \\(steps\\)\\n {4}fit\\[0\\] as "model"  run ${third.run.id}`;
    assert.match(text.stdout, new RegExp(producers));
    assert.match(text.stdout, new RegExp(`reused from the cache by\\n {4}fit\\[0\\] as "model"  run ${second.run.id} \\(steps\\)`));
    const artifactGraph = json<Graph>(await p.cli("lineage", digest, "--json"));
    assert.deepEqual(
      artifactGraph.edges.map((e) => [e.kind, e.cached]),
      [
        ["output", false],
        ["output", true],
        ["output", false],
      ],
    );
  });

  it("compile writes canonical IR whose digest is the one a run records", async () => {
    const out = await p.cli("compile", "steps.ts", "-o", "steps.json");
    assertOk(out);
    assert.equal(out.stdout, "");
    const [summary, digest] = out.stderr.trim().split("\n");
    assert.equal(summary, "pipeline steps, 2 tasks → steps.json");
    assert.equal(digest, first.run.pipelineDigest);
    const written = await readFile(join(p.dir, "steps.json"), "utf8");
    assert.ok(written.startsWith('{\n  "components": {') && written.endsWith("}\n"), "2-space canonical JSON and a newline");
    const toStdout = await p.cli("compile", "steps.json");
    assertOk(toStdout);
    assert.equal(toStdout.stdout, written, "compiling the IR again changes nothing");
  });
});

describe("a task that succeeds on its retry", () => {
  let p: Project;
  let run: Details;

  before(async () => {
    p = await project();
    await p.write("flaky.ts", FLAKY);
    run = json<Details>(await p.cli("run", "flaky.ts", "--json"));
  });

  it("cache explain says why an unchanged task ran again", async () => {
    const again = json<Details>(await p.cli("run", "flaky.ts", "--no-cache", "--json"));
    const result = await p.cli("cache", "explain", again.run.id, "flaky");
    assertOk(result);
    assert.equal(result.stdout, `miss: nothing changed since run ${run.run.id} task flaky, but the run was started with --no-cache\n`);
  });

  it("logs shows each attempt's lines under its own header", async () => {
    const result = await p.cli("logs", run.run.id, "flaky");
    assertOk(result);
    const lines = result.stdout.split("\n").filter((l) => !l.startsWith("    at "));
    assert.deepEqual(
      lines.map((l) => l.replace(/^\d\d:\d\d:\d\d\.\d{3} /, "")),
      [
        "── attempt 1 ──",
        "attempt 1",
        "ERROR Error: the first attempt fails",
        "WARN attempt 1 failed: the first attempt fails; retrying in 0.0s",
        "── attempt 2 ──",
        "attempt 2",
        "",
      ],
    );
  });
});

describe("a run in a git repository", () => {
  it("records the commit, the branch and whether tracked files changed", async () => {
    const p = await project();
    await p.write("steps.ts", STEPS);
    const git = (...args: string[]) =>
      execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd: p.dir, encoding: "utf8" }).trim();
    git("init", "-q", "-b", "trunk");
    git("add", "steps.ts", "package.json");
    git("commit", "-q", "-m", "pipeline");
    const clean = json<{ context: { code: unknown } }>(await p.cli("run", "steps.ts", "--json"));
    assert.deepEqual(clean.context.code, { commit: git("rev-parse", "HEAD"), branch: "trunk", dirty: false });
    await p.write("steps.ts", `${STEPS}\n// edited\n`);
    const edited = json<{ context: { code: { dirty: boolean } } }>(await p.cli("run", "steps.ts", "--json"));
    assert.equal(edited.context.code.dirty, true);
  });
});
