import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { TrafficPolicy } from "../../src/store/deployment-types.ts";
import { chooseVersion } from "../../src/serve/traffic-policy.ts";

const KEYS = Array.from({ length: 20_000 }, (_, i) => `user-${i}`);

function candidateShare(policy: TrafficPolicy, salt: string, keys: (string | undefined)[], random?: () => number): number {
  const chosen = keys.filter((key) => chooseVersion(policy, salt, key, random).primary === "candidate").length;
  return (100 * chosen) / keys.length;
}

/** A seeded generator (mulberry32), so the keyless test is deterministic. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("traffic policy", () => {
  it("sends one key to one version, every time", () => {
    const policy: TrafficPolicy = { kind: "canary", percent: 30 };
    const never = () => {
      throw new Error("a keyed request must not be placed at random");
    };
    for (const key of KEYS.slice(0, 500)) {
      const first: string = chooseVersion(policy, "churn-api", key, never).primary;
      for (let i = 0; i < 3; i++) assert.equal(chooseVersion(policy, "churn-api", key, never).primary, first, key);
    }
  });

  it("gives a canary its percentage of keys, within half a point over 20,000 keys", () => {
    for (const percent of [1, 10, 50, 90]) {
      const share = candidateShare({ kind: "canary", percent }, "churn-api", KEYS);
      assert.ok(Math.abs(share - percent) < 0.5 + percent * 0.05, `canary ${percent}%: ${share}%`);
    }
  });

  it("gives an A/B candidate its weight of keys", () => {
    const share = candidateShare({ kind: "ab", weight: 25 }, "churn-api", KEYS);
    assert.ok(Math.abs(share - 25) < 1.5, `${share}%`);
  });

  it("keeps a user with the candidate as its percentage grows", () => {
    const at10 = KEYS.filter((k) => chooseVersion({ kind: "canary", percent: 10 }, "d", k).primary === "candidate");
    for (const key of at10) assert.equal(chooseVersion({ kind: "canary", percent: 50 }, "d", key).primary, "candidate", key);
  });

  it("splits users independently in two deployments", () => {
    const policy: TrafficPolicy = { kind: "canary", percent: 50 };
    const both = KEYS.filter((k) => chooseVersion(policy, "a", k).primary === "candidate" && chooseVersion(policy, "b", k).primary === "candidate").length;
    const share = (100 * both) / KEYS.length;
    assert.ok(Math.abs(share - 25) < 1.5, `${share}% of users are with both candidates`);
  });

  it("places requests without a key at random, in proportion", () => {
    const keys = Array.from({ length: 20_000 }, () => undefined);
    const share = candidateShare({ kind: "canary", percent: 20 }, "d", keys, seeded(7));
    assert.ok(Math.abs(share - 20) < 1.5, `${share}%`);
  });

  it("never lets a shadow answer, and copies every request to it", () => {
    for (const key of [undefined, ...KEYS.slice(0, 100)]) {
      assert.deepEqual(chooseVersion({ kind: "shadow" }, "d", key), { primary: "stable", shadow: true });
    }
  });
});
