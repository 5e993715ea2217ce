/**
 * judgeWindow against a reference profiled once: the same verdicts as detectDrift, on one
 * thread or several, effect sizes, the minimum window size, p-value corrections, the window's
 * drift share, and bad input.
 */
import assert from "node:assert/strict";
import { after, test } from "node:test";
import {
  adjustPValues,
  closeDriftPool,
  detectDrift,
  judgeWindow,
  profileReference,
  type WindowDrift,
  warmDriftPool,
} from "../../src/ml/drift/index.ts";
import { driftPool } from "../../src/ml/drift/drift-pool.ts";
import { type Column, createTable } from "../../src/ml/table.ts";
import { isConveyorError } from "../../src/errors.ts";
import { readSample } from "./drift-fixtures.ts";

after(closeDriftPool);

const reference = readSample("drift_reference.txt");
const shifted = readSample("drift_current_05.txt");
const nearlySame = readSample("drift_current_01.txt");

function numbers(name: string, values: ArrayLike<number>): Column {
  return { name, type: "number", values: Float64Array.from(values) };
}

function strings(name: string, values: readonly (string | null)[]): Column {
  return { name, type: "string", values };
}

function cycle<T>(n: number, pattern: readonly T[]): T[] {
  return Array.from({ length: n }, (_, i) => pattern[i % pattern.length]!);
}

function judged(window: WindowDrift, column: string) {
  const found = window.columns.find((c) => c.column === column);
  assert.ok(found?.status === "judged", `${column} was judged`);
  return found;
}

const before = createTable([
  numbers("score", reference.subarray(0, 800)),
  strings("plan", cycle(800, ["free", "pro", "team"])),
  strings("churned", cycle(800, ["no", "no", "no", "yes"])),
  numbers("rating", cycle(800, [1, 2, 3])),
]);
const later = createTable([
  numbers("score", shifted.subarray(0, 800)),
  strings("plan", cycle(800, ["free", "pro", "team", "team"])),
  strings("churned", cycle(800, ["no", "yes"])),
  numbers("rating", cycle(800, [1, 2, 3, 4])),
]);

test("each column's verdict is detectDrift's, on one thread or on the worker pool", async () => {
  const profile = profileReference(before);
  const expected = detectDrift(before, later);
  for (const threads of [1, 3]) {
    const window = await judgeWindow(profile, later, { threads });
    assert.equal(window.status, "judged");
    assert.deepEqual(
      window.columns.map((c) => {
        assert.equal(c.status, "judged");
        const { status, effectSize, adjustedPValue, also, ...drift } = c as Extract<typeof c, { status: "judged" }>;
        return drift;
      }),
      expected.columns,
      `${threads} threads`,
    );
    assert.deepEqual([window.driftedColumns, window.judgedColumns, window.share], [expected.driftedColumns, 4, expected.share]);
  }
  // The profile's sorted values are shared with the workers, not copied to them.
  const score = profile.columns[0]!;
  assert.ok(score.type === "number" && score.sorted.buffer instanceof SharedArrayBuffer);
});

test("an effect size beside every verdict, and further methods measured beside it", async () => {
  const window = await judgeWindow(profileReference(before), later, { also: ["psi", "jensenShannon"], threads: 1 });
  const score = judged(window, "score");
  assert.deepEqual(score.effectSize, { name: "ksStatistic", value: score.statistic });
  const psi = detectDrift(before, later, { method: "psi", columns: ["score"] }).columns[0]!;
  assert.deepEqual(score.also[0], { method: "psi", statistic: psi.statistic, pValue: null });
  assert.equal(score.also[1]!.method, "jensenShannon");

  // 10,000 reference values: the normed Wasserstein distance, its own effect size.
  const wide = await judgeWindow(
    profileReference(createTable([numbers("income", reference)])),
    createTable([numbers("income", [...nearlySame.subarray(0, 790), ...Array<number>(10).fill(Number.NaN)])]),
    { threads: 1 },
  );
  const income = judged(wide, "income");
  assert.deepEqual(
    [income.method, income.currentSize, income.effectSize],
    ["wasserstein", 790, { name: "wasserstein", value: income.statistic }],
  );

  // plan: chi-square; Cohen's w = sqrt(chi2 / n). The reference's 267, 267, 266 predict as
  // many of the window's 800; it has 200, 200, 400.
  const plan = judged(window, "plan");
  const chiSquare = (67 * 67) / 267 + (67 * 67) / 267 + (134 * 134) / 266;
  assert.equal(plan.method, "chiSquare");
  assert.ok(Math.abs(plan.statistic - chiSquare) < 1e-9);
  assert.equal(plan.effectSize.name, "cohensW");
  assert.ok(Math.abs(plan.effectSize.value - Math.sqrt(chiSquare / 800)) < 1e-12);

  // churned: the Z-test; Cohen's h of "no" at 3/4 against 1/2.
  const churned = judged(window, "churned");
  assert.equal(churned.method, "zTest");
  assert.equal(churned.effectSize.name, "cohensH");
  const h = 2 * Math.asin(Math.sqrt(0.75)) - 2 * Math.asin(Math.sqrt(0.5));
  assert.ok(Math.abs(churned.effectSize.value - h) < 1e-12, `${churned.effectSize.value} vs ${h}`);
});

