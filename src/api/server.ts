/** The HTTP API: Fastify serving a project's store, artifacts and engine under /api/v1. */
import Fastify from "fastify";
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import type { ArtifactStore } from "../artifacts/types.ts";
import type { Engine } from "../engine/engine.ts";
import type { MetadataStore } from "../store/types.ts";
import { bearerAuth } from "./auth.ts";
import { builtDashboard, registerDashboard } from "./dashboard.ts";
import type { Api, ApiContext } from "./context.ts";
import { errorHandler, handleNotFound } from "./errors.ts";
import { createLogger, type LogOptions } from "./log.ts";
import { refuseUnstorableText } from "./request-text.ts";
import { registerOpenApi } from "./openapi.ts";
import { projectRoots } from "../store/project-paths.ts";
import { artifactRoutes } from "./routes/artifacts.ts";
import { eventRoutes } from "./routes/events.ts";
import { experimentRoutes } from "./routes/experiments.ts";
import { infoRoutes } from "./routes/info.ts";
import { lineageRoutes } from "./routes/lineage.ts";
import { logRoutes } from "./routes/logs.ts";
import { metricRoutes } from "./routes/metrics.ts";
import { modelRoutes } from "./routes/models.ts";
import { monitorRoutes } from "./routes/monitors.ts";
import { deploymentRoutes } from "./routes/deployments.ts";
import { pipelineRoutes } from "./routes/pipelines.ts";
import { runSearchRoutes } from "./routes/run-search.ts";
import { runTrackingRoutes } from "./routes/run-tracking.ts";
import { runRoutes } from "./routes/runs.ts";
import { taskRoutes } from "./routes/tasks.ts";
import { triggerRoutes } from "./routes/triggers.ts";
import { RunStarter } from "./run-starter.ts";

export interface ServerOptions {
  store: MetadataStore;
  artifacts: ArtifactStore;
  /** Drives the runs started through the API, in this process. */
  engine: Engine;
  /** Project root: pipeline files named in requests are found under it. */
  root: string;
  /** Bearer token every request must carry; defaults to CONVEYOR_TOKEN. Empty or unset: no auth. */
  token?: string;
  log?: LogOptions;
  /** Largest request body accepted; larger ones get 413. */
  bodyLimit?: number;
  /** The built dashboard served at `/` (default: the package's dist/ui); false serves none. */
  dashboard?: string | false;
}

const VERSION = "0.1.0";
const MiB = 1024 * 1024;

/**
 * A Fastify instance ready to `listen`. Closing it cancels the runs it drives (they stay
 * resumable) and ends its streams; the store, artifacts and engine stay open: they are the caller's.
 */
export async function createServer(options: ServerOptions): Promise<Api> {
  const app = Fastify({
    loggerInstance: createLogger(options.log),
    bodyLimit: options.bodyLimit ?? MiB,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const roots = projectRoots(options.root);
  app.setErrorHandler(errorHandler(roots));
  app.setNotFoundHandler(handleNotFound);
  // Every body this API takes is JSON; anything else is refused (415), not validated as a string.
  app.removeContentTypeParser("text/plain");

  const token = options.token ?? process.env.CONVEYOR_TOKEN;
  if (token) app.addHook("onRequest", bearerAuth(token));
  app.addHook("preValidation", refuseUnstorableText);

  // Streams never end by themselves while a run goes on: closing ends them, so the server can stop.
  const closing = new AbortController();
  const runs = new RunStarter(options.engine, options.store, options.root, app.log);
  app.addHook("preClose", async () => {
    closing.abort();
    await runs.close();
  });

  const context: ApiContext = { store: options.store, artifacts: options.artifacts, engine: options.engine, runs, roots, closing: closing.signal };
  await registerOpenApi(app, VERSION);
  const routeGroups = [
    infoRoutes(VERSION),
    runRoutes,
    pipelineRoutes,
    runSearchRoutes,
    runTrackingRoutes,
    taskRoutes,
    logRoutes,
    eventRoutes,
    artifactRoutes,
    metricRoutes,
    lineageRoutes,
    experimentRoutes,
    modelRoutes,
    deploymentRoutes,
    triggerRoutes,
    monitorRoutes,
  ];
  for (const routes of routeGroups) {
    routes(app, context);
  }
  if (options.dashboard !== false) await registerDashboard(app, options.dashboard ?? builtDashboard());
  await app.ready();
  return app;
}
