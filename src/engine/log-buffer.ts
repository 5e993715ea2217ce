/** Buffers log lines and metric points of running attempts and writes them in batches. */
import type { LogLine, MetadataStore, MetricPoint } from "../store/types.ts";

export class TelemetryBuffer {
  private logs: LogLine[] = [];
  private metrics: MetricPoint[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private discarded = false;

  constructor(
    private readonly store: MetadataStore,
    /** Awaited before each write; what it throws, the flush does, writing nothing. */
    private readonly beforeWrite: () => Promise<void>,
    private readonly intervalMs = 200,
  ) {}

  log(line: LogLine): void {
    if (this.discarded) return;
    this.logs.push(line);
    this.schedule();
  }

  metric(point: MetricPoint): void {
    if (this.discarded) return;
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
      await this.beforeWrite();
      if (this.discarded) return;
      if (logs.length) await this.store.appendLogs(logs);
      if (metrics.length) await this.store.logMetrics(metrics);
    });
    return this.flushing;
  }

  /** Drops what is buffered, and everything logged from now on. */
  discard(): void {
    this.discarded = true;
    this.logs = [];
    this.metrics = [];
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.discarded) await this.flush();
  }
}
