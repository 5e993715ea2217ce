/**
 * A component's code digest is part of its cache key and of the IR: it must not depend on which
 * loader compiled its module, Conveyor's (the CLI, executors) or tsx (`node --import
 * conveyor/register script.ts`, and this test process), or IR compiled by one would be refused
 * as changed by the other, and every cached result would miss.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, describe, it } from "node:test";
import type { AnyComponent } from "../src/sdk/component.ts";
import { importModule, sourceModule } from "../src/typescript-loader.ts";

const SDK = JSON.stringify(new URL("../src/index.ts", import.meta.url).pathname);

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
});
