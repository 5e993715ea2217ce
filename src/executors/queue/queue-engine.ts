/** An engine whose every attempt goes on the fleet's queues, whatever its isolation: the workers choose how to run it. */
import type { ClusterConfig } from "../../cluster-config.ts";
import { Engine, type EngineConfig } from "../../engine/engine.ts";
import { QueueExecutor } from "./queue-executor.ts";

/** Connects to the fleet's Redis first: with Redis down, no run is created. */
export async function openQueueEngine(config: Omit<EngineConfig, "executors">, cluster: Pick<ClusterConfig, "redisUrl" | "queuePrefix">): Promise<Engine> {
  const queue = await QueueExecutor.open(cluster);
  return new Engine({ ...config, executors: { inline: queue, thread: queue, process: queue } });
}
