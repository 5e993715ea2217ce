/** Buffers log lines and metric points of running attempts and writes them in batches. */
import type { LogLine, MetadataStore, MetricPoint } from "../store/types.ts";

export class TelemetryBuffer {
  private logs: LogLine[] = [];
  private metrics: MetricPoint[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: MetadataStore,
    private readonly intervalMs = 200,
  ) {}

  log(line: LogLine): void {
    this.logs.push(line);
    this.schedule();
  }

  metric(point: MetricPoint): void {
    this.metrics.push(point);
    this.schedule();
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      // A failed write (a full disk) is not lost: it stays in `flushing`, so the next flush or
      // close reports it to the engine. Here it would only crash the process.
      this.flush().catch(() => {});
    }, this.intervalMs);
  }

  /** Writes everything buffered so far; resolves once it is stored. */
  flush(): Promise<void> {
    const logs = this.logs;
    const metrics = this.metrics;
    if (logs.length === 0 && metrics.length === 0) return this.flushing;
    this.logs = [];
    this.metrics = [];
    this.flushing = this.flushing.then(async () => {
      if (logs.length) await this.store.appendLogs(logs);
      if (metrics.length) await this.store.logMetrics(metrics);
    });
    return this.flushing;
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
  }
}
