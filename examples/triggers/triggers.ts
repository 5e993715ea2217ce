/**
 * The example's triggers, typed: `conveyor scheduler --triggers examples/triggers/triggers.ts`
 * from the repository's root runs them (see docs/triggers.md).
 */
import { defineTriggers } from "../../src/index.ts";

export default defineTriggers([
  {
    // New CSV files (or changed ones) start a run pinned to the content the trigger saw.
    name: "new-files",
    kind: "files",
    path: "examples/triggers/incoming/*.csv",
    pollSeconds: 2,
    pipeline: "examples/triggers/pipeline.ts",
    params: { folder: "examples/triggers/incoming" },
    eventParams: { digest: "digest" },
    cooldownSeconds: 10,
  },
  {
    // Every night at 02:00 Paris time; after a stop, only the latest missed night runs.
    name: "nightly",
    kind: "schedule",
    cron: "0 2 * * *",
    timezone: "Europe/Paris",
    catchUp: "latest",
    pipeline: "examples/triggers/pipeline.ts",
  },
  {
    // `conveyor triggers fire by-hand`, POST /api/v1/triggers/by-hand/events, or a monitor's fireTrigger.
    name: "by-hand",
    kind: "manual",
    pipeline: "examples/triggers/pipeline.ts",
  },
]);
