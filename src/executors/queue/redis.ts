/** Connections to the fleet's Redis, refused at once with one clear line when Redis does not answer. */
import type { Redis } from "ioredis";
import { type ClusterConfig, redactUrl } from "../../cluster-config.ts";
import { ConveyorError } from "../../errors.ts";

/**
 * A connected client. BullMQ needs `maxRetriesPerRequest: null` (a worker's blocking reads must
 * wait through a reconnection rather than fail); a connection is made once, and a Redis that is
 * down at start is an error, not a wait.
 */
export async function connectRedis(config: Pick<ClusterConfig, "redisUrl">): Promise<Redis> {
  const { Redis } = await import("ioredis");
  const redis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: null, connectTimeout: 3000 });
  // Reconnections after the start are ioredis's business; an error event without a listener
  // would end the process. The first one says best why a connection at start failed.
  let first: Error | undefined;
  redis.on("error", (error: Error) => {
    first ??= error;
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    throw new ConveyorError(
      `Redis at ${redactUrl(config.redisUrl)} (CONVEYOR_REDIS) is unreachable: ${(first ?? (error as Error)).message}`,
      "start Redis (redis-server --port 6379), or set CONVEYOR_REDIS to the URL where it runs",
      "redis_unreachable",
    );
  }
  return redis;
}
