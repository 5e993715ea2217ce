/** The server's logger: pino, with credentials redacted wherever a log line might carry them. */
import type { FastifyBaseLogger } from "fastify";
import { type DestinationStream, type LevelWithSilent, pino } from "pino";

export interface LogOptions {
  level?: LevelWithSilent;
  /** Where JSON log lines go; standard error by default. */
  stream?: DestinationStream;
}

/**
 * Header names that may carry a credential. Clients put tokens in headers of their own
 * choosing (`X-Api-Key`, `X-Auth-Token`, `Proxy-Authorization`…), so a fixed list of
 * names would miss some: any name with one of these words in it is redacted.
 */
const CREDENTIAL_HEADER = /auth|cookie|token|secret|passw|key|credential|session|signature/i;

/** Request headers with every credential-like value replaced. */
export function redactHeaders(headers: unknown): unknown {
  if (headers === null || typeof headers !== "object") return headers;
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, CREDENTIAL_HEADER.test(name) ? "[redacted]" : value]));
}

export function createLogger(options: LogOptions = {}): FastifyBaseLogger {
  return pino(
    // Fastify's own request lines carry no headers; our log calls give them as `headers`.
    { level: options.level ?? "info", serializers: { headers: redactHeaders } },
    options.stream ?? pino.destination(2),
  );
}
