import assert from "node:assert/strict";
import { test } from "node:test";
import { shouldStop } from "../../../src/ml/models/tree/early-stopping.ts";
import { HistGradientBoostingClassifier } from "../../../src/ml/models/tree/hist-gradient-boosting-classifier.ts";
import { HistGradientBoostingRegressor } from "../../../src/ml/models/tree/hist-gradient-boosting-regressor.ts";
import { accuracy, loadDataset, r2Score } from "./datasets.ts";
import { noisyProblem } from "./synthetic.ts";

// scikit-learn 1.2.1 HistGradientBoosting*() with default settings on the data/ splits:
// breast_cancer's accuracy is in data/README.md; the others, and the predictions of the first
// six test rows (P(last class), or the value), were computed the same way. The models are
// deterministic there (no early stopping under 10,000 rows), and ours agree to ~1e-15.
const classification = {
  iris: {
    score: 0.9,
    first: [
      8.793905369236617e-8, 7.59934258308449e-8, 2.2393137560794162e-8, 2.1072568528120345e-8,
      7.151595936302718e-8, 8.793905369236617e-8,
    ],
  },
  wine: {
    score: 1.0,
    first: [
      4.4666254577336715e-7, 1.352937514153908e-6, 2.7582370353801296e-6, 3.529973988051878e-6,
      2.7694622271745606e-6, 1.2746296368209012e-7,
    ],
  },
  breast_cancer: {
    score: 0.9737,
    first: [
      5.642809032057759e-5, 0.0006498089951828502, 0.9999737186013705, 4.485244164281713e-5,
      3.923157351345079e-5, 0.96409985250743,
    ],
  },
} as const;

function assertRelativelyClose(actual: ArrayLike<number>, expected: readonly number[]): void {
  expected.forEach((e, i) => {
    assert.ok(Math.abs(actual[i]! - e) <= 1e-9 * Math.abs(e), `[${i}] ${actual[i]} != ${e}`);
  });
}

for (const [name, { score, first }] of Object.entries(classification)) {
  test(`HistGradientBoostingClassifier on ${name} matches scikit-learn (${score})`, async () => {
    const data = await loadDataset(name as keyof typeof classification);
    const model = HistGradientBoostingClassifier.fit(data.train.x, data.train.y);
    assert.equal(model.iterationCount, 100);
    const ours = accuracy(model.predict(data.test.x), model.classes, data.test.y);
    assert.ok(Math.abs(ours - score) <= 0.01, `accuracy ${ours.toFixed(4)}`);
    const k = model.classes.length;
    const probabilities = model.predictProba(data.test.x).data;
    assertRelativelyClose(
      Array.from({ length: 6 }, (_, row) => probabilities[row * k + k - 1]!),
      first,
    );
  });
}

test("HistGradientBoostingRegressor on diabetes matches scikit-learn (R² 0.3752)", async () => {
  const data = await loadDataset("diabetes");
  const model = HistGradientBoostingRegressor.fit(data.train.x, data.train.y);
  const predictions = model.predict(data.test.x);
  const ours = r2Score(predictions, data.test.y);
  assert.ok(Math.abs(ours - 0.3752) <= 0.01, `R² ${ours.toFixed(4)}`);
  assertRelativelyClose(
    predictions,
    [
      240.0571216800069, 159.31632127358978, 160.44038179139952, 204.82697558108825,
      93.35092259060465, 83.31162349026653,
    ],
  );
});

test("early stopping follows scikit-learn's rule on the validation loss", () => {
  // Scores are negated losses; stop when none of the last 2 beats the one before by > tol.
  assert.equal(shouldStop([-3, -2], 2, 0.1), false, "too few scores yet");
  assert.equal(shouldStop([-3, -2, -1.95, -1.92], 2, 0.1), true);
  assert.equal(shouldStop([-3, -2, -1.95, -1.85], 2, 0.1), false);
});

test("early stopping is on by default above 10,000 rows and can be forced either way", () => {
  const large = noisyProblem(12_000, 4, 1);
  const auto = HistGradientBoostingClassifier.fit(large.x, large.y);
  assert.ok(auto.iterationCount < 100, `${auto.iterationCount} iterations`);
  const small = noisyProblem(2_000, 4, 2);
  assert.equal(HistGradientBoostingClassifier.fit(small.x, small.y).iterationCount, 100);
  const forced = HistGradientBoostingClassifier.fit(small.x, small.y, { earlyStopping: true });
  assert.ok(forced.iterationCount < 100, `${forced.iterationCount} iterations`);
  const off = HistGradientBoostingRegressor.fit(large.x, large.y, {
    earlyStopping: false,
    maxIter: 30,
  });
  assert.equal(off.iterationCount, 30);
});

test("the same seed gives the same model; with early stopping the seed picks the validation rows", () => {
  const { x, y } = noisyProblem(3_000, 4, 3);
  const json = (seed: number) =>
    JSON.stringify(
      HistGradientBoostingClassifier.fit(x, y, { earlyStopping: true, seed }).toJSON(),
    );
  assert.equal(json(1), json(1));
  assert.notEqual(json(1), json(2));
});

test("saved boosted models load back and predict identically", async () => {
  for (const name of ["iris", "breast_cancer"] as const) {
    const data = await loadDataset(name);
    const model = HistGradientBoostingClassifier.fit(data.train.x, data.train.y, { maxIter: 20 });
    const loaded = HistGradientBoostingClassifier.fromJSON(
      JSON.parse(JSON.stringify(model.toJSON())),
    );
    assert.deepEqual(loaded.predictProba(data.test.x), model.predictProba(data.test.x));
    assert.equal(loaded.iterationCount, 20);
  }
  const data = await loadDataset("diabetes");
  const model = HistGradientBoostingRegressor.fit(data.train.x, data.train.y, { maxIter: 20 });
  const loaded = HistGradientBoostingRegressor.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
  assert.deepEqual(loaded.predict(data.test.x), model.predict(data.test.x));
});
