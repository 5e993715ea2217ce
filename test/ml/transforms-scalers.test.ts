import assert from "node:assert/strict";
import { test } from "node:test";
import { createMatrix } from "../../src/ml/matrix.ts";
import { MinMaxScaler } from "../../src/ml/transforms/min-max-scaler.ts";
import { median, percentile } from "../../src/ml/transforms/percentile.ts";
import { RobustScaler } from "../../src/ml/transforms/robust-scaler.ts";

// Reference values: scikit-learn 1.2 MinMaxScaler and RobustScaler, numpy median/percentile.
// Column 1 is constant; column 2 has an outlier (100).
const x = createMatrix(5, 3, Float64Array.of(1, 10, 5, 2, 10, -1, 4, 10, 3, 7, 10, 100, 3, 10, 2));
const unseen = createMatrix(1, 3, Float64Array.of(8, 11, 0));

function assertClose(actual: ArrayLike<number>, expected: readonly number[]): void {
  assert.equal(actual.length, expected.length);
  expected.forEach((e, i) => {
    assert.ok(Math.abs(actual[i]! - e) <= 1e-15, `[${i}] ${actual[i]} != ${e}`);
  });
}

test("MinMaxScaler maps the training range onto [0, 1], a constant feature onto 0", () => {
  const scaler = MinMaxScaler.fit(x);
  assertClose(
    scaler.transform(x).data,
    [
      0, 0, 0.05940594059405941, 0.16666666666666666, 0, 0, 0.5, 0, 0.0396039603960396, 0.9999999999999999, 0, 1,
      0.33333333333333337, 0, 0.0297029702970297,
    ],
  );
  // Outside the training range, values fall outside [0, 1]: no clipping, as scikit-learn.
  assertClose(scaler.transform(unseen).data, [1.1666666666666665, 1, 0.0099009900990099]);
});

test("RobustScaler centres on the median and divides by the interquartile range", () => {
  const scaler = RobustScaler.fit(x);
  assert.deepEqual(Array.from(scaler.center), [3, 10, 3]);
  assert.deepEqual(Array.from(scaler.scale), [2, 1, 3]);
  assertClose(scaler.transform(unseen).data, [2.5, 1, -1]);
});

test("median and percentile interpolate as numpy does", () => {
  assert.equal(median([1, 2, 4, 10]), 3);
  assert.equal(median([1, 2, 4]), 2);
  assert.equal(percentile([1, 2, 4, 10], 25), 1.75);
  assert.equal(percentile([1, 2, 4, 10], 75), 5.5);
  assert.equal(percentile([7], 90), 7);
});

test("scalers round-trip through JSON and refuse other formats", () => {
  for (const [scaler, load] of [
    [MinMaxScaler.fit(x), MinMaxScaler.fromJSON],
    [RobustScaler.fit(x), RobustScaler.fromJSON],
  ] as const) {
    const json = JSON.parse(JSON.stringify(scaler));
    assert.equal(json.version, 1);
    assert.deepEqual(load(json).transform(unseen), scaler.transform(unseen));
    assert.throws(() => load({ ...json, format: "conveyor.standard-scaler" }), /expected format/);
    assert.throws(() => load({ ...json, scale: [1] }), /"scale" has 1 numbers, expected 3/);
  }
});
