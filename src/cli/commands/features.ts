/** `conveyor features materialize`: write feature views' current values to the online store. */
import type { Command } from "commander";
import { ConveyorError } from "../../errors.ts";

function asOfDate(text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) {
    throw new ConveyorError(`--as-of: "${text}" is not a time`, 'give an ISO time such as "2024-01-02T11:00:00Z"', "invalid_param");
  }
  return date;
}

export function registerFeatures(program: Command): void {
  const features = program.command("features").description("the feature store: feature views read offline for training and online from Redis");
  features
    .command("materialize")
    .description("write each entity's current feature values to Redis (CONVEYOR_REDIS, default redis://127.0.0.1:6379)")
    .argument("<file>", "the module exporting the feature views")
    .option("--view <name...>", "only these views (default: every view the file exports)")
    .option("--prefix <prefix>", "the prefix of every key written", "conveyor:features:")
    .option("--as-of <time>", "compute the values as of this time instead of now (ISO 8601)")
    .addHelpText(
      "after",
      `
Examples:
  conveyor features materialize features.ts
  conveyor features materialize features.ts --view transactions --as-of 2024-01-02T11:00:00Z

The values written are those the point-in-time join gives each entity at that time, so a
model served from the online store sees what it was trained on. Run it from a trigger or a
schedule to keep the store fresh; each entity's hash is replaced whole.`,
    )
    .action(async (file: string, opts: { view?: string[]; prefix: string; asOf?: string }) => {
      const asOf = asOfDate(opts.asOf);
      const { loadFeatureViews } = await import("../../features/load-views.ts");
      const { materialize } = await import("../../features/materialize.ts");
      const { clusterConfig } = await import("../../cluster-config.ts");
      const { connectRedis } = await import("../../executors/queue/redis.ts");
      const views = await loadFeatureViews(file, opts.view ?? []);
      const redis = await connectRedis(clusterConfig());
      try {
        const written = await materialize({ redis, views, prefix: opts.prefix, ...(asOf ? { asOf } : {}) });
        for (const { view, entities } of written) console.log(`${view}: ${entities} entities materialized`);
      } finally {
        redis.disconnect();
      }
    });
}
