/** selectFeatures: constant, duplicate, identifier and leaking columns are dropped with their reason; the rest ranked. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { selectFeatures } from "../../../src/ml/automl/feature-selection.ts";
import { seededRandom } from "../../../src/ml/random.ts";
import { createTable } from "../../../src/ml/table.ts";

const n = 60;
const random = seededRandom(1);
const label = Float64Array.from({ length: n }, (_, i) => i % 2);
const signal = Float64Array.from(label, (y) => y + random() * 1.5);
const noise = Float64Array.from({ length: n }, () => random());

const table = createTable([
  { name: "signal", type: "number", values: signal },
  { name: "noise", type: "number", values: noise },
  { name: "constant", type: "number", values: new Float64Array(n).fill(4) },
  { name: "signal copy", type: "number", values: Float64Array.from(signal) },
  { name: "customer id", type: "string", values: Array.from({ length: n }, (_, i) => `c${1000 + i}`) },
  { name: "outcome name", type: "string", values: Array.from(label, (y) => (y === 1 ? "churned" : "stayed")) },
  { name: "days to churn", type: "number", values: Float64Array.from(label, (y) => y * 100 + random() * 10) },
  { name: "target", type: "number", values: label },
]);

test("constant, duplicate, identifier and leaking columns are dropped, each with its reason", () => {
  const { kept, dropped } = selectFeatures(table, "target", "classification");
  assert.deepEqual(
    dropped.map((d) => [d.name, d.reason]),
    [
      ["constant", "constant"],
      ["signal copy", "duplicate"],
      ["customer id", "identifier"],
      ["outcome name", "leak"],
      ["days to churn", "leak"],
    ],
  );
  assert.match(dropped[1]!.detail, /"signal"/);
  assert.deepEqual(
    kept.map((k) => [k.name, k.rank]),
    [
      ["signal", 1],
      ["noise", 2],
    ],
  );
  assert.ok(kept[0]!.relevance > 0.2 && kept[1]!.relevance < 0.1, JSON.stringify(kept));
});

test("a regression target's linear copy is a leak; its ordinary features are kept", () => {
  const y = Float64Array.from(signal, (x, i) => x * 3 + noise[i]!);
  const regression = createTable([
    { name: "signal", type: "number", values: signal },
    { name: "target in cents", type: "number", values: Float64Array.from(y, (v) => v * 100) },
    { name: "y", type: "number", values: y },
  ]);
  const { kept, dropped } = selectFeatures(regression, "y", "regression");
  assert.deepEqual(kept.map((k) => k.name), ["signal"]);
  assert.deepEqual(dropped.map((d) => [d.name, d.reason]), [["target in cents", "leak"]]);
});

test("a table with nothing but dropped columns is a clear error naming them", () => {
  const useless = createTable([
    { name: "constant", type: "number", values: new Float64Array(n).fill(1) },
    { name: "target", type: "number", values: label },
  ]);
  assert.throws(() => selectFeatures(useless, "target", "classification"), /no usable feature is left to predict "target": "constant" \(constant\)/);
});
