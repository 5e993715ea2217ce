/**
 * Metric points logged from code, written in batches: a training loop may log thousands of
 * points a second, and one transaction per point would cost more than the training step.
 */
import type { MetadataStore, MetricPoint } from "../store/types.ts";

const MAX_POINTS = 1000;
const MAX_DELAY_MS = 1000;

export class MetricBuffer {
  private points: MetricPoint[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  /** A failed write, reported by the next `flush` (the one `endRun` makes, at the latest). */
  private failure: unknown;

  constructor(private readonly store: MetadataStore) {}

  add(point: MetricPoint): void {
    this.points.push(point);
    if (this.points.length >= MAX_POINTS) void this.write();
    else if (!this.timer) {
      this.timer = setTimeout(() => void this.write(), MAX_DELAY_MS);
      // Pending points must not keep a finished script alive; endRun flushes them.
      this.timer.unref();
    }
  }

  /** Writes everything added so far; rejects with the first failed write since the last flush. */
  async flush(): Promise<void> {
    await this.write();
    const failure = this.failure;
    this.failure = undefined;
    if (failure) throw failure;
  }

  private write(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const points = this.points;
    this.points = [];
    this.writing = this.writing.then(async () => {
      if (points.length === 0) return;
      try {
        await this.store.logMetrics(points);
      } catch (error) {
        this.failure ??= error;
      }
    });
    return this.writing;
  }
}
