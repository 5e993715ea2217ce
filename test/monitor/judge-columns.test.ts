/** Columns with methods of their own: judged by src/ml/drift group by group, corrected and shared over all of them at once. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isConveyorError } from "../../src/errors.ts";
import { adjustPValues, judgeWindow, profileReference } from "../../src/ml/drift/index.ts";
import { judgeColumns } from "../../src/ml/monitoring/judge-columns.ts";
import { seededRandom } from "../../src/ml/random.ts";
import { createTable, type Table } from "../../src/ml/table.ts";

function table(seed: number, rows: number, shift: number): Table {
  const random = seededRandom(seed);
  return createTable(Array.from({ length: 4 }, (_, c) => ({ name: `x${c}`, type: "number" as const, values: Float64Array.from({ length: rows }, () => random() + c * shift) })));
}

describe("judgeColumns", () => {
  const reference = table(1, 500, 0);
  const window = table(2, 200, 0.03);
  const profile = profileReference(reference);
  const columns = ["x0", "x1", "x2", "x3"];

  it("gives judgeWindow's verdict when every column takes its default", async () => {
    const ours = await judgeColumns(profile, window, { columns, correction: "bonferroni", threads: 1 });
    assert.deepEqual(ours, await judgeWindow(profile, window, { columns, correction: "bonferroni", threads: 1 }));
  });

  it("corrects the p-values of every tested column together, whatever their groups", async () => {
    const ours = await judgeColumns(profile, window, { columns, methods: { x1: { method: "psi", threshold: 0.2 } }, correction: "bonferroni", threads: 1 });
    const plain = await judgeWindow(profile, window, { columns: ["x0", "x2", "x3"], threads: 1 });
    const raw = plain.columns.map((c) => (c.status === "judged" ? c.pValue! : Number.NaN));
    const tested = ours.columns.filter((c) => c.status === "judged" && c.pValue !== null);
    assert.deepEqual(tested.map((c) => c.column), ["x0", "x2", "x3"]);
    assert.deepEqual(tested.map((c) => (c.status === "judged" ? c.adjustedPValue : null)), adjustPValues(raw, "bonferroni"));
    const psi = ours.columns[1]!;
    assert.deepEqual(psi.status === "judged" && [psi.method, psi.threshold, psi.pValue], ["psi", 0.2, null]);
    assert.equal(ours.judgedColumns, 4);
  });

  it("refuses an unknown correction, naming the ones there are", async () => {
    await assert.rejects(judgeColumns(profile, window, { columns, correction: "holm" as never, threads: 1 }), (error) => isConveyorError(error) && /unknown p-value correction "holm".*/.test(error.message) && /benjaminiHochberg/.test(error.hint ?? ""));
  });
});
