/** "Drift in K consecutive windows": a pure state over window results. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { advanceDriftStreak, startDriftStreak, type WindowDrift } from "../../src/ml/drift/index.ts";

/** A window in which the columns named drifted, the others did not; `null` for a window too small to judge. */
function window(drifted: readonly string[] | null, columns = ["a", "b"]): WindowDrift {
  if (drifted === null) {
    return {
      status: "notJudged",
      columns: columns.map((column) => ({ column, status: "notJudged", reason: "3 present values", referenceSize: 100, currentSize: 3 })),
      judgedColumns: 0,
      driftedColumns: 0,
      share: 0,
      driftShare: 0.5,
      drifted: false,
      correction: "none",
    };
  }
  const judged = columns.map((column) => ({
    column,
    status: "judged" as const,
    kind: "numeric" as const,
    method: "psi" as const,
    statistic: drifted.includes(column) ? 0.3 : 0.01,
    pValue: null,
    threshold: 0.1,
    drifted: drifted.includes(column),
    referenceSize: 100,
    currentSize: 100,
    effectSize: { name: "psi" as const, value: drifted.includes(column) ? 0.3 : 0.01 },
    adjustedPValue: null,
    also: [],
  }));
  const share = drifted.length / columns.length;
  return {
    status: "judged",
    columns: judged,
    judgedColumns: columns.length,
    driftedColumns: drifted.length,
    share,
    driftShare: 0.5,
    drifted: share >= 0.5,
    correction: "none",
  };
}

function run(windows: readonly (readonly string[] | null)[], k: number) {
  let streak = startDriftStreak(k);
  return windows.map((w) => {
    streak = advanceDriftStreak(streak, window(w));
    return [streak.streak, streak.alert, streak.alertColumns.join(",")];
  });
}

test("an alert only after K drifted windows in a row, for the dataset and each column; a window without drift starts again", () => {
  assert.deepEqual(run([["a"], ["a", "b"], [], ["a"], ["a"], ["a", "b"], ["b"]], 3), [
    [1, false, ""],
    [2, false, ""],
    [0, false, ""],
    [1, false, ""],
    [2, false, ""],
    [3, true, "a"],
    [4, true, ""],
  ]);
});

test("a window too small to judge neither extends nor ends a streak", () => {
  assert.deepEqual(run([["a"], null, ["a"], null], 2), [
    [1, false, ""],
    [1, false, ""],
    [2, true, "a"],
    [2, true, "a"],
  ]);
});

test("K = 1 alerts on the first drifted window; the state is new each time", () => {
  const start = startDriftStreak(1);
  const next = advanceDriftStreak(start, window(["b"]));
  assert.deepEqual([next.streak, next.alert, next.columns], [1, true, { a: 0, b: 1 }]);
  assert.deepEqual([start.streak, start.alert, start.columns], [0, false, {}]);
});

test("a streak of a number of windows that is not a whole number above 0 is refused", () => {
  for (const bad of [0, -1, 1.5, Number.NaN]) {
    assert.throws(() => startDriftStreak(bad), { message: `a drift streak of ${bad} windows`, hint: /at least 1/ });
  }
});
