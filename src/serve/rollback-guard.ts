/**
 * Watches a candidate's outcomes over a sliding window and says when to roll it back: once it
 * answered at least `minRequests` in the last `windowSeconds`, when its error rate is above
 * `maxErrorRate` or its p99 latency above `maxP99Ms`; and, once its latest live quality
 * (measured from labelled predictions, live-quality.ts) covers at least `minLabelled`
 * predictions, when its accuracy is below `minQuality` or its RMSE above `maxRmse`. The clock
 * is given, so tests decide what time it is.
 *
 * Each outcome costs O(1): the window keeps counts as outcomes enter and leave it. The p99 test
 * needs no sort: the nearest-rank p99 of n latencies is above T exactly when more than
 * n - ceil(0.99 n) of them are above T. The p99 itself is computed only for the figures of a
 * rollback.
 */
import type { RollbackThresholds } from "../store/deployment-types.ts";
import type { LiveQuality } from "./live-quality.ts";

export interface GuardOutcome {
  ok: boolean;
  latencyMs: number;
}

/** What the window held when the guard decided: recorded with an automatic rollback. */
export interface GuardFigures {
  requests: number;
  errors: number;
  errorRate: number;
  p99Ms: number;
  /** Labelled predictions in the window, with the accuracy or RMSE they gave (null when not measured). */
  labelled: number;
  accuracy: number | null;
  rmse: number | null;
  windowSeconds: number;
}

export interface RollbackDecision {
  /** Each threshold crossed, in words, e.g. "error rate 0.5 > 0.05". */
  reasons: string[];
  figures: GuardFigures;
}

interface Timed<T> {
  time: number;
  value: T;
}

/** Entries in time order; those older than the window leave from the front. */
class Window<T> {
  private items: Timed<T>[] = [];
  private head = 0;

  push(time: number, value: T): void {
    this.items.push({ time, value });
  }

  /** Removes the entries at or before `oldest`, handing each to `leave`. */
  evict(oldest: number, leave: (value: T) => void): void {
    while (this.head < this.items.length && (this.items[this.head] as Timed<T>).time <= oldest) {
      leave((this.items[this.head] as Timed<T>).value);
      this.head++;
    }
    // Compacts once half the array is gone, so memory follows the window, not the history.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  values(): T[] {
    return this.items.slice(this.head).map((i) => i.value);
  }
}

export class RollbackGuard {
  private readonly outcomes = new Window<GuardOutcome>();
  private requests = 0;
  private errors = 0;
  private slow = 0;
  private quality: LiveQuality = { labelled: 0, accuracy: null, rmse: null };

  constructor(
    private readonly thresholds: RollbackThresholds,
    private readonly clock: () => number = Date.now,
  ) {}

  /** One answered request of the candidate. */
  record(outcome: GuardOutcome): void {
    this.outcomes.push(this.clock(), outcome);
    this.requests++;
    if (!outcome.ok) this.errors++;
    if (outcome.latencyMs > this.thresholds.maxP99Ms) this.slow++;
  }

  /** The candidate's live quality over the window, as last measured: replaces the one before. */
  recordQuality(quality: LiveQuality): void {
    this.quality = quality;
  }

  /** The thresholds the window crosses now, or null while it crosses none (or holds too few requests). */
  check(): RollbackDecision | null {
    this.evict();
    const t = this.thresholds;
    const reasons: string[] = [];
    const errorRate = this.requests === 0 ? 0 : this.errors / this.requests;
    if (this.requests >= t.minRequests) {
      if (errorRate > t.maxErrorRate) reasons.push(`error rate ${round(errorRate)} > ${t.maxErrorRate}`);
      if (this.slow > this.requests - Math.ceil(0.99 * this.requests)) reasons.push(`p99 latency ${round(this.p99())} ms > ${t.maxP99Ms} ms`);
    }
    const { labelled, accuracy, rmse } = this.quality;
    if (labelled >= t.minLabelled) {
      if (t.minQuality !== null && accuracy !== null && accuracy < t.minQuality) reasons.push(`accuracy ${round(accuracy)} < ${t.minQuality}`);
      if (t.maxRmse !== null && rmse !== null && rmse > t.maxRmse) reasons.push(`RMSE ${round(rmse)} > ${t.maxRmse}`);
    }
    if (reasons.length === 0) return null;
    return {
      reasons,
      figures: {
        requests: this.requests,
        errors: this.errors,
        errorRate,
        p99Ms: this.p99(),
        labelled,
        accuracy,
        rmse,
        windowSeconds: t.windowSeconds,
      },
    };
  }

  private evict(): void {
    const oldest = this.clock() - this.thresholds.windowSeconds * 1000;
    this.outcomes.evict(oldest, (o) => {
      this.requests--;
      if (!o.ok) this.errors--;
      if (o.latencyMs > this.thresholds.maxP99Ms) this.slow--;
    });
  }

  /** Nearest-rank p99 of the window's latencies (0 when empty). */
  private p99(): number {
    const latencies = this.outcomes.values().map((o) => o.latencyMs);
    if (latencies.length === 0) return 0;
    latencies.sort((a, b) => a - b);
    return latencies[Math.ceil(0.99 * latencies.length) - 1] as number;
  }
}

const round = (x: number) => Math.round(x * 1000) / 1000;
