import assert from "node:assert/strict";
import { test } from "node:test";
import { ConveyorError } from "../../src/errors.ts";
import { fitModel } from "../../src/ml/fit-model.ts";
import { loadModel } from "../../src/ml/load-model.ts";
import { modelKind, modelKindNames } from "../../src/ml/models/model-kinds.ts";
import type { Params } from "../../src/ml/models/model-params.ts";
import { seededRandom } from "../../src/ml/random.ts";
import { type ColumnValues, createRowScorer, type RowScores, type RowValue } from "../../src/ml/row-scorer.ts";
import { type Column, createTable, type Table } from "../../src/ml/table.ts";
import { type FittedModel, TrainedClassifier } from "../../src/ml/trained-model.ts";
import type { StepSpec } from "../../src/ml/transforms/table-step.ts";

// The row path (createRowScorer) against the table path (the model's own predict methods) on
// random tables: the same numbers bit for bit, and the same refusals.

const CATEGORIES = ["a", "b", "c", "d"];

/** Random rows; `messy` rows hold missing numbers, missing text and categories never seen in training. */
function randomTable(random: () => number, rows: number, messy: boolean): Table {
  const number = (scale: number) =>
    Float64Array.from({ length: rows }, () => (messy && random() < 0.15 ? Number.NaN : (random() - 0.3) * scale));
  const text = () =>
    Array.from({ length: rows }, () => {
      const draw = random();
      if (messy && draw < 0.1) return null;
      if (messy && draw < 0.2) return "unseen";
      return CATEGORIES[Math.floor(random() * CATEGORIES.length)]!;
    });
  const x1 = number(10);
  const x2 = number(1000);
  const colour = text();
  const size = text();
  const signal = Array.from(x1, (v, i) => (Number.isNaN(v) ? 0 : v) + (colour[i] === "a" ? 3 : 0) + random() * 2);
  const columns: Column[] = [
    { name: "id", type: "string", values: Array.from({ length: rows }, (_, i) => `r${i}`) },
    { name: "x1", type: "number", values: x1 },
    { name: "x2", type: "number", values: x2 },
    { name: "colour", type: "string", values: colour },
    { name: "size", type: "string", values: size },
    { name: "binary", type: "string", values: signal.map((s) => (s > 2 ? "yes" : "no")) },
    { name: "three", type: "number", values: Float64Array.from(signal, (s) => (s < 1 ? 0 : s < 4 ? 1 : 2)) },
    { name: "amount", type: "number", values: Float64Array.from(signal, (s, i) => 2 * s + (Number.isNaN(x2[i]!) ? 0 : x2[i]! / 500)) },
  ];
  return createTable(columns);
}

/** Imputes and ignores unknowns: every messy row scores. (Linear regression gets no one-hot: its indicators would sum to the intercept's column.) */
function lenientSteps(kind: string, method: "standard" | "min-max" | "robust"): StepSpec[] {
  return [
    { kind: "select", columns: ["x1", "x2", "colour", "size"] },
    { kind: "impute", strategy: "mean", columns: ["x1"] },
    { kind: "impute", strategy: "median", columns: ["x2"] },
    { kind: "impute", strategy: "most_frequent", columns: ["colour"] },
    { kind: "impute", strategy: "constant", columns: ["size"] },
    { kind: "scale", method },
    kind === "linear-regression"
      ? { kind: "ordinal", columns: ["colour"], unknownValue: 7 }
      : { kind: "one-hot", columns: ["colour"], handleUnknown: "ignore" },
    { kind: "ordinal", columns: ["size"], unknownValue: -1 },
  ];
}

/** Imputes little and refuses unknowns: many messy rows are refused, at one step or another. */
function strictSteps(kind: string): StepSpec[] {
  return [
    { kind: "select", columns: ["size", "x2", "colour", "x1"] },
    { kind: "impute", strategy: "most_frequent", columns: ["x1"] },
    { kind: "scale", method: "standard", columns: ["x2"] },
    kind === "linear-regression" ? { kind: "ordinal", columns: ["colour"] } : { kind: "one-hot", columns: ["colour"] },
    { kind: "ordinal", columns: ["size"] },
  ];
}

/** Small settings, so that the test stays quick: a few trees, a few boosting rounds. */
function smallParams(kind: string): Params {
  if (kind.startsWith("random-forest")) return { nEstimators: 9, threads: 1, seed: 3 };
  if (kind.startsWith("hist-gradient-boosting")) return { maxIter: 8, minSamplesLeaf: 5, earlyStopping: false };
  if (kind.startsWith("decision-tree")) return { seed: 3 };
  return {};
}

/** The test rows' columns, as a server's decode step gives them: the signature's order, one array each. */
function columnsOf(model: FittedModel, table: Table): ColumnValues[] {
  return model.inputSchema.columns.map(({ name }) => table.columns.find((c) => c.name === name)!.values);
}

