/**
 * Every model kind beside scikit-learn 1.2 in the same run. Quality: held-out accuracy (R²
 * for diabetes) on the test rows of data/splits.json, each model with default settings and
 * the toolkit's default preprocessing (the train-model component's path: impute, then
 * standardize), scikit-learn with StandardScaler in front to match. A single tree's R² on
 * diabetes moves by 6 points (standard deviation) from one seed to the next (scikit-learn's
 * own: -0.017 to 0.215 over random_state 0-29), and its seeds draw other random numbers than
 * ours, so one seed on each side compares two draws, not two algorithms: the seeded families
 * are scored as the mean over many seeds on both sides, enough that the mean moves by well
 * under a point (a tree: 200, a forest: 20). Speed: logistic
 * regression on the 100,000 × 20 synthetic problem of ml-trees.ts, trained on 80,000 rows,
 * scored and timed on the last 20,000, and on a 10-class, 64-feature one (see speed);
 * scikit-learn single-threaded. Each side fits in a fresh process: the first fit is cold (what
 * a task in a fresh worker thread pays), the median of all is the warm speed.
 * Run alone: `node --import tsx/esm bench/ml-models.ts`.
 */
import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { evaluateTrained } from "../src/ml/evaluate/evaluate-trained.ts";
import { fitModel } from "../src/ml/fit-model.ts";
import { familyKind, type ModelFamily } from "../src/ml/models/model-families.ts";
import { seeded } from "../src/ml/models/model-params.ts";
import { targetColumn } from "../src/ml/target-column.ts";
import { trainingSteps } from "../src/ml/training-steps.ts";
import { type DatasetName, loadSplitDataset } from "../test/ml/linear-datasets.ts";
import type { Matrix } from "../src/ml/matrix.ts";
import { StandardScaler } from "../src/ml/transforms/standard-scaler.ts";
import { FEATURES, type Figures, HELD_OUT, makeClassification, PREDICT_MIN_SECONDS, PREDICT_REPEATS, pythonMeasure, report, ROWS, rowRange, runPython, toCsv } from "./ml-trees.ts";

const classifiers: readonly ModelFamily[] = ["logistic-regression", "knn", "decision-tree", "random-forest", "hist-gradient-boosting"];
const regressors: readonly ModelFamily[] = ["linear-regression", "ridge", "knn", "decision-tree", "random-forest", "hist-gradient-boosting"];
/** Families whose score depends on the seed, and the seeds 0..n-1 their score averages. */
const seedCounts: Partial<Record<ModelFamily, number>> = { "decision-tree": 200, "random-forest": 20 };
const datasets: readonly [DatasetName, readonly ModelFamily[]][] = [
  ["iris", classifiers],
  ["wine", classifiers],
  ["breast_cancer", classifiers],
  ["diabetes", regressors],
];

export async function mlModels({ repeats = 5 } = {}): Promise<void> {
  quality(await ourScores(), scikitLearnScores());
  await speed(repeats);
}

type Scores = Record<string, Record<string, number>>;

/** Each dataset's held-out score of each family, trained as train-model trains it. */
async function ourScores(): Promise<Scores> {
  const scores: Scores = {};
  for (const [name, families] of datasets) {
    const { train, test } = await loadSplitDataset(name);
    const task = name === "diabetes" ? "regression" : "classification";
    scores[name] = {};
    for (const family of families) {
      const kind = familyKind(family, task, targetColumn(train, "target"));
      const steps = trainingSteps(train, "target", [], "auto");
      const seeds = seedCounts[family] ?? 1;
      let sum = 0;
      for (let seed = 0; seed < seeds; seed++) {
        const trained = await fitModel(train, { target: "target", kind, params: seeded({}, kind.params, seed), steps });
        const evaluation = (await evaluateTrained(trained, test)).scores;
        sum += task === "regression" ? evaluation.r2! : evaluation.accuracy!;
      }
      scores[name][family] = sum / seeds;
    }
  }
  return scores;
}

