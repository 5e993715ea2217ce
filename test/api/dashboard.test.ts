/** The dashboard's files at `/` beside the API: cache headers, compression, client routes, no token needed, and the API's 404s kept. */
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { createServer } from "../../src/api/server.ts";
import { type TestProject, testProject } from "../helpers/project.ts";

const TOKEN = "dashboard-token";
const INDEX = `<!doctype html><title>Conveyor</title><script type="module" src="/assets/index-abc123.js"></script>${" ".repeat(2048)}`;
const SCRIPT = `console.log(${JSON.stringify("x".repeat(4096))});`;

describe("the dashboard served by the API server", () => {
  let project: TestProject;
  let folder: string;
  const servers: { url: string; close(): Promise<unknown> }[] = [];

  async function serve(dashboard: string | false | undefined) {
    const app = await createServer({
      store: project.store,
      artifacts: project.artifacts,
      engine: project.engine({ root: project.dir }),
      root: project.dir,
      token: TOKEN,
      log: { level: "silent" },
      ...(dashboard === undefined ? {} : { dashboard }),
    });
    const url = await app.listen({ port: 0, host: "127.0.0.1" });
    servers.push({ url, close: () => app.close() });
    return url;
  }

  before(async () => {
    project = await testProject("sqlite");
    folder = await mkdtemp(join(tmpdir(), "conveyor-dashboard-"));
    await mkdir(join(folder, "assets"));
    await writeFile(join(folder, "index.html"), INDEX);
    await writeFile(join(folder, "assets", "index-abc123.js"), SCRIPT);
  });
  after(async () => {
    for (const server of servers) await server.close();
    await project.cleanup();
    await rm(folder, { recursive: true, force: true });
  });

  it("serves index.html uncached and hashed assets immutable, both compressed, without the token", async () => {
    const url = await serve(folder);
    const page = await fetch(`${url}/`, { headers: { "accept-encoding": "gzip" } });
    assert.equal(page.status, 200);
    assert.equal(page.headers.get("cache-control"), "no-cache");
    assert.equal(page.headers.get("content-encoding"), "gzip");
    assert.match(page.headers.get("content-type") ?? "", /^text\/html/);
    assert.equal(await page.text(), INDEX, "fetch undoes the gzip");

    const asset = await fetch(`${url}/assets/index-abc123.js`, { headers: { "accept-encoding": "br" } });
    assert.equal(asset.status, 200);
    assert.equal(asset.headers.get("cache-control"), "public, max-age=31536000, immutable");
    assert.equal(asset.headers.get("content-encoding"), "br");
    assert.equal(await asset.text(), SCRIPT);
  });

  it("answers a client route with index.html, and keeps the API's JSON 404 and its token", async () => {
    const url = await serve(folder);
    for (const route of ["/runs/1m815hmh", "/start?pipeline=sha256%3Aab", "/no/such/page"]) {
      const res = await fetch(`${url}${route}`);
      assert.equal(res.status, 200, route);
      assert.equal(res.headers.get("cache-control"), "no-cache");
      assert.equal(await res.text(), INDEX, route);
    }
    const unknown = await fetch(`${url}/api/v1/no-such-route`, { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(unknown.status, 404);
    assert.equal(((await unknown.json()) as any).code, "route_not_found");
    assert.equal((await fetch(`${url}/api/v1/runs`)).status, 401, "the API still needs the token");
    assert.equal((await fetch(`${url}/openapi.json`)).status, 401);
    assert.equal((await fetch(`${url}/assets/missing.js`)).status, 200, "an unknown file is a client route too");
  });

  it("says how to build the dashboard when it is not built, and serves none when told so", async () => {
    const missing = await serve(join(folder, "not-built"));
    const res = await fetch(`${missing}/runs/x`);
    assert.equal(res.status, 503);
    assert.match(await res.text(), /not built\. Run <code>npm run build<\/code>/);

    const none = await serve(false);
    const off = await fetch(`${none}/`);
    assert.equal(off.status, 404);
    assert.equal(((await off.json()) as any).code, "route_not_found");
  });
});