function rowValues(columns: readonly ColumnValues[], row: number): RowValue[] {
  return columns.map((values) => values[row]!);
}

function sliceRow(table: Table, row: number): Table {
  return createTable(
    table.columns.map((c): Column =>
      c.type === "number"
        ? { ...c, values: c.values.slice(row, row + 1) }
        : { ...c, values: c.values.slice(row, row + 1) },
    ),
  );
}

/** The table path's answer: predictions and probabilities as a RowScores, or the error it throws. */
async function tablePath(model: FittedModel, table: Table): Promise<RowScores | Error> {
  try {
    if (model instanceof TrainedClassifier) {
      const probabilities = (await model.predictProba(table)).data;
      const predictions = Float64Array.from(await model.predictIndices(table));
      return { rowCount: table.rowCount, predictions, probabilities };
    }
    return { rowCount: table.rowCount, predictions: await model.predict(table), probabilities: new Float64Array(0) };
  } catch (error) {
    return error as Error;
  }
}

function rowPath(score: () => RowScores): RowScores | Error {
  try {
    const { rowCount, predictions, probabilities } = score();
    // scoreRow's buffers are reused by the next call: keep copies.
    return { rowCount, predictions: predictions.slice(), probabilities: probabilities.slice() };
  } catch (error) {
    return error as Error;
  }
}

function sameBits(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Object.is(actual[i], expected[i]), `${what}[${i}]: row path ${actual[i]}, table path ${expected[i]}`);
  }
}

function sameAnswer(actual: RowScores | Error, expected: RowScores | Error, what: string, sameMessage: boolean): void {
  if (expected instanceof Error) {
    assert.ok(actual instanceof ConveyorError, `${what}: the table path refuses (${expected.message}), the row path gives ${actual instanceof Error ? actual : "scores"}`);
    assert.ok(expected instanceof ConveyorError, `${what}: the table path fails with ${expected}`);
    if (sameMessage) assert.equal(actual.message, expected.message, what);
    return;
  }
  assert.ok(!(actual instanceof Error), `${what}: the row path refuses (${(actual as Error).message}), the table path scores`);
  assert.equal(actual.rowCount, expected.rowCount);
  sameBits(actual.predictions, expected.predictions, `${what} predictions`);
  sameBits(actual.probabilities, expected.probabilities, `${what} probabilities`);
}

async function checkKind(name: string, seed: number): Promise<{ scored: number; refused: number }> {
  const random = seededRandom(seed);
  const kind = modelKind(name, smallParams(name));
  const targets = kind.task === "regression" ? ["amount"] : ["binary", "three"];
  const counts = { scored: 0, refused: 0 };
  for (const target of targets) {
    const configs = [
      { steps: lenientSteps(name, (["standard", "min-max", "robust"] as const)[seed % 3]!), train: randomTable(random, 90, true) },
      { steps: strictSteps(name), train: randomTable(random, 90, false) },
    ];
    for (const [c, { steps, train }] of configs.entries()) {
      const model = await fitModel(train, { target, kind, params: smallParams(name), steps });
      const scorer = createRowScorer(model);
      assert.equal(scorer.synchronous, true);
      if (!scorer.synchronous) return counts;
      const heldOut = randomTable(random, 30, true);
      const columns = columnsOf(model, heldOut);
      const what = `${name} → ${target}, steps ${c}, seed ${seed}`;
      const expected = await tablePath(model, heldOut);
      sameAnswer(rowPath(() => scorer.scoreRows(columns, heldOut.rowCount)), expected, `${what}, all rows`, false);
      // As a server scores it: loaded back from its saved JSON.
      const loaded = createRowScorer(await loadModel(JSON.parse(JSON.stringify(model.toJSON()))));
      assert.ok(loaded.synchronous);
      sameAnswer(rowPath(() => loaded.scoreRows(columns, heldOut.rowCount)), expected, `${what}, loaded, all rows`, false);
      for (let row = 0; row < heldOut.rowCount; row++) {
        const expected = await tablePath(model, sliceRow(heldOut, row));
        sameAnswer(rowPath(() => scorer.scoreRow(rowValues(columns, row))), expected, `${what}, row ${row}`, true);
        counts[expected instanceof Error ? "refused" : "scored"]++;
      }
    }
  }
  return counts;
}

for (const name of modelKindNames) {
  test(`the row path scores ${name} exactly as the table path, and refuses what it refuses`, async () => {
    const totals = { scored: 0, refused: 0 };
    for (const seed of [1, 2, 3]) {
      const { scored, refused } = await checkKind(name, seed);
      totals.scored += scored;
      totals.refused += refused;
    }
    // Both sides of the property were exercised.
    assert.ok(totals.scored > 50 && totals.refused > 20, JSON.stringify(totals));
  });
}
