/**
 * Conveyor as a user gets it: `npm pack`, installed from the tarball into an empty project with
 * `npm ci --offline` (npm's cache only; see user-lockfile.ts), then used with the defaults of
 * `tsc --init` and `npx conveyor`, with nothing else installed.
 *
 * better-sqlite3 builds from source on install (about two minutes, its prebuilt download cannot
 * work offline), so the install skips install scripts and the project gets the repository's
 * compiled binding instead: the same better-sqlite3 version, built for this same Node. esbuild
 * (in tsx) needs no install script: its platform binary is an ordinary optional dependency.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { REPO_ROOT } from "../helpers/project.ts";
import { userLockfile } from "./user-lockfile.ts";

const run = promisify(execFile);
const TSC = join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");
const SQLITE_BINDING = join("node_modules", "better-sqlite3", "build", "Release", "better_sqlite3.node");

/** The environment of a user's shell: no npm script's variables, no repository on PATH, no Conveyor settings. */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { NO_COLOR: "1", ONNXRUNTIME_NODE_INSTALL: "skip" };
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith("npm_") || key.startsWith("CONVEYOR_") || key === "INIT_CWD" || key === "FORCE_COLOR") continue;
    env[key] = value;
  }
  env.PATH = (process.env.PATH ?? "")
    .split(delimiter)
    .filter((dir) => !dir.includes("node_modules"))
    .join(delimiter);
  return env;
}

const PIPELINE = `import { component, Dataset, ingestCsv, param, pipeline } from "conveyor";

export const countRows = component({
  name: "count-rows",
  inputs: { data: Dataset },
  outputs: { rows: param.int() },
  isolation: "process",
  async run({ data }) {
    return { rows: (await data.text()).trim().split("\\n").length - 1 };
  },
});

export default pipeline({ name: "packaged", params: { file: param.string({ default: "data.csv" }) } }, (p) => {
  const raw = ingestCsv({ path: p.file });
  countRows({ data: raw.outputs.data });
});
`;

const TRACKED = `import { endRun, logMetric, logParams, startRun } from "conveyor";

const run = await startRun({ experiment: "notebook" });
await logParams({ lr: 0.05 });
for (let step = 0; step < 3; step++) logMetric("loss", 1 / (step + 1), step);
await endRun();
console.log(run.id);
`;

const TRIGGERS = `import { defineTriggers } from "conveyor";

export default defineTriggers([{ name: "nightly", kind: "schedule", cron: "0 2 * * *", pipeline: "pipeline.ts" }]);
`;

describe("the npm package, installed from its tarball in an empty project", { timeout: 15 * 60_000 }, () => {
  let work: string;
  let user: string;
  const inUser = (file: string, args: string[]) => run(file, args, { cwd: user, env: userEnv(), maxBuffer: 1 << 24 });

  before(async () => {
    work = await mkdtemp(join(tmpdir(), "conveyor-pack-"));
    user = join(work, "user");
    await mkdir(user);
    // npm pack runs `prepare`, so the tarball holds a fresh build.
    await run("npm", ["pack", "--silent", "--pack-destination", work], { cwd: REPO_ROOT, maxBuffer: 1 << 24 });
    const tarball = (await readdir(work)).find((f) => f.endsWith(".tgz"));
    assert.ok(tarball, "npm pack made no tarball");
    const spec = `file:../${tarball}`;
    const registry = (await run("npm", ["config", "get", "registry"])).stdout.trim();
    await writeFile(
      join(user, "package.json"),
      JSON.stringify({ name: "user-project", private: true, type: "module", dependencies: { conveyor: spec } }),
    );
    await writeFile(join(user, "package-lock.json"), JSON.stringify(await userLockfile(spec, join(work, tarball), registry)));
    await inUser("npm", ["ci", "--offline", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"]);
    await mkdir(dirname(join(user, SQLITE_BINDING)), { recursive: true });
    await copyFile(join(REPO_ROOT, SQLITE_BINDING), join(user, SQLITE_BINDING));
    await writeFile(join(user, "pipeline.ts"), PIPELINE);
    await writeFile(join(user, "data.csv"), "x,y\n1,2\n3,4\n");
  });

  after(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it("type-checks a pipeline under `tsc --init` defaults, and every wiring mistake of test/types is a compile error", async () => {
    await inUser(process.execPath, [TSC, "--init"]);
    assert.match(await readFile(join(user, "tsconfig.json"), "utf8"), /"module": "nodenext"/);
    const wiring = await readFile(join(REPO_ROOT, "test", "types", "wiring.ts"), "utf8");
    assert.match(wiring, /from "\.\.\/\.\.\/src\/index\.ts"/);
    await writeFile(join(user, "wiring.ts"), wiring.replace('from "../../src/index.ts"', 'from "conveyor"'));
    // A @ts-expect-error line that is no longer an error fails the check (an unused directive).
    const checked = await inUser(process.execPath, [TSC, "--noEmit", "-p", "."]).catch((e: { stdout: string }) => e);
    assert.equal(checked.stdout, "", "tsc reported errors");
  });

  it("`npx conveyor run pipeline.ts` runs it (a task in a child process too), and its IR names Conveyor's components by package, the user's by file", async () => {
    const { stdout } = await inUser("npx", ["--offline", "conveyor", "run", "pipeline.ts", "--json"]);
    const result = JSON.parse(stdout) as { run: { status: string }; tasks: { name: string; status: string }[] };
    assert.equal(result.run.status, "succeeded");
    await inUser("npx", ["--offline", "conveyor", "compile", "pipeline.ts", "-o", "pipeline.json"]);
    const ir = JSON.parse(await readFile(join(user, "pipeline.json"), "utf8"));
    assert.deepEqual(
      [ir.components["ingest-csv"].module, ir.components["ingest-csv"].export, ir.components["count-rows"].module],
      ["conveyor", "ingestCsv", "pipeline.ts"],
    );
  });

  it("`npx conveyor triggers list` reads the user's triggers.ts", async () => {
    await writeFile(join(user, "triggers.ts"), TRIGGERS);
    const { stdout } = await inUser("npx", ["--offline", "conveyor", "triggers", "list", "--json"]);
    assert.deepEqual(
      (JSON.parse(stdout) as { name: string }[]).map((t) => t.name),
      ["nightly"],
    );
  });

  it("the built `conveyor` (its commands bundled into one file by the build) explains every command as the sources do", async () => {
    const built = join(user, "node_modules", "conveyor", "dist", "cli", "main.js");
    const sources = join(REPO_ROOT, "bin", "conveyor.js");
    const help = async (cli: string, args: string[]) => (await inUser(process.execPath, [cli, ...args, "--help"])).stdout;
    const top = await help(built, []);
    assert.equal(top, await help(sources, []));
    const commands = [...top.matchAll(/^ {2}([a-z]+) /gm)].map((m) => m[1] as string).filter((c) => c !== "help");
    assert.ok(commands.length > 15, top);
    for (const command of commands) assert.equal(await help(built, [command]), await help(sources, [command]), `conveyor ${command} --help`);
  });

  it("runs a tracking script from the user's folder with `node --import conveyor/register`", async () => {
    await writeFile(join(user, "track.ts"), TRACKED);
    const id = (await inUser(process.execPath, ["--import", "conveyor/register", "track.ts"])).stdout.trim();
    const { stdout } = await inUser("npx", ["--offline", "conveyor", "runs", "show", id, "--json"]);
    assert.equal((JSON.parse(stdout) as { run: { status: string } }).run.status, "succeeded");
  });
});
