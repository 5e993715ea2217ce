/**
 * examples/ci/deliver.yml, run as a CI runner would: each step's `run` script, in order, in bash
 * with GitHub's flags, from the repository, against a fresh local store. Two deliveries (the
 * first creates the deployments, the second canaries and promotes), then a drifted batch and a
 * canary that is gone by promotion time, each stopping the delivery with the exit code meant for it.
 * The smoke test serves the staging deployment with `conveyor serve` on a free loopback port.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { REPO_ROOT } from "../helpers/project.ts";

const WORKFLOW = join(REPO_ROOT, "examples/ci/deliver.yml");
const DELIVERY = ["tests", "data validation", "drift check", "train and gate", "deploy to staging", "smoke test", "canary 10%", "bake", "promote"];

interface Step {
  name: string;
  run: string;
}

/** The named steps of the workflow's one job, and its top-level env (less what comes from secrets). */
function parseWorkflow(text: string): { env: Record<string, string>; steps: Step[] } {
  const lines = text.split("\n");
  const env: Record<string, string> = {};
  const steps: Step[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line === "env:") {
      for (i++; /^ {2}\S/.test(lines[i] ?? ""); i++) {
        const [, key, value] = /^ {2}(\w+): (.*)$/.exec(lines[i] as string) ?? [];
        if (key && value && !value.includes("${{")) env[key] = value.replace(/^"(.*)"$/, "$1");
      }
    }
    const name = /^ {6}- name: (.+)$/.exec(line)?.[1];
    if (!name) continue;
    let j = i + 1;
    while (/^ {8}#/.test(lines[j] ?? "")) j++;
    const run = /^ {8}run: (.*)$/.exec(lines[j] ?? "")?.[1];
    assert.ok(run !== undefined, `step "${name}" has a run script`);
    if (run !== "|") {
      steps.push({ name, run });
      continue;
    }
    const body: string[] = [];
    for (j++; j < lines.length && (lines[j] === "" || /^ {10}/.test(lines[j] as string)); j++) body.push((lines[j] as string).slice(10));
    steps.push({ name, run: body.join("\n").trim() });
  }
  return { env, steps };
}

