/** `conveyor server`: serves the project's store, prints its URL, and stops cleanly on SIGINT and SIGTERM. */
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { describe, it } from "node:test";
import { assertOk, assertUserError, project } from "../cli/harness.ts";
import { STEPS } from "../cli/pipelines.ts";

/** Resolves with the server's base URL once it prints it. */
function urlOf(child: ChildProcess): Promise<string> {
  let seen = "";
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (d: Buffer) => {
      seen += d.toString();
      const match = /^serving .* at (http:\/\/\S+)\/api\/v1 /m.exec(seen);
      if (match) resolve(match[1] as string);
    });
    child.on("close", () => reject(new Error(`exited before printing its URL:\n${seen}`)));
  });
}

describe("conveyor server", { concurrency: true, timeout: 60_000 }, () => {
  it("serves the project, runs a pipeline posted to it, and stops on SIGINT", async () => {
    const p = await project();
    await p.write("steps.ts", STEPS);
    const server = p.start("server", "--port", "0");
    const url = await urlOf(server.child);
    assert.deepEqual(await (await fetch(`${url}/api/v1/runs`)).json(), { items: [], next: null });
    const res = await fetch(`${url}/api/v1/runs`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ pipeline: "steps.ts", params: { n: 2 } }),
    });
    assert.equal(res.status, 202);
    const { run } = (await res.json()) as any;
    const end = (await (await fetch(`${url}/api/v1/runs/${run.id}/events`)).text()).trim().split("\n").at(-1);
    assert.deepEqual(JSON.parse(end as string), { type: "end", status: "succeeded", reason: "ended" });
    server.child.kill("SIGINT");
    const result = await server.done;
    assertOk(result);
    assert.match(result.stdout, /\nstopped\n$/);
    const listed = await p.cli("runs", "list", "--json");
    assert.equal(JSON.parse(listed.stdout)[0].id, run.id, "the CLI sees the run the server recorded");
  });

  it("stops on SIGTERM, and refuses a port in use with a user error", async () => {
    const p = await project();
    const first = p.start("server", "--port", "0");
    const port = new URL(await urlOf(first.child)).port;
    assertUserError(await p.cli("server", "--port", port), `cannot listen on 127.0.0.1:${port}`, "--port");
    first.child.kill("SIGTERM");
    assertOk(await first.done);
  });

  it("explains itself with examples, and checks --port", async () => {
    const p = await project();
    const help = await p.cli("server", "--help");
    assertOk(help);
    assert.match(help.stdout, /^Usage: conveyor server /);
    assert.match(help.stdout, /\nExamples:\n {2}conveyor server/);
    assertUserError(await p.cli("server", "--port", "http"), "--port", '"http"');
  });
});
