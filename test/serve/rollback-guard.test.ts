import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFAULT_THRESHOLDS, type RollbackThresholds } from "../../src/store/deployment-types.ts";
import { RollbackGuard } from "../../src/serve/rollback-guard.ts";

const THRESHOLDS: RollbackThresholds = { ...DEFAULT_THRESHOLDS, maxErrorRate: 0.1, maxP99Ms: 100, windowSeconds: 60, minRequests: 20 };

/** A guard on a clock the test moves. */
function guarded(thresholds: RollbackThresholds = THRESHOLDS) {
  const clock = { now: 1_000_000 };
  return { guard: new RollbackGuard(thresholds, () => clock.now), clock };
}

const fast = { ok: true, latencyMs: 5 };
const failed = { ok: false, latencyMs: 5 };

describe("rollback guard", () => {
  it("waits for the minimum number of requests, however bad they are", () => {
    const { guard } = guarded();
    for (let i = 0; i < 19; i++) guard.record(failed);
    assert.equal(guard.check(), null);
    guard.record(failed);
    assert.deepEqual(guard.check(), {
      reasons: ["error rate 1 > 0.1"],
      figures: { requests: 20, errors: 20, errorRate: 1, p99Ms: 5, labelled: 0, accuracy: null, rmse: null, windowSeconds: 60 },
    });
  });

  it("rolls back above the error rate, not at it", () => {
    const { guard } = guarded();
    for (let i = 0; i < 90; i++) guard.record(fast);
    for (let i = 0; i < 10; i++) guard.record(failed);
    assert.equal(guard.check(), null, "10 errors in 100 is the threshold, not above it");
    guard.record(failed);
    assert.deepEqual(guard.check()?.reasons, ["error rate 0.109 > 0.1"]);
  });

  it("decides on p99 latency exactly as the nearest-rank p99 of the window", () => {
    let seed = 1;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const decided = { rollback: 0, keep: 0 };
    for (let trial = 0; trial < 200; trial++) {
      const { guard } = guarded({ ...THRESHOLDS, maxErrorRate: 1 });
      const count = 20 + Math.floor(random() * 300);
      const latencies = Array.from({ length: count }, () => (random() < 0.985 ? 50 * random() : 80 + 60 * random()));
      for (const latencyMs of latencies) guard.record({ ok: true, latencyMs });
      const sorted = [...latencies].sort((a, b) => a - b);
      const p99 = sorted[Math.ceil(0.99 * count) - 1] as number;
      const decision = guard.check();
      assert.equal(decision !== null, p99 > 100, `${count} requests, p99 ${p99}`);
      if (decision) assert.equal(decision.figures.p99Ms, p99);
      decided[decision ? "rollback" : "keep"]++;
    }
    assert.ok(decided.rollback > 20 && decided.keep > 20, `both decisions are tried: ${JSON.stringify(decided)}`);
  });

  it("forgets what left the window", () => {
    const { guard, clock } = guarded();
    for (let i = 0; i < 30; i++) guard.record(failed);
    clock.now += 30_000;
    for (let i = 0; i < 30; i++) guard.record(fast);
    assert.equal(guard.check()?.figures.requests, 60);
    clock.now += 30_001;
    assert.equal(guard.check(), null, "the failures are older than the window");
    clock.now += 30_000;
    for (let i = 0; i < 19; i++) guard.record({ ok: true, latencyMs: 500 });
    assert.equal(guard.check(), null, "19 slow requests are fewer than the minimum");
  });

  it("rolls back on live accuracy once enough predictions are labelled, when a minimum is set", () => {
    const { guard } = guarded({ ...THRESHOLDS, minQuality: 0.8, minLabelled: 20 });
    guard.recordQuality({ labelled: 19, accuracy: 0, rmse: null });
    assert.equal(guard.check(), null, "19 labelled predictions are fewer than the minimum");
    guard.recordQuality({ labelled: 100, accuracy: 0.8, rmse: null });
    assert.equal(guard.check(), null, "0.8 is the threshold, not below it");
    guard.recordQuality({ labelled: 110, accuracy: 81 / 110, rmse: null });
    assert.deepEqual(guard.check(), {
      reasons: ["accuracy 0.736 < 0.8"],
      figures: { requests: 0, errors: 0, errorRate: 0, p99Ms: 0, labelled: 110, accuracy: 81 / 110, rmse: null, windowSeconds: 60 },
    });
    const unset = guarded().guard;
    unset.recordQuality({ labelled: 50, accuracy: 0, rmse: null });
    assert.equal(unset.check(), null, "without a minimum, accuracy is not checked");
  });

  it("rolls back a regressor above its largest live RMSE", () => {
    const { guard } = guarded({ ...THRESHOLDS, maxRmse: 2, minLabelled: 5 });
    guard.recordQuality({ labelled: 5, accuracy: null, rmse: 2 });
    assert.equal(guard.check(), null);
    guard.recordQuality({ labelled: 5, accuracy: null, rmse: 2.5 });
    assert.deepEqual(guard.check()?.reasons, ["RMSE 2.5 > 2"]);
  });

  it("counts only the window over a long run", () => {
    const { guard, clock } = guarded({ ...THRESHOLDS, windowSeconds: 1 });
    for (let i = 0; i < 100_000; i++) {
      clock.now += 1;
      guard.record(failed);
      if (i % 1000 === 0) guard.check();
    }
    assert.deepEqual(guard.check()?.figures, { requests: 1000, errors: 1000, errorRate: 1, p99Ms: 5, labelled: 0, accuracy: null, rmse: null, windowSeconds: 1 });
  });
});
