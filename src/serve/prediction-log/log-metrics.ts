/**
 * The prediction log's counts as Prometheus metrics, in the server's registry: read from the
 * logs when scraped, so appending a row costs no metric update.
 */
import { Counter, Gauge, type Registry } from "prom-client";
import type { FeedbackLog } from "./feedback-log.ts";
import type { PredictionLog } from "./prediction-log.ts";

export interface LoggedCounts {
  /** The server's prediction log, if it keeps one. */
  predictions?: PredictionLog;
  /** The log of labels posted to `POST /v2/feedback`, if the server takes them. */
  labels?: FeedbackLog;
}

export function registerLogMetrics(registry: Registry, logs: LoggedCounts): void {
  const registers = [registry];
  const all = () =>
    [
      ["predictions", logs.predictions?.counts],
      ["labels", logs.labels?.counts],
    ] as const;
  new Counter({
    name: "conveyor_prediction_log_rows_total",
    help: "Rows given to the prediction log, by log (predictions or labels) and outcome: written, dropped (buffer full), lost (a segment failed to write), sampled_out",
    labelNames: ["log", "outcome"],
    registers,
    collect() {
      this.reset();
      for (const [log, counts] of all()) {
        if (!counts) continue;
        this.inc({ log, outcome: "written" }, counts.written);
        this.inc({ log, outcome: "dropped" }, counts.dropped);
        this.inc({ log, outcome: "lost" }, counts.lost);
        if ("sampledOut" in counts) this.inc({ log, outcome: "sampled_out" }, counts.sampledOut);
      }
    },
  });
  new Counter({
    name: "conveyor_prediction_log_segments_total",
    help: "Parquet segments the prediction log wrote and indexed, by log",
    labelNames: ["log"],
    registers,
    collect() {
      this.reset();
      for (const [log, counts] of all()) if (counts) this.inc({ log }, counts.segments);
    },
  });
  new Gauge({
    name: "conveyor_prediction_log_buffered_rows",
    help: "Rows the prediction log holds in memory, waiting or being written, by log",
    labelNames: ["log"],
    registers,
    collect() {
      for (const [log, counts] of all()) if (counts) this.set({ log }, counts.buffered);
    },
  });
}
