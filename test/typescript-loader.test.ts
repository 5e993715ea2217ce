/**
 * Conveyor's TypeScript loader beside tsx. A component's code digest is part of its cache key
 * and of the IR: it must not depend on which loader compiled its module, Conveyor's (the CLI,
 * executors) or tsx (`node --import conveyor/register script.ts`, and this test process), or IR
 * compiled by one would be refused as changed by the other, and every cached result would miss.
 * And under `conveyor/register`, the engine runs the script's own component modules.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { after, describe, it } from "node:test";
import type { AnyComponent } from "../src/sdk/component.ts";
import { importModule, sourceModule } from "../src/typescript-loader.ts";

const SDK = JSON.stringify(new URL("../src/index.ts", import.meta.url).pathname);
const REGISTER = fileURLToPath(new URL("../src/register.ts", import.meta.url));

/** A component that reports module state the script sets before it runs the pipeline. */
const STATEFUL = `import { component, param, pipeline } from ${SDK};

export const settings = { greeting: "the module's own" };

export const greet = component({
  name: "greet",
  outputs: { greeting: param.string() },
  run: () => ({ greeting: settings.greeting }),
});

export default pipeline({ name: "greeting" }, () => {
  greet({});
});
`;

const SCRIPT = `import { compile, Engine, LocalArtifactStore, openStore } from ${SDK};
import greeting, { settings } from "./stateful.ts";

settings.greeting = "set by the script";
const root = process.cwd();
const store = await openStore({ root });
const engine = new Engine({ store, artifacts: new LocalArtifactStore(root), root });
const run = await engine.execute((await engine.createRun(await compile(greeting, { root }))).id);
const [task] = await store.listTasks(run.id);
console.log(JSON.stringify(task?.outputs));
await engine.close();
await store.close();
`;

const MODULE = `import { component, param } from ${SDK};

type Scaled = { value: number };

export const scale = component({
  name: "scale",
  inputs: { x: param.number(), factor: param.number({ default: 2 }) },
  outputs: { y: param.number() },
  async run({ x, factor }): Promise<{ y: number }> {
    const times = function named(a: number, b: number): number { return a * b; };
    class Holder { constructor(readonly scaled: Scaled) {} }
    return { y: new Holder({ value: times(x, factor) }).scaled.value };
  },
});
`;

describe("Conveyor's TypeScript loader", () => {
  const folders: string[] = [];
  after(() => Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true }))));

  it("gives a component the code digest tsx gives it, and names the user's module as its source", async () => {
    const dir = await mkdtemp(join(tmpdir(), "conveyor-loader-"));
    folders.push(dir);
    await writeFile(join(dir, "package.json"), JSON.stringify({ type: "module" }));
    const file = join(dir, "scale.ts");
    await writeFile(file, MODULE);
    const url = pathToFileURL(file).href;
    const byTsx = ((await import(url)) as { scale: AnyComponent }).scale;
    const byConveyor = ((await importModule(url)) as { scale: AnyComponent }).scale;
    assert.notEqual(byConveyor, byTsx, "two copies of the module, one per loader");
    assert.equal(byConveyor.codeDigest, byTsx.codeDigest);
    assert.equal(byTsx.definedIn, url);
    assert.notEqual(byConveyor.definedIn, url, "Conveyor's copy runs from its compiled file");
    assert.equal(sourceModule(byConveyor.definedIn as string), url);
  });

  it("under `conveyor/register`, leaves a script's component modules to tsx: tasks see the script's module state", async () => {
    const dir = await mkdtemp(join(tmpdir(), "conveyor-loader-"));
    folders.push(dir);
    await writeFile(join(dir, "package.json"), JSON.stringify({ type: "module" }));
    await writeFile(join(dir, "stateful.ts"), STATEFUL);
    await writeFile(join(dir, "script.ts"), SCRIPT);
    // From the sources, src/register.ts is TypeScript itself: tsx loads it.
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", import.meta.resolve("tsx/esm"), "--import", REGISTER, "script.ts"], { cwd: dir });
    assert.deepEqual(JSON.parse(stdout), { greeting: "set by the script" });
  });
});
