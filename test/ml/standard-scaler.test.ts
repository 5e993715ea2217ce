import assert from "node:assert/strict";
import { test } from "node:test";
import { createMatrix } from "../../src/ml/matrix.ts";
import { StandardScaler } from "../../src/ml/transforms/standard-scaler.ts";

// Column 0: 1, 2, 3 (mean 2, population sd sqrt(2/3)); column 1 constant.
const x = createMatrix(3, 2, Float64Array.of(1, 10, 2, 10, 3, 10));

test("fit learns mean and population standard deviation; a constant feature keeps scale 1", () => {
  const scaler = StandardScaler.fit(x);
  assert.deepEqual(Array.from(scaler.mean), [2, 10]);
  assert.deepEqual(Array.from(scaler.scale), [Math.sqrt(2 / 3), 1]);
});

test("transform centres and scales, leaving the input alone", () => {
  const scaled = StandardScaler.fit(x).transform(x);
  const s = Math.sqrt(3 / 2);
  assert.deepEqual(Array.from(scaled.data), [-s, 0, 0, 0, s, 0]);
  assert.deepEqual(Array.from(x.data), [1, 10, 2, 10, 3, 10]);
  assert.throws(
    () => StandardScaler.fit(x).transform(createMatrix(1, 3)),
    /the scaler has 2 features, the matrix 3 columns/,
  );
});

test("JSON round trip, and refusal of other formats", () => {
  const scaler = StandardScaler.fit(x);
  const json = JSON.parse(JSON.stringify(scaler));
  assert.deepEqual(json, {
    format: "conveyor.standard-scaler",
    version: 1,
    mean: [2, 10],
    scale: [Math.sqrt(2 / 3), 1],
  });
  assert.deepEqual(StandardScaler.fromJSON(json).transform(x), scaler.transform(x));
  assert.throws(
    () => StandardScaler.fromJSON({ ...json, version: 2 }),
    /version 2 is not supported/,
  );
  assert.throws(
    () => StandardScaler.fromJSON({ ...json, scale: [1] }),
    /"scale" has 1 numbers, expected 2/,
  );
  assert.throws(() => StandardScaler.fromJSON("nope"), /expected a JSON object/);
});
