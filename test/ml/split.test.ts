import assert from "node:assert/strict";
import { test } from "node:test";
import { ConveyorError } from "../../src/errors.ts";
import { columnSplit, givenRowsSplit } from "../../src/ml/given-split.ts";
import { seededRandom, shuffleInPlace } from "../../src/ml/random.ts";
import { randomSplit, stratifiedSplit } from "../../src/ml/split.ts";

test("seededRandom is mulberry32: the same numbers for the same seed, everywhere", () => {
  const random = seededRandom(42);
  // Reference values from an independent Python port of mulberry32.
  assert.deepEqual(
    [random(), random(), random()],
    [0.6011037519201636, 0.44829055899754167, 0.8524657934904099],
  );
  const a = seededRandom(7);
  const b = seededRandom(7);
  for (let i = 0; i < 100; i++) assert.equal(a(), b());
});

test("shuffleInPlace permutes, reproducibly", () => {
  const shuffled = shuffleInPlace([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], seededRandom(1));
  assert.deepEqual(
    [...shuffled].sort((x, y) => x - y),
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  );
  assert.notDeepEqual(shuffled, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual(shuffleInPlace([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], seededRandom(1)), shuffled);
});

test("randomSplit: ceil(fraction * n) test rows, disjoint, covering, sorted, seeded", () => {
  const split = randomSplit(101, { testFraction: 0.2, seed: 3 });
  assert.equal(split.test.length, 21);
  assert.equal(split.train.length, 80);
  assert.deepEqual(
    [...split.train, ...split.test].sort((a, b) => a - b),
    Array.from({ length: 101 }, (_, i) => i),
  );
  assert.deepEqual(
    split.test,
    [...split.test].sort((a, b) => a - b),
  );
  assert.deepEqual(randomSplit(101, { testFraction: 0.2, seed: 3 }), split);
  assert.notDeepEqual(randomSplit(101, { testFraction: 0.2, seed: 4 }).test, split.test);
});

test("randomSplit does not round floating-point dust up", () => {
  assert.equal(randomSplit(100, { testFraction: 0.07, seed: 1 }).test.length, 7);
});

test("randomSplit refuses fractions that leave a side empty", () => {
  assert.throws(() => randomSplit(10, { testFraction: 0, seed: 1 }), /testFraction is 0/);
  assert.throws(() => randomSplit(10, { testFraction: 1, seed: 1 }), /testFraction is 1/);
  assert.throws(
    () => randomSplit(1, { testFraction: 0.5, seed: 1 }),
    /no row would be left to train on/,
  );
});

test("stratifiedSplit keeps each class's share on both sides", () => {
  // 60 "a", 30 "b", 10 "c", interleaved.
  const labels = Array.from({ length: 100 }, (_, i) => (i % 10 < 6 ? "a" : i % 10 < 9 ? "b" : "c"));
  const split = stratifiedSplit(labels, { testFraction: 0.25, seed: 11 });
  assert.equal(split.test.length, 25);
  const count = (rows: number[], label: string) =>
    rows.filter((row) => labels[row] === label).length;
  // Quotas 15, 7.5, 2.5: the largest remainders (b first, as first seen) take the one left over.
  assert.deepEqual(
    ["a", "b", "c"].map((label) => count(split.test, label)),
    [15, 8, 2],
  );
  assert.deepEqual(
    [...split.train, ...split.test].sort((a, b) => a - b),
    Array.from({ length: 100 }, (_, i) => i),
  );
  assert.deepEqual(stratifiedSplit(labels, { testFraction: 0.25, seed: 11 }), split);
});

test("stratifiedSplit accepts numeric labels", () => {
  const labels = Float64Array.from({ length: 50 }, (_, i) => (i < 10 ? 1 : 0));
  const split = stratifiedSplit(labels, { testFraction: 0.2, seed: 5 });
  assert.equal(split.test.filter((row) => labels[row] === 1).length, 2);
  assert.equal(split.test.length, 10);
});

test("givenRowsSplit: the listed rows are test, the others train, both ascending", () => {
  assert.deepEqual(givenRowsSplit(6, [4, 1]), { train: [0, 2, 3, 5], test: [1, 4] });
});

test("givenRowsSplit refuses rows outside the data, repeated rows and an empty side", () => {
  const refused = (rows: number[], message: RegExp) =>
    assert.throws(() => givenRowsSplit(4, rows), (e: unknown) => e instanceof ConveyorError && message.test(e.message));
  refused([1, 4], /testRows\[1\] is 4, but the data has rows 0 to 3/);
  refused([1.5], /testRows\[0\] is 1\.5/);
  refused([2, 2], /lists row 2 twice/);
  refused([0, 1, 2, 3], /leaves no train rows/);
});

test("columnSplit: each row's part named by a column; anything else is refused with its row", () => {
  const column = { name: "fold", type: "string" as const, values: ["train", "test", "train", "test"] };
  assert.deepEqual(columnSplit(column), { train: [0, 2], test: [1, 3] });
  assert.throws(
    () => columnSplit({ ...column, values: ["train", "Test", "train"] }),
    /split column "fold" holds "Test" in row 1 \(counted from 0\)/,
  );
  assert.throws(() => columnSplit({ ...column, values: ["train", null] }), /holds no value in row 1/);
  assert.throws(() => columnSplit({ ...column, values: ["train", "train"] }), /leaves no test rows/);
});
