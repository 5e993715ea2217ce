/** Data quality of a window against its reference: each check fires on what it is for, and only then. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { profileReference } from "../../src/ml/drift/index.ts";
import { checkQuality } from "../../src/ml/monitoring/data-quality.ts";
import { createTable } from "../../src/ml/table.ts";

const reference = createTable([
  { name: "age", type: "number", values: Float64Array.from({ length: 100 }, (_, i) => (i % 10 === 0 ? Number.NaN : 20 + (i % 50))) },
  { name: "plan", type: "string", values: Array.from({ length: 100 }, (_, i) => ["basic", "pro"][i % 2]!) },
]);
const profile = profileReference(reference);
const columns = [
  { name: "age", type: "number" as const },
  { name: "plan", type: "string" as const },
];

describe("data quality", () => {
  it("passes a window like its reference", () => {
    const quality = checkQuality(profile, reference, { columns, minRows: 50, maxRows: 200 });
    assert.equal(quality.passed, true);
    assert.deepEqual(
      quality.checks.map((c) => [c.check, c.column]),
      [
        ["rowVolume", null],
        ["nulls", "age"],
        ["outOfRange", "age"],
        ["nulls", "plan"],
        ["unseenCategories", "plan"],
      ],
    );
  });

  it("flags missing values beyond the reference's share, values out of range, unseen categories and row volume", () => {
    const window = createTable([
      { name: "age", type: "number", values: Float64Array.from({ length: 40 }, (_, i) => (i < 10 ? Number.NaN : i < 20 ? 500 : 30)) },
      { name: "plan", type: "string", values: Array.from({ length: 40 }, (_, i) => (i < 8 ? "enterprise" : "pro")) },
    ]);
    const quality = checkQuality(profile, window, { columns, minRows: 50 });
    const failed = Object.fromEntries(quality.checks.filter((c) => !c.passed).map((c) => [`${c.check}:${c.column ?? ""}`, c.detail]));
    assert.deepEqual(Object.keys(failed).sort(), ["nulls:age", "outOfRange:age", "rowVolume:", "unseenCategories:plan"]);
    assert.equal(failed["nulls:age"], "10 of 40 values missing (reference: 10.0%)");
    assert.equal(failed["outOfRange:age"], "10 of 30 values outside the reference's [21, 69]");
    assert.equal(failed["unseenCategories:plan"], '8 of 40 values never seen in the reference: "enterprise"');
    assert.equal(quality.passed, false);
  });

  it("reports a column missing from the window, or of another type, as a schema violation", () => {
    const window = createTable([{ name: "age", type: "string", values: Array.from({ length: 40 }, () => "old") }]);
    const quality = checkQuality(profile, window, { columns });
    assert.deepEqual(
      quality.checks.map((c) => [c.check, c.passed, c.detail]),
      [
        ["schema", false, 'column "age" holds strings, and the model reads numbers'],
        ["schema", false, 'column "plan" is missing from the window'],
      ],
    );
  });
});
