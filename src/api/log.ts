/** The server's logger: pino, with credentials redacted wherever a log line might carry them. */
import type { FastifyBaseLogger } from "fastify";
import { type DestinationStream, type LevelWithSilent, pino } from "pino";

export interface LogOptions {
  level?: LevelWithSilent;
  /** Where JSON log lines go; standard error by default. */
  stream?: DestinationStream;
}

/** Request headers as Fastify's and our own log calls could record them. */
const SECRET_PATHS = ["req.headers.authorization", "req.headers.cookie", "headers.authorization", "headers.cookie"];

export function createLogger(options: LogOptions = {}): FastifyBaseLogger {
  return pino(
    { level: options.level ?? "info", redact: { paths: SECRET_PATHS, censor: "[redacted]" } },
    options.stream ?? pino.destination(2),
  );
}
