/** What every route works with. */
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { ArtifactStore } from "../artifacts/types.ts";
import type { Engine } from "../engine/engine.ts";
import type { MetadataStore } from "../store/types.ts";
import type { RunStarter } from "./run-starter.ts";

/** The Fastify instance with zod schemas typing each route's params, query, body and reply. */
export type Api = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export interface ApiContext {
  store: MetadataStore;
  artifacts: ArtifactStore;
  engine: Engine;
  runs: RunStarter;
  /** The project folder (see projectRoots): paths shown to clients are relative to it. */
  roots: readonly string[];
  /** Aborted when the server begins to close, so streams end and let it. */
  closing: AbortSignal;
}

/** Every route is under this prefix; a breaking change gets /api/v2 beside it. */
export const API = "/api/v1";
