/** `conveyor monitors run|list|show|report` on a project whose deployment's answers are in the prediction log. */
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { assertOk, assertUserError, json, type Project, project } from "../cli/harness.ts";
import { type TestProject, testProject } from "../helpers/project.ts";
import { deployIris, serveIris } from "./iris-fixture.ts";

const every = (start: number) => Array.from({ length: 50 }, (_, i) => 3 * i + start);

describe("conveyor monitors", () => {
  let setup: TestProject;
  let p: Project;
  before(async () => {
    setup = await testProject("sqlite");
    await deployIris(setup);
    const served = await serveIris(setup);
    await served.send("calm", every(0));
    await served.send("moved", every(1), [2, 1, 3, 1]);
    await served.close();
    // The CLI opens the same project: its store and prediction log.
    await setup.store.close();
    p = await project(setup.dir);
    await writeFile(join(setup.dir, "monitors.json"), JSON.stringify([{ name: "iris-watch", deployment: "iris-prod", window: { rows: 50 } }]));
  });
  after(() => setup.cleanup());

  it("runs a monitors file, judging each window once, then runs it again by name", async () => {
    const first = json(await p.cli("monitors", "run", "monitors.json", "--settle", "1ms", "--json"));
    assert.deepEqual(
      first.map((w: { seq: number; drifted: boolean }) => [w.seq, w.drifted]),
      [
        [1, false],
        [2, true],
      ],
    );
    const again = await p.cli("monitors", "run", "iris-watch", "--settle", "1ms");
    assertOk(again);
    assert.equal(again.stdout, "no new complete window for iris-watch\n");
  });

  it("lists and shows monitors and their windows", async () => {
    const listed = await p.cli("monitors", "list");
    assertOk(listed);
    assert.match(listed.stdout, /iris-watch\s+deployment iris-prod\s+iris-watch@2/);
    const shown = json(await p.cli("monitors", "show", "iris-watch", "--json"));
    assert.deepEqual(shown.windows.map((w: { seq: number }) => w.seq), [2, 1]);
    assert.ok(shown.figures.includes("driftShare"));
    const text = await p.cli("monitors", "show", "iris-watch");
    assertOk(text);
    assert.match(text.stdout, /iris-watch@2\s+50\s+.*drift share [\d.]+ \(drifted\)/);
    const figure = await p.cli("monitors", "show", "iris-watch", "--figure", "driftShare");
    assertOk(figure);
    assert.match(figure.stdout, /^WINDOW\s+DRIFTSHARE\s+RECORDED\niris-watch@1\s+0\s.*\niris-watch@2\s+[\d.]+\s/);
    assertUserError(await p.cli("monitors", "show", "iris-watch", "--figure", "nope"), 'monitor "iris-watch" recorded no figure "nope"', "driftShare");
  });

  it("prints a window's report as JSON, or writes its HTML page", async () => {
    const report = json(await p.cli("monitors", "report", "iris-watch@2"));
    assert.equal(report.context.window, "iris-watch@2");
    assert.equal(report.drift.drifted, true);
    assertOk(await p.cli("monitors", "report", "iris-watch@2", "--html", "-o", "report.html"));
    assert.match(await readFile(join(setup.dir, "report.html"), "utf8"), /^<!doctype html>.*<svg /s);
  });

  it("refuses what it cannot find, with no stack trace", async () => {
    assertUserError(await p.cli("monitors", "report", "iris-watch@9"), 'no monitor window "iris-watch@9"');
    assertUserError(await p.cli("monitors", "run", "nosuch"), '"nosuch" is neither a monitors file nor a monitor');
    assertUserError(await p.cli("monitors", "show", "nosuch"), 'no monitor "nosuch"');
    await writeFile(join(setup.dir, "bad.json"), JSON.stringify({ name: "bad", deployment: "gone", window: { rows: 50 } }));
    assertUserError(await p.cli("monitors", "run", "bad.json"), 'monitor "bad": no deployment named "gone"');
    assertUserError(await p.cli("monitors", "run", "monitors.json", "--once", "--every", "1m"), "--once and --every both given");
  });
});