test("a column with fewer values than the minimum is reported as not judged, with the reason", async () => {
  const profile = profileReference(before, { columns: ["score", "plan"] });
  const small = createTable([
    numbers("score", shifted.subarray(0, 40)),
    strings("plan", [...cycle(20, ["free", "pro"]), ...Array<null>(20).fill(null)]),
  ]);
  const window = await judgeWindow(profile, small, { threads: 1 });
  assert.equal(judged(window, "score").currentSize, 40);
  assert.deepEqual(window.columns[1], {
    column: "plan",
    status: "notJudged",
    reason: "20 present values in the window, fewer than the minimum of 30",
    referenceSize: 800,
    currentSize: 20,
  });
  // The share counts judged columns only.
  assert.deepEqual([window.judgedColumns, window.driftedColumns, window.share, window.drifted], [1, 1, 1, true]);

  const stricter = await judgeWindow(profile, small, { minWindowSize: 100, threads: 1 });
  assert.deepEqual([stricter.status, stricter.judgedColumns, stricter.share, stricter.drifted], ["notJudged", 0, 0, false]);
  assert.match((stricter.columns[0] as { reason: string }).reason, /^40 present values in the window, fewer than the minimum of 100$/);
});

test("Benjamini-Hochberg and Bonferroni adjusted p-values, computed by hand", () => {
  // The i-th smallest p times m / i, then the running minimum from the largest down.
  const p = [0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205];
  const bh = [0.008, 0.032, 0.0672, 0.0672, 0.0672, 0.08, 0.074 * (8 / 7), 0.205];
  adjustPValues(p, "benjaminiHochberg").forEach((adjusted, i) => {
    assert.ok(Math.abs(adjusted - bh[i]!) < 1e-15, `p[${i}]: ${adjusted} vs ${bh[i]}`);
  });
  // Order does not matter; ties share their adjusted value.
  const shuffled = [0.04, 0.5, 0.01, 0.005, 0.03, 0.01];
  const expected = [0.048, 0.5, 0.02, 0.02, 0.045, 0.02];
  adjustPValues(shuffled, "benjaminiHochberg").forEach((adjusted, i) => {
    assert.ok(Math.abs(adjusted - expected[i]!) < 1e-15, `shuffled[${i}]: ${adjusted} vs ${expected[i]}`);
  });
  assert.deepEqual(adjustPValues([0.01, 0.2, 0.5], "bonferroni"), [0.03, 0.6000000000000001, 1]);
  assert.deepEqual(adjustPValues([0.01, 0.2], "none"), [0.01, 0.2]);
  assert.deepEqual(adjustPValues([], "benjaminiHochberg"), []);
});