function scikitLearnScores(): Scores | undefined {
  const script = `
import json, sys
import numpy as np
from sklearn.ensemble import (HistGradientBoostingClassifier, HistGradientBoostingRegressor,
                              RandomForestClassifier, RandomForestRegressor)
from sklearn.linear_model import LinearRegression, LogisticRegression, Ridge
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor
data_dir = sys.argv[1]
splits = json.load(open(data_dir + "/splits.json"))["datasets"]
seed_counts = ${JSON.stringify(seedCounts)}
models = {
    "classification": {
        "logistic-regression": lambda: LogisticRegression(),
        "knn": lambda: KNeighborsClassifier(),
        "decision-tree": lambda seed: DecisionTreeClassifier(random_state=seed),
        "random-forest": lambda seed: RandomForestClassifier(n_estimators=100, random_state=seed),
        "hist-gradient-boosting": lambda: HistGradientBoostingClassifier(random_state=0),
    },
    "regression": {
        "linear-regression": lambda: LinearRegression(),
        "ridge": lambda: Ridge(),
        "knn": lambda: KNeighborsRegressor(),
        "decision-tree": lambda seed: DecisionTreeRegressor(random_state=seed),
        "random-forest": lambda seed: RandomForestRegressor(n_estimators=100, random_state=seed),
        "hist-gradient-boosting": lambda: HistGradientBoostingRegressor(random_state=0),
    },
}
scores = {}
for name in ["iris", "wine", "breast_cancer", "diabetes"]:
    data = np.loadtxt(f"{data_dir}/{name}.csv", delimiter=",", skiprows=1)
    x, y = data[:, :-1], data[:, -1]
    test = np.zeros(len(y), dtype=bool)
    test[splits[name]["test_indices"]] = True
    task = "regression" if name == "diabetes" else "classification"
    score = lambda model: make_pipeline(StandardScaler(), model).fit(x[~test], y[~test]).score(x[test], y[test])
    scores[name] = {family: float(np.mean([score(make(seed)) for seed in range(seed_counts[family])]) if family in seed_counts else score(make()))
                    for family, make in models[task].items()}
print(json.dumps(scores))
`;
  return runPython(script, [resolve(import.meta.dirname, "../data")]) as Scores | undefined;
}

function quality(ours: Scores, theirs: Scores | undefined): void {
  console.log("held-out accuracy (diabetes: R²) on data/splits.json's test rows, default settings");
  const seeded = Object.entries(seedCounts).map(([family, n]) => `${family} over ${n}`);
  console.log(`  (mean over seeds, both sides: ${seeded.join(", ")})`);
  console.log(`  ${"dataset".padEnd(14)}${"model".padEnd(24)}${"conveyor".padStart(9)}${"sklearn".padStart(9)}   difference`);
  for (const [name, families] of datasets) {
    for (const family of families) {
      const score = ours[name]![family]!;
      const reference = theirs?.[name]?.[family];
      // In points (hundredths), the unit of the "within 1 point" bar.
      const difference = reference === undefined ? "" : `${((score - reference) * 100).toFixed(2).padStart(6)} points`;
      const shown = reference === undefined ? "" : reference.toFixed(4);
      console.log(`  ${name.padEnd(14)}${family.padEnd(24)}${score.toFixed(4).padStart(9)}${shown.padStart(9)}   ${difference}`);
    }
  }
}

/**
 * Logistic regression, the kernel on the same features both sides: the binary synthetic
 * problem (Newton's method), and a 10-class, 64-feature one the size of scikit-learn's digits
 * (650 parameters: L-BFGS), 1,400 training rows, standardized as train-model would.
 */
async function speed(repeats: number): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "conveyor-ml-models-"));
  try {
    console.log(`\nfit: ${repeats} runs, each side in a fresh process (its first fit is cold); predict: best of ${PREDICT_REPEATS}+ calls over ${PREDICT_MIN_SECONDS}+ s; scikit-learn single-threaded`);
    const binary = makeClassification(ROWS, FEATURES, 42);
    const binaryFigures = await logisticSpeed(dir, binary, repeats);
    report("LogisticRegression (L2, C = 1), 80k rows", 1, ...binaryFigures);
    const classes = makeClassification(MANY_CLASS_ROWS + HELD_OUT, 64, 7, { classes: 10, informative: 16, redundant: 8, separation: 1 });
    const scaler = StandardScaler.fit(rowRange(classes.x, classes.y, 0, MANY_CLASS_ROWS).x);
    const manyFigures = await logisticSpeed(dir, { x: scaler.transform(classes.x), y: classes.y }, repeats);
    report(`LogisticRegression (L2, C = 1), 10 classes × 64 features, ${MANY_CLASS_ROWS} rows`, 1.5, ...manyFigures);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Rows the 10-class problem trains on, about digits' 80 %; it is scored on HELD_OUT more. */
const MANY_CLASS_ROWS = 1400;

/**
 * Our LogisticClassifier (in a fresh process: fit-logistic.ts) and scikit-learn's
 * LogisticRegression() on x, y: the last HELD_OUT rows scored.
 */
async function logisticSpeed(
  dir: string,
  { x, y }: { x: Matrix; y: Float64Array },
  repeats: number,
): Promise<[Figures, Figures | undefined]> {
  const csv = join(dir, `synthetic-${x.cols}.csv`);
  await writeFile(csv, toCsv(x, y));
  const child = spawnSync(process.execPath, [...process.execArgv, join(import.meta.dirname, "fit-logistic.ts"), csv, String(repeats)], { encoding: "utf8" });
  if (child.status !== 0) throw new Error(`fit-logistic.ts failed:\n${child.stderr}`);
  const ours = JSON.parse(child.stdout) as Figures;
  const theirs = runPython(
    `${pythonMeasure()}
from sklearn.linear_model import LogisticRegression
print(json.dumps(measure(lambda seed: LogisticRegression(), x[:-${HELD_OUT}], y[:-${HELD_OUT}], ${repeats})))
`,
    [csv],
  ) as Figures | undefined;
  return [ours, theirs];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await mlModels();
