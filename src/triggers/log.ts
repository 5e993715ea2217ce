/** The scheduler's log: pino's and Fastify's loggers fit it. */
export interface TriggerLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}
