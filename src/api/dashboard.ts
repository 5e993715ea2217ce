/**
 * The web dashboard (ui/, built by `npm run build` into dist/ui) served at `/` beside the API:
 * Vite's hashed assets as immutable, index.html never cached (so a new build is seen at once),
 * both compressed, and every other path that is not the API answered with index.html, where
 * the dashboard's own router takes it.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import compress from "@fastify/compress";
import fastifyStatic from "@fastify/static";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Api } from "./context.ts";
import { handleNotFound } from "./errors.ts";

/** Vite names every file under assets/ by a hash of its content, so it can be kept for good. */
const IMMUTABLE = "public, max-age=31536000, immutable";

/**
 * Where the built dashboard is: dist/ui beside dist/api in the package, and the repository's
 * dist/ui when the server runs from the sources (src/api).
 */
export function builtDashboard(): string | undefined {
  const candidates = [fileURLToPath(new URL("../ui", import.meta.url)), fileURLToPath(new URL("../../dist/ui", import.meta.url))];
  return candidates.find((folder) => existsSync(join(folder, "index.html")));
}

/** Paths of the API: never the dashboard's, so an unknown one still answers the API's JSON 404. */
export function isApiPath(url: string): boolean {
  return /^\/(api(\/|\?|$)|openapi\.json(\?|$))/.test(url);
}

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Conveyor</title>
<p>The Conveyor dashboard is not built. Run <code>npm run build</code> in the Conveyor repository, then restart the server.
The HTTP API is served at <a href="/api/v1">/api/v1</a>.</p>`;

/** Serves the dashboard built in `folder`, or, when it holds no build, a page that says how to make one. */
export async function registerDashboard(app: Api, given: string | undefined): Promise<void> {
  const folder = given !== undefined && existsSync(join(given, "index.html")) ? given : undefined;
  await app.register(async (dashboard) => {
    // Registered inside this plugin only: the API's streams must not wait in a compressor.
    await dashboard.register(compress, { threshold: 1024 });
    if (folder) {
      await dashboard.register(fastifyStatic, {
        root: folder,
        prefix: "/",
        // One route per file found now: the build does not change under a running server.
        wildcard: false,
        index: false,
        schemaHide: true,
        cacheControl: false,
        setHeaders: (reply, path) => {
          reply.header("cache-control", path.startsWith(join(folder, "assets")) ? IMMUTABLE : "no-cache");
        },
      });
    }
    const page = (request: FastifyRequest, reply: FastifyReply) => {
      if (isApiPath(request.url)) return handleNotFound(request, reply);
      if (!folder) return reply.code(503).type("text/html; charset=utf-8").header("cache-control", "no-cache").send(NOT_BUILT);
      return reply.header("cache-control", "no-cache").sendFile("index.html");
    };
    dashboard.get("/", { schema: { hide: true } }, page);
    dashboard.get("/*", { schema: { hide: true } }, page);
  });
}
