/**
 * The CLI with CONVEYOR_URL: the same commands against a real server on loopback print
 * exactly what they print against the local store; a wrong token, an unreachable server and
 * commands that need this machine are refused with a clear message.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { LocalArtifactStore } from "../../src/artifacts/local.ts";
import type { Api } from "../../src/api/context.ts";
import { createServer } from "../../src/api/server.ts";
import { LocalEngine } from "../../src/executors/local-engine.ts";
import { openStore } from "../../src/store/open.ts";
import type { MetadataStore } from "../../src/store/types.ts";
import { assertOk, assertUserError, json, type Project, type Result, SDK } from "./harness.ts";
import { type TrackingProject, trackingProject } from "./tracking-project.ts";

/** Logs a line, waits for the file `gate`, logs another. */
const GATED = `import { existsSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { component, param, pipeline } from ${JSON.stringify(SDK)};
export const wait = component({
  name: "wait",
  inputs: { gate: param.string() },
  outputs: { done: param.int() },
  async run({ gate }, ctx) {
    ctx.log.info("waiting");
    while (!existsSync(gate)) await sleep(20, undefined, { signal: ctx.signal });
    ctx.log.info("through");
    return { done: 1 };
  },
});
export default pipeline({ name: "gated", params: { gate: param.string() } }, (p) => {
  wait({ gate: p.gate });
});
`;

/** A server over the project's own store, as `conveyor server` in that folder would be. */
async function serve(p: Project, token = ""): Promise<{ url: string; app: Api; close(): Promise<void> }> {
  const store: MetadataStore = await openStore({ root: p.dir });
  const artifacts = new LocalArtifactStore(p.dir);
  const engine = new LocalEngine({ store, artifacts, root: p.dir });
  const app = await createServer({ store, artifacts, engine, root: p.dir, token, log: { level: "silent" } });
  const url = await app.listen({ port: 0, host: "127.0.0.1" });
  return {
    url,
    app,
    async close() {
      await app.close();
      await engine.close();
      await store.close();
    },
  };
}

