import type { MetadataStore } from "../types.ts";
import { aliasQueries } from "./aliases.ts";
import { artifactQueries } from "./artifacts.ts";
import { attemptQueries } from "./attempts.ts";
import type { StoreContext } from "./context.ts";
import { deletionQueries } from "./deletion.ts";
import { deploymentQueries } from "./deployments.ts";
import { experimentQueries } from "./experiments.ts";
import { gcQueries } from "./gc.ts";
import { leaseQueries } from "./leases.ts";
import { lineageQueries } from "./lineage.ts";
import { logSegmentQueries } from "./log-segments.ts";
import { logQueries } from "./logs.ts";
import { metricQueries } from "./metrics.ts";
import { modelQueries } from "./models.ts";
import { monitorQueries } from "./monitors.ts";
import { pipelineQueries } from "./pipelines.ts";
import { runSearchQueries } from "./run-search.ts";
import { runTagQueries } from "./run-tags.ts";
import { runQueries } from "./runs.ts";
import { taskQueries } from "./tasks.ts";
import { triggerQueries } from "./triggers.ts";

/** The MetadataStore both backends share; they differ only in connection setup and `ctx.dialect`. */
export function kyselyStore(ctx: StoreContext): MetadataStore {
  let closing: Promise<void> | undefined;
  return {
    location: ctx.location,
    close: () => {
      closing ??= ctx.db.destroy();
      return closing;
    },
    ...pipelineQueries(ctx),
    ...runQueries(ctx),
    ...leaseQueries(ctx),
    ...taskQueries(ctx),
    ...attemptQueries(ctx),
    ...artifactQueries(ctx),
    ...lineageQueries(ctx),
    ...logQueries(ctx),
    ...metricQueries(ctx),
    ...experimentQueries(ctx),
    ...runTagQueries(ctx),
    ...runSearchQueries(ctx),
    ...modelQueries(ctx),
    ...aliasQueries(ctx),
    ...deletionQueries(ctx),
    ...deploymentQueries(ctx),
    ...gcQueries(ctx),
    ...logSegmentQueries(ctx),
    ...triggerQueries(ctx),
    ...monitorQueries(ctx),
  };
}