/** A loopback port free now, for the smoke test's server. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Outcome {
  code: number | null;
  output: string;
}

describe("examples/ci/deliver.yml", () => {
  let dir: string;
  let workflow: { env: Record<string, string>; steps: Step[] };
  let port: number;

  /** One step's script as the runner runs it: bash -eo pipefail, from the repository. */
  function runScript(script: string, env: Record<string, string> = {}): Promise<Outcome> {
    const { CONVEYOR_DB: _db, CONVEYOR_URL: _url, CONVEYOR_ROOT: _root, FORCE_COLOR: _color, ...rest } = process.env;
    const child = spawn("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", script], {
      cwd: REPO_ROOT,
      env: {
        ...rest,
        ...workflow.env,
        CANARY_BAKE_SECONDS: "0",
        SERVE_PORT: String(port),
        PATH: `${join(dir, "bin")}:${process.env.PATH}`,
        CONVEYOR_ROOT: join(dir, "project"),
        RUNNER_TEMP: join(dir, "runner"),
        ...env,
      },
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d));
    child.stderr.on("data", (d: Buffer) => (output += d));
    return new Promise((resolve, reject) => {
      child.on("error", reject);
      child.on("close", (code) => resolve({ code, output }));
    });
  }

  /** Runs the delivery's steps in order (from `from` to `until`) until one fails; returns the steps run and the failure, if any. */
  async function deliver(runNumber: number, env: Record<string, string> = {}, { from = "tests", until }: { from?: string; until?: string } = {}) {
    const ran: string[] = [];
    for (const step of workflow.steps.slice(workflow.steps.findIndex((s) => s.name === from))) {
      const outcome = await runScript(step.run, { GITHUB_RUN_NUMBER: String(runNumber), GITHUB_RUN_ID: `run-${runNumber}`, ...env });
      ran.push(step.name);
      if (outcome.code !== 0) return { ran, failed: { step: step.name, ...outcome } };
      if (step.name === until) break;
    }
    return { ran, failed: undefined };
  }

  const conveyorJson = async (...args: string[]) => {
    const outcome = await runScript(`conveyor ${args.map((a) => `'${a}'`).join(" ")}`);
    assert.equal(outcome.code, 0, outcome.output);
    return JSON.parse(outcome.output);
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "conveyor-ci-"));
    await mkdir(join(dir, "bin"));
    await mkdir(join(dir, "runner"));
    await mkdir(join(dir, "project", "data"), { recursive: true });
    // What `npm ci` and $GITHUB_PATH give the runner: `conveyor` on the PATH.
    await writeFile(join(dir, "bin", "conveyor"), `#!/bin/sh\nexec "${process.execPath}" "${join(REPO_ROOT, "bin/conveyor.js")}" "$@"\n`);
    await chmod(join(dir, "bin", "conveyor"), 0o755);
    const iris = await readFile(join(REPO_ROOT, "data/iris.csv"), "utf8");
    await writeFile(join(dir, "project", "data", "iris.csv"), iris);
    // Every measure a quarter larger: still within the validated ranges, but a batch the drift check must stop.
    const [header, ...rows] = iris.trimEnd().split("\n");
    const drifted = rows.map((r) => r.split(",").map((v, i) => (i < 4 ? String(Number(v) * 1.25) : v)).join(","));
    await writeFile(join(dir, "project", "data", "iris-drifted.csv"), `${[header, ...drifted].join("\n")}\n`);
    workflow = parseWorkflow(await readFile(WORKFLOW, "utf8"));
    port = await freePort();
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it("has the delivery's steps, in order, after the install", () => {
    assert.deepEqual(workflow.steps.map((s) => s.name), ["install", ...DELIVERY]);
    assert.deepEqual(Object.keys(workflow.env).sort(), ["CANARY_BAKE_SECONDS", "INCOMING_DATA", "NO_COLOR", "REFERENCE_DATA", "SERVE_PORT"]);
  });

  it("delivers a first version to staging and production, then canaries and promotes the next", { timeout: 300_000 }, async () => {
    const first = await deliver(1);
    assert.equal(first.failed, undefined, JSON.stringify(first.failed));
    assert.deepEqual(first.ran, DELIVERY);
    assert.equal((await conveyorJson("deploy", "show", "iris-staging", "--json")).deployment.stable, "models:/iris@candidate");
    const prod = await conveyorJson("deploy", "show", "iris-prod", "--json");
    assert.deepEqual([prod.deployment.stage, prod.deployment.stable, prod.events.map((e: { kind: string }) => e.kind)], ["production", "models:/iris@champion", ["create"]]);

    const second = await deliver(2);
    assert.equal(second.failed, undefined, JSON.stringify(second.failed));
    const after = await conveyorJson("deploy", "show", "iris-prod", "--json");
    assert.deepEqual(
      after.events.map((e: { kind: string; deployed: { version: number } | null; reason: string }) => [e.kind, e.deployed?.version ?? null, e.reason]),
      [["create", 1, "first delivery, CI run run-1"], ["canary", 2, "CI run run-2"], ["promote", 2, "canary clean for 0s, CI run run-2"]],
    );
    assert.deepEqual((await conveyorJson("models", "show", "iris", "--json")).model.aliases, { candidate: 2, champion: 2 });
  });

  it("stops a delivery at the drift check when the incoming batch drifted", { timeout: 120_000 }, async () => {
    const { ran, failed } = await deliver(3, { INCOMING_DATA: "data/iris-drifted.csv" });
    assert.deepEqual(ran, ["tests", "data validation", "drift check"]);
    assert.equal(failed?.code, 1);
    assert.match(failed?.output ?? "", /noDrift/);
  });

  it("fails the promotion, exit 3, when the canary was rolled back before it", { timeout: 300_000 }, async () => {
    // The steps before training were run above; this delivery starts from a new version.
    const { failed } = await deliver(4, {}, { from: "train and gate", until: "canary 10%" });
    assert.equal(failed, undefined, JSON.stringify(failed));
    // What the server does when the canary crosses its thresholds, done here by hand.
    assert.equal((await runScript("conveyor deploy rollback iris-prod --reason 'error rate 0.4 > 0.05'")).code, 0);
    const promote = workflow.steps.find((s) => s.name === "promote") as Step;
    const outcome = await runScript(promote.run, { GITHUB_RUN_ID: "run-4" });
    assert.equal(outcome.code, 3, outcome.output);
    assert.match(outcome.output, /deployment "iris-prod" has no candidate to promote/);
    assert.equal((await conveyorJson("models", "show", "iris", "--json")).model.aliases.champion, 2);
  });
});