test("a correction across columns turns chance findings among many tests into no drift", async () => {
  // Twenty columns, each a slice of the reference against a later slice of the same sample:
  // nothing changed, yet one comes out below 0.05 by chance (p = 0.026); no correction
  // lets it through.
  const columns = (from: number) =>
    createTable(Array.from({ length: 20 }, (_, c) => numbers(`x${c}`, reference.subarray(from + c * 250, from + c * 250 + 250))));
  const profile = profileReference(columns(0));
  const plain = await judgeWindow(profile, columns(5000), { threads: 1 });
  const bonferroni = await judgeWindow(profile, columns(5000), { correction: "bonferroni", threads: 1 });
  const bh = await judgeWindow(profile, columns(5000), { correction: "benjaminiHochberg", threads: 1 });
  const pValues = plain.columns.map((c) => (c.status === "judged" ? c.pValue! : Number.NaN));
  assert.equal(plain.driftedColumns, 1, `one column drifts by chance: ${pValues.join(", ")}`);
  assert.equal(bonferroni.driftedColumns, 0);
  assert.equal(bh.driftedColumns, 0);
  assert.equal(bonferroni.correction, "bonferroni");
  const expected = adjustPValues(pValues, "benjaminiHochberg");
  bh.columns.forEach((c, i) => {
    assert.ok(c.status === "judged");
    assert.deepEqual([c.pValue, c.adjustedPValue, c.drifted], [pValues[i], expected[i], expected[i]! <= 0.05]);
  });
});

test("bad input is refused with what is wrong and where, also from a worker thread", async () => {
  const profile = profileReference(before);
  await assert.rejects(judgeWindow(profile, later, { columns: ["zip"] }), {
    message: 'the reference profile has no column named "zip"',
    hint: /its columns are "score", "plan", "churned", "rating"; profile the reference with that column/,
  });
  await assert.rejects(judgeWindow(profile, createTable([numbers("score", [1, 2])])), {
    message: 'the current data has no column named "plan"',
  });
  const textScore = createTable([strings("score", cycle(50, ["a"]))]);
  // With 2 threads and a worker ready, the calling thread judges "plan" and the worker "score".
  await warmDriftPool(2);
  const workers = driftPool.threadIds;
  for (const threads of [1, 2]) {
    await assert.rejects(judgeWindow(profile, textScore, { columns: ["plan", "score"], threads }), {
      message: /the current data has no column named "plan"/,
    });
    const window = createTable([strings("plan", cycle(50, ["free"])), strings("score", cycle(50, ["a"]))]);
    await assert.rejects(judgeWindow(profile, window, { columns: ["plan", "score"], threads }), (error) => {
      assert.ok(isConveyorError(error), "a user error, which the CLI prints without a stack trace");
      assert.equal(error.message, 'column "score" holds numbers in the reference but strings in the current data');
      assert.match(error.hint!, /compare data with the same schema/);
      return true;
    });
  }
  // A user error leaves the worker in the pool: the next window does not pay its start-up.
  assert.deepEqual(driftPool.threadIds, workers);
  await assert.rejects(judgeWindow(profile, later, { method: "ks", columns: ["plan"] }), {
    message: 'the ks drift method needs numbers, and column "plan" holds strings',
  });
  await assert.rejects(judgeWindow(profile, later, { minWindowSize: 0 }), { message: "minWindowSize is 0" });
  await assert.rejects(judgeWindow(profile, later, { correction: "holm" as never }), {
    message: 'unknown p-value correction "holm"',
    hint: "the corrections are none, bonferroni, benjaminiHochberg",
  });
  await assert.rejects(judgeWindow(profile, later, { also: ["kl" as never] }), { message: /unknown drift method "kl"/ });
  await assert.rejects(judgeWindow(profile, later, { threads: 0 }), { message: "threads is 0" });
  await assert.rejects(judgeWindow(profile, later, { threshold: 0.1 }), { message: /without a method/ });
  assert.throws(() => profileReference(createTable([numbers("x", [])])), { message: "the reference data has no rows" });
  assert.throws(() => profileReference(createTable([numbers("x", [Number.NaN])])), {
    message: 'column "x" has no values in the reference data: every row is missing',
  });
  // The pool is still sound after a refused window.
  assert.equal((await judgeWindow(profile, later, { threads: 2 })).judgedColumns, 4);
});

test("the window's columns are left as they were, whatever the methods sort or count", async () => {
  const values = shifted.slice(0, 2000);
  const window = createTable([numbers("x", values)]);
  const profile = profileReference(createTable([numbers("x", reference.subarray(0, 2000))]));
  for (const method of ["ks", "wasserstein", "psi", "jensenShannon"] as const) {
    await judgeWindow(profile, window, { method, also: ["wasserstein"], threads: 1 });
    assert.deepEqual(window.columns[0]!.values, values, method);
  }
});