describe("the CLI against a server (CONVEYOR_URL)", () => {
  let t: TrackingProject;
  let p: Project;
  let server: Awaited<ReturnType<typeof serve>>;

  /** The CLI with CONVEYOR_URL (and CONVEYOR_TOKEN) set: the harness passes this process's environment on. */
  function remote(env: { url?: string; token?: string }, ...args: string[]): Promise<Result> {
    const saved = { url: process.env.CONVEYOR_URL, token: process.env.CONVEYOR_TOKEN };
    process.env.CONVEYOR_URL = env.url ?? server.url;
    if (env.token === undefined) delete process.env.CONVEYOR_TOKEN;
    else process.env.CONVEYOR_TOKEN = env.token;
    try {
      // The child's environment is copied when it starts, so restoring it at once is safe.
      return p.start(...args).done;
    } finally {
      for (const [key, value] of [
        ["CONVEYOR_URL", saved.url],
        ["CONVEYOR_TOKEN", saved.token],
      ] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  }

  /** Runs the command locally and through the server; both must exit alike and print the same. */
  async function same(...args: string[]): Promise<Result> {
    const local = await p.cli(...args);
    const viaServer = await remote({}, ...args);
    assert.equal(viaServer.stdout, local.stdout, `stdout of ${args.join(" ")}`);
    assert.equal(viaServer.code, local.code, `exit code of ${args.join(" ")}\nlocal: ${local.stderr}\nremote: ${viaServer.stderr}`);
    assert.equal(viaServer.stderr, local.stderr, `stderr of ${args.join(" ")}`);
    return local;
  }

  /** A change made locally to model `local-<name>` and through the server to `remote-<name>` prints the same. */
  async function sameChange(name: string, ...args: string[]): Promise<Result> {
    const withName = (model: string) => args.map((a) => a.replaceAll("{model}", model));
    const local = await p.cli(...withName(`local-${name}`));
    const viaServer = await remote({}, ...withName(`remote-${name}`));
    // The two changes happen one after the other: their times and audit event ids differ, as their names do.
    const unify = (text: string) =>
      text
        .replaceAll(`local-${name}`, `remote-${name}`)
        .replace(/\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d{3}Z)?/g, "<time>")
        .replace(/"id": \d+/g, '"id": <id>');
    assert.equal(unify(viaServer.stdout), unify(local.stdout), `stdout of ${args.join(" ")}`);
    assert.equal(unify(viaServer.stderr), unify(local.stderr), `stderr of ${args.join(" ")}`);
    assert.equal(viaServer.code, local.code, `exit code of ${args.join(" ")}`);
    return viaServer;
  }

  before(async () => {
    t = await trackingProject();
    p = t.p;
    server = await serve(p);
  });
  after(() => server?.close());

  it("lists, searches, shows, compares and ranks runs alike", async () => {
    assertOk(await same("runs", "list"));
    await same("runs", "list", "--json");
    await same("runs", "list", "--limit", "2");
    assertOk(await same("runs", "list", "--experiment", "forest", "--where", "metrics.auc > 0.81 and params.trees >= 100", "--sort", "-metrics.auc"));
    await same("runs", "list", "--where", 'tags.team = "x"', "--sort", "params.trees", "--json");
    await same("runs", "list", "--status", "failed");
    assertOk(await same("runs", "show", t.runs[300]));
    await same("runs", "show", t.runs[150].slice(0, 8), "--json");
    await same("runs", "show", t.tracked);
    assertOk(await same("runs", "compare", t.runs[50], t.runs[150], t.tracked));
    await same("runs", "compare", t.runs[50], t.runs[1000], "--json");
    assertOk(await same("runs", "best", "auc"));
    assertOk(await same("runs", "list", "--where", "metrics.fit.auc > 0.81", "--sort", "-metrics.main.auc,-metrics.fit.loss"));
    assertOk(await same("runs", "best", "main.auc", "--json"));
    await same("runs", "best", "loss", "--min", "--experiment", "forest", "--json");
    await same("experiments");
    await same("experiments", "list", "--json");
    await same("runs", "delete", t.runs[50], "--dry-run", "--json");
  });

  it("shows logs and lineage alike", async () => {
    assertOk(await same("logs", t.runs[150]));
    await same("logs", t.runs[150], "fit", "--json");
    assertOk(await same("lineage", t.runs[300]));
    await same("lineage", t.runs[300], "--json");
    const graph = JSON.parse((await p.cli("lineage", t.runs[300], "--json")).stdout) as { nodes: { kind: string; digest?: string }[] };
    const digest = graph.nodes.find((n) => n.kind === "artifact")?.digest as string;
    assertOk(await same("lineage", digest.slice("sha256:".length, "sha256:".length + 10)));
  });

  it("reports the same user errors", async () => {
    assertUserError(await same("runs", "show", "nosuchrun"), '"nosuchrun"');
    assertUserError(await same("runs", "list", "--where", "metrics.auc >> 1"), "column");
    assertUserError(await same("runs", "best", "nosuch"), '"nosuch"');
    assertUserError(await same("models", "show", "nosuch"), '"nosuch"');
    assertUserError(await same("lineage", "models:/nosuch/1"), '"nosuch"');
    assertUserError(await same("cancel", t.runs[50]));
  });

  it("registers models, moves, rolls back and deletes aliases, and deletes versions alike", async () => {
    const register = ["models", "register", "{model}", "--run", t.runs[150], "--task", "fit"];
    assertOk(await sameChange("m", ...register, "--alias", "champion", "--reason", "first"));
    assertOk(await sameChange("m", "models", "register", "{model}", "--run", t.runs[300], "--task", "fit", "-t", "data=may", "--json"));
    assertUserError(await sameChange("m", ...register), "version 1");
    assertOk(await sameChange("m", "models", "alias", "set", "{model}", "champion", "2", "--reason", "more trees"));
    await sameChange("m", "models", "alias", "set", "{model}", "champion", "2", "--json");
    assertUserError(await sameChange("m", "models", "alias", "set", "{model}", "champion", "7"), "no version 7");
    assertOk(await sameChange("m", "models", "rollback", "{model}", "--reason", "regressed"));
    assertOk(await sameChange("m", "models", "alias", "set", "{model}", "staging", "2"));
    assertOk(await sameChange("m", "models", "alias", "delete", "{model}", "staging", "--reason", "unused", "--json"));
    assertUserError(await sameChange("m", "models", "delete", "{model}", "1"), "champion");
    assertOk(await sameChange("m", "models", "delete", "{model}", "2", "--dry-run"));
    assertOk(await sameChange("m", "models", "delete", "{model}", "2"));
    assertOk(await sameChange("m", "models", "show", "{model}"));
    await sameChange("m", "models", "show", "models:/{model}@champion");
    await sameChange("m", "models", "show", "{model}/1", "--json");
    await sameChange("m", "lineage", "models:/{model}/1");
    // Both models are listed, and each lists the same way through the server.
    assertOk(await same("models", "list"));
    await same("models", "list", "--json");
  });

  it("follows the logs of a run the server drives until it ends, as they read afterwards", async () => {
    await p.write("gated.ts", GATED);
    const gate = join(p.dir, "gate");
    const res = await fetch(`${server.url}/api/v1/runs`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ pipeline: "gated.ts", params: { gate } }),
    });
    assert.equal(res.status, 202, await res.clone().text());
    const { run } = (await res.json()) as { run: { id: string } };
    const following = remote({}, "logs", run.id, "-f");
    // Opened only once the follower has something to show: then it has surely begun to follow.
    while ((await remote({}, "logs", run.id)).stdout === "") await sleep(50);
    await writeFile(gate, "");
    const followed = await following;
    assertOk(followed);
    assert.match(followed.stderr, new RegExp(`run ${run.id} ended: succeeded`));
    const afterwards = await same("logs", run.id);
    assert.equal(followed.stdout, afterwards.stdout);
    assert.match(followed.stdout, /waiting\n.*through\n$/);
  });

  it("downloads a version's file through the server, checked against its digest, as it copies locally", async () => {
    assertOk(await p.cli("models", "register", "dl", "--run", t.runs[150], "--task", "fit"));
    type Written = { path: string; model: string; version: number; digest: string; size: number };
    const local = json<Written>(await p.cli("models", "download", "dl/1", "-o", "local-copy", "--json"));
    const viaServer = json<Written>(await remote({}, "models", "download", "models:/dl/1", "-o", "remote-copy", "--json"));
    assert.deepEqual({ ...viaServer, path: "" }, { ...local, path: "" });
    assert.equal(viaServer.path, join(p.dir, "remote-copy", basename(local.path)));
    const bytes = await readFile(viaServer.path);
    assert.deepEqual(bytes, await readFile(local.path));
    assert.equal(`sha256:${createHash("sha256").update(bytes).digest("hex")}`, viaServer.digest);
    assert.deepEqual(await readdir(join(p.dir, "remote-copy")), [basename(local.path)], "no temporary file is left");
    assertUserError(await remote({}, "models", "download", "dl@nosuch", "-o", "remote-copy"), 'no alias "nosuch"');
  });

  it("refuses the commands that need this machine, saying to unset CONVEYOR_URL", async () => {
    for (const args of [["gc", "--dry-run"], ["cache", "explain", t.runs[50], "fit"], ["run", "forest.ts"], ["resume", t.runs[50]], ["rerun", t.runs[50]], ["predict", "forest@champion", "-i", "data.csv", "-o", "preds.parquet"]]) {
      assertUserError(await remote({}, ...args), "not available with CONVEYOR_URL", "unset it");
    }
  });

  it("says which server it cannot reach", async () => {
    const closed = await serve(p);
    const url = closed.url;
    await closed.close();
    assertUserError(await remote({ url }, "runs", "list"), `cannot reach the Conveyor server at ${url}`, "ECONNREFUSED");
    assertUserError(await remote({ url: "ftp://example" }, "runs", "list"), "CONVEYOR_URL", "http");
  });

  it("sends CONVEYOR_TOKEN, and says so when the server refuses it", async () => {
    const guarded = await serve(p, "s3cret");
    try {
      assertUserError(await remote({ url: guarded.url }, "runs", "list"), "needs a bearer token", "CONVEYOR_TOKEN");
      const wrong = await remote({ url: guarded.url, token: "nope" }, "models", "list");
      assertUserError(wrong, "not this server's", "CONVEYOR_TOKEN");
      assert.doesNotMatch(wrong.stderr, /nope/, "the token is not repeated");
      const right = await remote({ url: guarded.url, token: "s3cret" }, "experiments", "--json");
      assert.equal(right.stdout, (await p.cli("experiments", "--json")).stdout);
    } finally {
      await guarded.close();
    }
  });
});
