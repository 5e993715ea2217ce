import { ConveyorError } from "../errors.ts";
import type { BestRunOptions } from "../tracking/best.ts";

/** No run (of the experiment, matching the filter) has the metric: what `runs best` and the API say. */
export function noBestRun(metric: string, { experiment, where }: BestRunOptions): ConveyorError {
  return new ConveyorError(
    `no run${experiment ? ` of experiment "${experiment}"` : ""}${where ? " matching the filter" : ""} has a metric "${metric}"`,
    "see which metrics runs have with `conveyor runs show <run>`",
    "not_found",
  );
}
