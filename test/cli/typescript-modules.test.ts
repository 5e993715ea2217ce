/**
 * The user's TypeScript modules as the CLI loads them: compiled by esbuild in the thread that
 * imports them (src/typescript-loader.ts), with their imports, `import.meta` and module paths as
 * if Node ran the files themselves.
 */
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { assertOk, assertUserError, json, project, SDK } from "./harness.ts";

const IMPORT = `import { component, param, pipeline } from ${JSON.stringify(SDK)};`;

/** Components in a module of their own, one on a worker thread, one in a child process. */
const COMPONENTS = `${IMPORT}
import { readFileSync } from "node:fs";
import { join } from "node:path";

interface Note { text: string }

export const readNote = component({
  name: "read-note",
  outputs: { text: param.string() },
  isolation: "thread",
  async run() {
    const note: Note = { text: readFileSync(join(import.meta.dirname, "note.txt"), "utf8").trim() };
    return { text: \`\${note.text} from \${new URL(import.meta.url).pathname.split("/").at(-1)}\` };
  },
});

export const shout = component({
  name: "shout",
  inputs: { text: param.string() },
  outputs: { text: param.string() },
  isolation: "process",
  async run({ text }: { text: string }) {
    return { text: text.toUpperCase() };
  },
});
`;

/** One module imported twice, as TypeScript's NodeNext style (.js) and by its own name (.ts). */
const PIPELINE = `import { pipeline } from ${JSON.stringify(SDK)};
import { readNote } from "./lib/components.js";
import { shout } from "./lib/components.ts";

export default pipeline({ name: "modules" }, () => {
  const note = readNote({});
  shout({ text: note.outputs.text });
});
`;

describe("the user's TypeScript modules", () => {
  it("load with their imports and import.meta, in every isolation, and the IR names the user's files", async () => {
    const p = await project();
    await mkdir(join(p.dir, "lib"));
    await p.write("lib/components.ts", COMPONENTS);
    await p.write("lib/note.txt", "hello\n");
    await p.write("pipeline.ts", PIPELINE);
    const ir = json(await p.cli("compile", "pipeline.ts"));
    assert.deepEqual(
      Object.values(ir.components).map((c: any) => [c.module, c.export]),
      [
        ["lib/components.ts", "readNote"],
        ["lib/components.ts", "shout"],
      ],
    );
    const run = json(await p.cli("run", "pipeline.ts", "--json"));
    assert.equal(run.run.status, "succeeded");
    assert.deepEqual(run.tasks.find((t: any) => t.name === "shout").outputs, { text: "HELLO FROM COMPONENTS.TS" });
  });

  it("are compiled into a folder that is gone when the command ends", async () => {
    const p = await project();
    await mkdir(join(p.dir, "lib"));
    await p.write("lib/components.ts", COMPONENTS);
    await p.write("lib/note.txt", "hello\n");
    await p.write("pipeline.ts", PIPELINE);
    const temporary = await mkdtemp(join(tmpdir(), "conveyor-tmpdir-"));
    const before = process.env.TMPDIR;
    process.env.TMPDIR = temporary;
    try {
      assertOk(await p.cli("run", "pipeline.ts"));
      // Run from Conveyor's sources, tsx keeps its cache there too.
      assert.deepEqual((await readdir(temporary)).filter((name) => name.startsWith("conveyor-")), []);
    } finally {
      if (before === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = before;
      await rm(temporary, { recursive: true, force: true });
    }
  });

  it("name the file, line and column of an import that does not resolve", async () => {
    const p = await project();
    await p.write("pipeline.ts", `${IMPORT}\nimport { helper } from "./helpers.ts";\nexport default pipeline({ name: "x" }, () => helper());\n`);
    assertUserError(await p.cli("run", "pipeline.ts"), /pipeline\.ts:2:24: Could not resolve "\.\/helpers\.ts"/, "check the import's path");
  });
});
