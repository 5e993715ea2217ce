/**
 * Where the shared services of a fleet are, read from the environment in one place: the
 * driver (`conveyor run --executor queue`), the workers (`conveyor worker`) and the server all
 * read the same variables the same way.
 */
import { ConveyorError } from "./errors.ts";

export interface ClusterConfig {
  /** Redis, which carries the queued work: CONVEYOR_REDIS, default redis://127.0.0.1:6379. */
  redisUrl: string;
  /** Prefix of every Redis key Conveyor writes: CONVEYOR_QUEUE_PREFIX, default "conveyor". */
  queuePrefix: string;
  /** The metadata store's URL (CONVEYOR_DB), when set: without it, the project's SQLite file. */
  db: string | undefined;
  /** The artifact store (CONVEYOR_ARTIFACTS), when set: without it, files under the project's `.conveyor/`. */
  artifacts: string | undefined;
}

const DEFAULT_REDIS = "redis://127.0.0.1:6379";

export function clusterConfig(env: NodeJS.ProcessEnv = process.env): ClusterConfig {
  const redisUrl = env.CONVEYOR_REDIS || DEFAULT_REDIS;
  let url: URL | undefined;
  try {
    url = new URL(redisUrl);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "redis:" && url.protocol !== "rediss:") || !url.hostname) {
    throw new ConveyorError(
      `CONVEYOR_REDIS is not a Redis URL: "${redisUrl}"`,
      "use redis://host:6379 (or rediss:// for TLS), with /<db> to pick a database",
      "invalid_config",
    );
  }
  const queuePrefix = env.CONVEYOR_QUEUE_PREFIX || "conveyor";
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(queuePrefix)) {
    throw new ConveyorError(
      `CONVEYOR_QUEUE_PREFIX "${queuePrefix}" may hold only letters, digits, "_", "." and "-"`,
      "every driver and worker of a fleet must use the same prefix",
      "invalid_config",
    );
  }
  return { redisUrl, queuePrefix, db: env.CONVEYOR_DB || undefined, artifacts: env.CONVEYOR_ARTIFACTS || undefined };
}

/** A URL fit to print: its password replaced. */
export function redactUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.password) url.password = "***";
    return url.toString();
  } catch {
    return raw;
  }
}
