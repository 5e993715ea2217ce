/**
 * A real `conveyor server` (the command, from the sources) on loopback over a throw-away
 * project whose store holds real runs, for the dashboard's browser tests.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { project as cliProject, type Project, SDK } from "../cli/harness.ts";

const BIN = fileURLToPath(new URL("../../bin/conveyor.js", import.meta.url));
/** How long a stopped server may take to end its streams and cancel its runs. */
const STOP_GRACE_MS = 20_000;

export interface Server {
  url: string;
  port: number;
  child: ChildProcess;
  /** Stops it (SIGTERM) and waits until it has. */
  stop(): Promise<void>;
}

/** Starts `conveyor server` in `dir` with `token`, on `port` (0: a free one), once it prints its URL. */
export function startServer(dir: string, token: string, port = 0): Promise<Server> {
  const { CONVEYOR_DB: _db, CONVEYOR_ROOT: _root, ...env } = process.env;
  const child = spawn(process.execPath, [BIN, "server", "--port", String(port)], {
    cwd: dir,
    env: { ...env, CONVEYOR_TOKEN: token, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<void>((resolve) => child.on("close", () => resolve()));
  let seen = "";
  return new Promise((resolve, reject) => {
    child.stderr?.on("data", (d: Buffer) => {
      seen += d.toString();
    });
    child.stdout?.on("data", (d: Buffer) => {
      seen += d.toString();
      const match = /^serving .* at (http:\/\/\S+)\/api\/v1 /m.exec(seen);
      if (match) {
        const url = match[1] as string;
        resolve({
          url,
          port: Number(new URL(url).port),
          child,
          stop: async () => {
            child.kill("SIGTERM");
            // A server that outlives SIGTERM is a failure of its own, named here, and killed so
            // that the tests after it still get a port and a clean store.
            const stopped = await Promise.race([exited.then(() => true), new Promise<false>((r) => setTimeout(r, STOP_GRACE_MS, false))]);
            if (!stopped) {
              child.kill("SIGKILL");
              await exited;
              assert.fail(`conveyor server did not exit within ${STOP_GRACE_MS / 1000} s of SIGTERM:\n${seen}`);
            }
          },
        });
      }
    });
    child.on("close", () => reject(new Error(`conveyor server exited before printing its URL:\n${seen}`)));
  });
}

/** Calls the API as a test's own client (to check what the page did, and to set things up). */
export async function api<T = any>(server: Server, token: string, path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`${server.url}/api/v1${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...init.headers } });
  const text = await res.text();
  assert.ok(res.ok, `${init.method ?? "GET"} ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

/** Pipelines the dashboard tests run: a chain whose steps each wait for their own gate file, and one that fails. */
const IMPORT = `import { component, param, pipeline } from ${JSON.stringify(SDK)};
import { existsSync } from "node:fs";`;

export const CHAIN = `${IMPORT}
export const step = component({
  name: "step",
  inputs: { gate: param.string(), label: param.string() },
  outputs: { done: param.string() },
  async run({ gate, label }, ctx) {
    ctx.log.info(\`step \${label} waiting\`);
    while (gate && !existsSync(\`\${gate}-\${label}\`) && !ctx.signal.aborted) await new Promise((r) => setTimeout(r, 20));
    return { done: label };
  },
});
export default pipeline(
  { name: "chain", params: { gate: param.string({ default: "" }), size: param.int({ default: 3, min: 1, max: 10 }) } },
  (p) => {
    const a = step({ gate: p.gate, label: "a" }, { name: "a" });
    const b = step({ gate: p.gate, label: "b" }, { name: "b" }).after(a);
    step({ gate: p.gate, label: "c" }, { name: "c" }).after(b);
  },
);
`;

export const FAILING = `${IMPORT}
export const broken = component({
  name: "broken",
  inputs: { rows: param.int() },
  async run({ rows }, ctx) {
    ctx.log.warn(\`checking \${rows} rows\`);
    throw new Error(\`bad rows: \${rows} of them have no label\`);
  },
});
export default pipeline({ name: "failing" }, () => {
  broken({ rows: 7 });
});
`;

export const TRACKED = `import { endRun, logMetric, startRun } from ${JSON.stringify(SDK)};
await startRun({ experiment: "notebook" });
logMetric("loss", 0.5);
await endRun();
`;

/** A tracked run that logs a model file whose content is its first argument, for registering versions. */
export const TRACKED_MODEL = `import { endRun, logArtifact, startRun } from ${JSON.stringify(SDK)};
import { writeFile } from "node:fs/promises";
await startRun({ experiment: "models" });
await writeFile("model.json", JSON.stringify({ weights: process.argv[2] }));
await logArtifact("model.json", { type: "Model", name: "model" });
await endRun();
`;

/** A tracked run in experiment "curves" with param lr (its first argument) and a loss history of ten steps. */
export const TRACKED_CURVE = `import { endRun, logMetric, logParams, startRun } from ${JSON.stringify(SDK)};
const lr = Number(process.argv[2]);
await startRun({ experiment: "curves" });
await logParams({ lr });
for (let step = 0; step < 10; step++) logMetric("loss", lr / (step + 1), step);
await endRun();
`;

/** Runs a script of the project's with tsx, as a user would with `node --import conveyor/register`. */
export function runScript(dir: string, file: string, ...args: string[]): void {
  const ran = spawnSync(process.execPath, ["--import", import.meta.resolve("tsx/esm"), file, ...args], { cwd: dir, encoding: "utf8" });
  assert.equal(ran.status, 0, ran.stderr);
}

/** A project with a run of each pipeline recorded by the CLI (and a tracked run), as the server will find it. */
export async function seededProject(): Promise<Project> {
  const p = await cliProject();
  await p.write("chain.ts", CHAIN);
  await p.write("failing.ts", FAILING);
  await p.write("tracked.ts", TRACKED);
  const chain = await p.cli("run", "chain.ts", "--param", "size=2");
  assert.equal(chain.code, 0, chain.stderr);
  const failing = await p.cli("run", "failing.ts");
  assert.notEqual(failing.code, 0, failing.stderr);
  runScript(p.dir, "tracked.ts");
  return p;
}
