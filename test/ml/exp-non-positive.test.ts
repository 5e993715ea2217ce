import assert from "node:assert/strict";
import { test } from "node:test";
import { expNonPositive } from "../../src/ml/models/linear/exp-non-positive.ts";
import { seededRandom } from "../../src/ml/random.ts";

test("expNonPositive is within 1.5 units in the last place of Math.exp over the normal range", () => {
  const random = seededRandom(3);
  // Each scale in turn: the tables' every entry, and each power of two down to the subnormals.
  for (let draw = 0; draw < 200_000; draw++) {
    const v = -random() * [1e-6, 1, 40, 708][draw % 4]!;
    const expected = Math.exp(v);
    const ulps = Math.abs(expNonPositive(v) - expected) / (expected * Number.EPSILON);
    assert.ok(ulps <= 1.5, `e^${v}: ${expNonPositive(v)} against Math.exp's ${expected}`);
  }
});

test("expNonPositive at the ends: 1 at zero, 0 where Math.exp underflows, NaN for NaN", () => {
  assert.equal(expNonPositive(0), 1);
  assert.equal(expNonPositive(-0), 1);
  assert.equal(expNonPositive(-1e-300), 1);
  for (const v of [-745.2, -800, -1e10, Number.NEGATIVE_INFINITY]) assert.equal(expNonPositive(v), 0, `e^${v}`);
  // Subnormal results: off by at most the least subnormal.
  for (const v of [-709, -720, -740, -745]) assert.ok(Math.abs(expNonPositive(v) - Math.exp(v)) <= 5e-324, `e^${v}`);
  assert.ok(Number.isNaN(expNonPositive(Number.NaN)));
});
