import assert from "node:assert/strict";
import { test } from "node:test";
import { kFold } from "../../src/ml/tuning/k-fold.ts";
import { stratifiedKFold } from "../../src/ml/tuning/stratified-k-fold.ts";
import { conveyorError } from "../store/expect-conveyor-error.ts";

function assertPartition(splits: { train: number[]; test: number[] }[], rowCount: number): void {
  const tested = splits.flatMap((s) => s.test).sort((a, b) => a - b);
  assert.deepEqual(tested, Array.from({ length: rowCount }, (_, i) => i), "every row is tested exactly once");
  for (const { train, test } of splits) {
    assert.deepEqual([...train, ...test].sort((a, b) => a - b), tested, "each split covers all rows");
  }
}

test("kFold cuts consecutive blocks, the first ones a row larger, as scikit-learn's KFold", () => {
  const splits = kFold(10, { folds: 3 });
  assert.deepEqual(
    splits.map((s) => s.test),
    [
      [0, 1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ],
  );
  assert.deepEqual(splits[1]!.train, [0, 1, 2, 3, 7, 8, 9]);
});

test("a shuffle seed reorders rows reproducibly", () => {
  const a = kFold(20, { folds: 4, shuffleSeed: 7 });
  assert.deepEqual(kFold(20, { folds: 4, shuffleSeed: 7 }), a);
  assert.notDeepEqual(kFold(20, { folds: 4, shuffleSeed: 8 }), a);
  assert.notDeepEqual(a, kFold(20, { folds: 4 }));
  assertPartition(a, 20);
  assert.deepEqual(a.map((s) => s.test.length), [5, 5, 5, 5]);
});

test("stratifiedKFold without a seed gives scikit-learn's StratifiedKFold folds", () => {
  const labels = [0, 1, 1, 0, 2, 2, 1, 0, 2, 1, 0, 0, 1];
  assert.deepEqual(
    stratifiedKFold(labels, { folds: 3 }).map((s) => s.test),
    [
      [0, 1, 2, 3, 4],
      [5, 6, 7, 10],
      [8, 9, 11, 12],
    ],
  );
});

test("stratified folds keep each class's share, shuffled or not", () => {
  const labels = ["a", "a", "a", "a", "a", "a", "b", "b", "b", "c", "c", "c", "c", "a", "b", "c"];
  for (const shuffleSeed of [undefined, 1, 2]) {
    const splits = stratifiedKFold(labels, { folds: 3, shuffleSeed });
    assertPartition(splits, labels.length);
    for (const label of ["a", "b", "c"]) {
      const perFold = splits.map((s) => s.test.filter((row) => labels[row] === label).length);
      assert.ok(Math.max(...perFold) - Math.min(...perFold) <= 1, `${label}: ${perFold}`);
    }
  }
  assert.deepEqual(stratifiedKFold(labels, { folds: 3, shuffleSeed: 1 }), stratifiedKFold(labels, { folds: 3, shuffleSeed: 1 }));
});

test("fold counts must be at least 2 and at most the row count", () => {
  assert.throws(() => kFold(10, { folds: 1 }), conveyorError("invalid_param", "folds is 1"));
  assert.throws(() => kFold(3, { folds: 4 }), conveyorError("invalid_param", "cannot cut 3 rows into 4 folds"));
  assert.throws(() => stratifiedKFold(["a", "b", null], { folds: 2 }), conveyorError("invalid_data", "label at row 2 is missing"));
});
