/** What the server logs to: a pino logger fits (Fastify's own is one). */
export interface ServeLog {
  info(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** For embedders that want no log lines. */
export const silentLog: ServeLog = { info() {}, error() {} };
