/** A real API server on 127.0.0.1 (a free port) over a throw-away project, and ways to read its streams. */
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Api } from "../../src/api/context.ts";
import type { LogOptions } from "../../src/api/log.ts";
import { createServer } from "../../src/api/server.ts";
import { compile } from "../../src/compiler/compile.ts";
import type { AnyPipeline } from "../../src/sdk/pipeline.ts";
import { type StoreKind, type TestProject, testProject } from "../helpers/project.ts";

export const STORES: StoreKind[] = ["sqlite", "postgres"];

export interface ApiServer {
  project: TestProject;
  app: Api;
  /** "http://127.0.0.1:<port>" */
  url: string;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** GETs `path`, expects 200, and returns the parsed body. */
  json<T = any>(path: string, init?: RequestInit): Promise<T>;
  post(path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  /**
   * Compiles `pipeline` into `<project>/<name>` as the server's root sees it: component
   * modules recorded relative to the project folder, where the server's engine looks.
   */
  writeIr(name: string, pipeline: AnyPipeline): Promise<string>;
  close(): Promise<void>;
}

export async function startServer(kind: StoreKind, options: { token?: string; log?: LogOptions } = {}): Promise<ApiServer> {
  const project = await testProject(kind);
  // The server's project root is the temporary folder, so pipeline files the tests write there
  // can be named relative to it; its engine resolves component modules from there too.
  const engine = project.engine({ root: project.dir });
  const app = await createServer({
    store: project.store,
    artifacts: project.artifacts,
    engine,
    root: project.dir,
    token: options.token ?? "",
    log: options.log ?? { level: "silent" },
  });
  const url = await app.listen({ port: 0, host: "127.0.0.1" });
  const fetchPath = (path: string, init?: RequestInit) => fetch(`${url}${path}`, init);
  return {
    project,
    app,
    url,
    fetch: fetchPath,
    async json(path, init) {
      const res = await fetchPath(path, init);
      const text = await res.text();
      assert.equal(res.status, 200, `GET ${path}: ${res.status} ${text}`);
      return JSON.parse(text);
    },
    post(path, body, headers = {}) {
      const init: RequestInit = { method: "POST", headers };
      if (body !== undefined) {
        init.body = typeof body === "string" ? body : JSON.stringify(body);
        init.headers = { "content-type": "application/json", ...headers };
      }
      return fetchPath(path, init);
    },
    async writeIr(name, pipeline) {
      const ir = await compile(pipeline, { root: project.dir });
      await writeFile(join(project.dir, name), JSON.stringify(ir));
      return name;
    },
    async close() {
      await app.close();
      await project.cleanup();
    },
  };
}

/** The lines of a streamed body as they arrive. */
async function* lines(res: Response): AsyncGenerator<string> {
  assert.ok(res.body, "a streamed body");
  let buffered = "";
  for await (const chunk of res.body.pipeThrough(new TextDecoderStream())) {
    buffered += chunk;
    let newline = buffered.indexOf("\n");
    while (newline >= 0) {
      yield buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      newline = buffered.indexOf("\n");
    }
  }
  if (buffered) yield buffered;
}

export async function* ndjson(res: Response): AsyncGenerator<any> {
  for await (const line of lines(res)) if (line.trim()) yield JSON.parse(line);
}

export interface SseEvent {
  event: string;
  id?: string;
  data: any;
}

/** Server-sent events as EventSource would parse them (comments and `retry:` skipped). */
export async function* sse(res: Response): AsyncGenerator<SseEvent> {
  let frame: Partial<SseEvent> & { data?: string } = {};
  for await (const line of lines(res)) {
    if (line === "") {
      if (frame.data !== undefined) yield { event: frame.event ?? "message", id: frame.id, data: JSON.parse(frame.data) };
      frame = {};
    } else if (line.startsWith("event: ")) frame.event = line.slice(7);
    else if (line.startsWith("id: ")) frame.id = line.slice(4);
    else if (line.startsWith("data: ")) frame.data = (frame.data === undefined ? "" : `${frame.data}\n`) + line.slice(6);
  }
}

export async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}

/** An error body: the status, the code, and a message mentioning each of `mentions`. */
export async function assertError(res: Response, status: number, code: string, ...mentions: string[]): Promise<any> {
  const text = await res.text();
  assert.equal(res.status, status, `expected ${status}, got ${res.status}: ${text}`);
  const body = JSON.parse(text);
  assert.equal(body.code, code, text);
  for (const m of mentions) assert.ok(body.message.includes(m), `the message should mention ${m}: ${body.message}`);
  return body;
}
