/**
 * Bad input: each gets a short message naming what was wrong, exit 2, no stack trace, and
 * leaves what is stored exactly as it was.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import Database from "better-sqlite3";
import { assertOk, assertUserError, type Project, project, type Result } from "./harness.ts";
import { CYCLE, NO_PIPELINE, STEPS, SYNTAX_ERROR } from "./pipelines.ts";

describe("conveyor on bad input", { concurrency: true }, () => {
  let p: Project;
  let runId: string;

  before(async () => {
    p = await project();
    await p.write("steps.ts", STEPS);
    await p.write("syntax.ts", SYNTAX_ERROR);
    await p.write("none.ts", NO_PIPELINE);
    await p.write("cycle.ts", CYCLE);
    const first = await p.cli("run", "steps.ts", "--json");
    assertOk(first);
    runId = JSON.parse(first.stdout).run.id;
  });

  /** Runs the CLI and checks that nothing under .conveyor/ changed. */
  async function unchanged(...args: string[]): Promise<Result> {
    const before = await p.fingerprint();
    const result = await p.cli(...args);
    assert.equal(await p.fingerprint(), before, `\`conveyor ${args.join(" ")}\` changed the store`);
    return result;
  }

  it("names a pipeline file that does not exist", async () => {
    assertUserError(await unchanged("run", "missing.ts"), "missing.ts", "does not exist");
  });

  it("names the file, line and column of a syntax error", async () => {
    assertUserError(await unchanged("run", "syntax.ts"), /syntax\.ts:3:13: /);
  });

  it("says when a file exports no pipeline", async () => {
    assertUserError(await unchanged("compile", "none.ts"), "none.ts exports no pipeline");
  });

  it("names the tasks of a cycle", async () => {
    assertUserError(await unchanged("run", "cycle.ts"), "cycle", "first", "second");
  });

  it("names an unknown --param and lists the known ones", async () => {
    assertUserError(await unchanged("run", "steps.ts", "--param", "trees=3"), 'no parameter "trees"', "its parameters are: n");
  });

  it("refuses a parameter of the wrong type", async () => {
    assertUserError(await unchanged("run", "steps.ts", "--param", "n=many"), 'parameter "n"', "whole number", '"many"');
  });

  it("refuses a parameter out of bounds", async () => {
    assertUserError(await unchanged("run", "steps.ts", "--param", "n=9"), 'parameter "n"', "at most 5", "9");
  });

  it("refuses a file that is not a pipeline module", async () => {
    await p.write("notes.txt", "hello\n");
    assertUserError(await unchanged("compile", "notes.txt"), "notes.txt is not a pipeline file");
  });

  for (const command of [["resume"], ["logs"], ["runs", "show"], ["cancel"], ["lineage"]]) {
    it(`names an unknown run in \`${command.join(" ")}\``, async () => {
      assertUserError(await unchanged(...command, "zzzzzzzz"), '"zzzzzzzz"', /not found|no run/);
    });
  }

  it("names an unknown task of a known run", async () => {
    assertUserError(await unchanged("cache", "explain", runId, "train"), `run ${runId} has no task "train"`, "make");
  });

  it("refuses to cancel a run that already ended", async () => {
    assertUserError(await unchanged("cancel", runId), runId, "already ended");
  });

  it("leaves an existing -o file alone when compiling fails", async () => {
    await p.write("out.json", "keep me\n");
    assertUserError(await unchanged("compile", "syntax.ts", "-o", "out.json"), "syntax.ts:3:13");
    assert.equal(await readFile(join(p.dir, "out.json"), "utf8"), "keep me\n");
    assert.deepEqual((await readdir(p.dir)).filter((f) => f.includes("out.json")), ["out.json"], "no temporary file is left");
  });

  it("refuses an invalid --limit", async () => {
    assertUserError(await unchanged("runs", "list", "--limit", "0"), "--limit");
  });
});

describe("conveyor in a folder whose .conveyor/conveyor.db is someone else's SQLite database", { concurrency: true }, () => {
  let p: Project;
  let db: string;
  let original: Buffer;

  before(async () => {
    p = await project();
    await p.write("steps.ts", STEPS);
    await mkdir(join(p.dir, ".conveyor"));
    db = join(p.dir, ".conveyor", "conveyor.db");
    const other = new Database(db);
    other.exec("create table notes (id integer primary key, body text); insert into notes (body) values ('keep me');");
    other.close();
    original = await readFile(db);
  });

  for (const command of [["run", "steps.ts"], ["runs", "list"], ["logs", "zzzzzzzz"]]) {
    it(`\`${command.join(" ")}\` refuses it and leaves it byte for byte`, async () => {
      assertUserError(await p.cli(...command), db, "not a Conveyor database");
      assert.deepEqual(await readFile(db), original);
    });
  }
});

describe("conveyor in a project without \"type\": \"module\"", () => {
  it("says the pipeline file is a CommonJS module and how to fix that", async () => {
    const p = await project();
    await rm(join(p.dir, "package.json"));
    const file = await p.write("steps.ts", STEPS);
    assertUserError(await p.cli("run", "steps.ts"), `${file} is a CommonJS module`, '"type": "module"');
    assert.equal(existsSync(join(p.dir, ".conveyor")), false, "nothing was stored");
  });
});

describe("conveyor in a folder without runs", () => {
  it("says so instead of creating a store there", async () => {
    const p = await project();
    assertUserError(await p.cli("runs", "list"), "no runs in", p.dir);
    assert.equal(existsSync(join(p.dir, ".conveyor")), false, "no .conveyor folder was created");
  });
});
