import { ConveyorError } from "../../errors.ts";
import { readEnvelope, readNumber, readNumbers } from "../json-format.ts";
import { createMatrix, type Matrix } from "../matrix.ts";
import { type ClassLabel, isClassList, type LabelValues } from "../transforms/class-labels.ts";
import type { Classifier, Regressor } from "./estimator.ts";
import { argmaxAt, argmaxRows } from "./linear/argmax-rows.ts";
import { checkPredictFeatures, classificationTarget, regressionTarget } from "./linear/fit-inputs.ts";

/**
 * k-nearest neighbours, as scikit-learn's KNeighborsClassifier / KNeighborsRegressor with
 * their defaults: k = 5, uniform weights, Euclidean distance, brute-force search. The model
 * is its training data, saved whole. Neighbours at equal distance are taken in training-row
 * order, and a tied vote goes to the smaller class index, so predictions are deterministic.
 */

export interface KNeighborsOptions {
  /** How many neighbours vote or are averaged (default 5). */
  readonly k?: number;
}

const classifierEnvelope = { format: "conveyor.knn-classifier", version: 1 } as const;
const regressorEnvelope = { format: "conveyor.knn-regressor", version: 1 } as const;

export type KNeighborsClassifierJSON = {
  readonly format: typeof classifierEnvelope.format;
  readonly version: typeof classifierEnvelope.version;
  readonly k: number;
  readonly featureCount: number;
  /** Training rows, row-major. */
  readonly features: number[];
  readonly classes: ClassLabel[];
  /** Class index of each training row. */
  readonly targets: number[];
};

export type KNeighborsRegressorJSON = {
  readonly format: typeof regressorEnvelope.format;
  readonly version: typeof regressorEnvelope.version;
  readonly k: number;
  readonly featureCount: number;
  readonly features: number[];
  readonly targets: number[];
};

export class KNeighborsClassifier implements Classifier {
  readonly kind = "knn-classifier";
  private readonly search: RowSearch;

  private constructor(
    readonly k: number,
    readonly classes: readonly ClassLabel[],
    private readonly train: Matrix,
    private readonly targets: Int32Array,
  ) {
    this.search = new RowSearch(k);
  }

  static fit(x: Matrix, y: LabelValues, options: KNeighborsOptions = {}): KNeighborsClassifier {
    const { classes, indices } = classificationTarget(x, y);
    return new KNeighborsClassifier(neighbourCount(options, x.rows), classes, copyMatrix(x), indices);
  }

  static fromJSON(json: unknown): KNeighborsClassifier {
    const record = readEnvelope(json, classifierEnvelope);
    const { classes } = record;
    if (!isClassList(classes)) throw corrupt(`"classes" must list two or more distinct labels`);
    const { k, train, targets } = readTrainingData(record);
    if (targets.some((t) => !Number.isInteger(t) || t < 0 || t >= classes.length)) {
      throw corrupt(`"targets" must be class indices below ${classes.length}`);
    }
    return new KNeighborsClassifier(k, classes, train, Int32Array.from(targets));
  }

  get featureCount(): number {
    return this.train.cols;
  }

  /** The share of each class among a row's k neighbours. */
  predictProba(x: Matrix): Matrix {
    checkPredictFeatures(x, this.featureCount);
    const neighbours = nearestNeighbours(this.train, x, this.k);
    const classCount = this.classes.length;
    const out = createMatrix(x.rows, classCount);
    for (let i = 0; i < x.rows; i++) {
      for (let n = 0; n < this.k; n++) {
        const at = i * classCount + this.targets[neighbours[i * this.k + n]!]!;
        out.data[at] = out.data[at]! + 1 / this.k;
      }
    }
    return out;
  }

  predict(x: Matrix): Int32Array {
    return argmaxRows(this.predictProba(x));
  }

  predictRow(row: Float64Array, probabilities: Float64Array): number {
    const neighbours = this.search.nearest(this.train, row, 0);
    const classCount = this.classes.length;
    probabilities.fill(0, 0, classCount);
    for (let n = 0; n < this.k; n++) {
      const at = this.targets[neighbours[n]!]!;
      probabilities[at] = probabilities[at]! + 1 / this.k;
    }
    return argmaxAt(probabilities, 0, classCount);
  }

  toJSON(): KNeighborsClassifierJSON {
    return {
      ...classifierEnvelope,
      k: this.k,
      featureCount: this.train.cols,
      features: Array.from(this.train.data),
      classes: [...this.classes],
      targets: Array.from(this.targets),
    };
  }
}

export class KNeighborsRegressor implements Regressor {
  readonly kind = "knn-regressor";
  private readonly search: RowSearch;

  private constructor(
    readonly k: number,
    private readonly train: Matrix,
    private readonly targets: Float64Array,
  ) {
    this.search = new RowSearch(k);
  }

  static fit(x: Matrix, y: ArrayLike<number>, options: KNeighborsOptions = {}): KNeighborsRegressor {
    const targets = regressionTarget(x, y);
    return new KNeighborsRegressor(neighbourCount(options, x.rows), copyMatrix(x), targets);
  }

  static fromJSON(json: unknown): KNeighborsRegressor {
    const { k, train, targets } = readTrainingData(readEnvelope(json, regressorEnvelope));
    return new KNeighborsRegressor(k, train, targets);
  }

  get featureCount(): number {
    return this.train.cols;
  }

  /** The mean target of each row's k neighbours. */
  predict(x: Matrix): Float64Array {
    checkPredictFeatures(x, this.featureCount);
    const neighbours = nearestNeighbours(this.train, x, this.k);
    const out = new Float64Array(x.rows);
    for (let i = 0; i < x.rows; i++) {
      let sum = 0;
      for (let n = 0; n < this.k; n++) sum += this.targets[neighbours[i * this.k + n]!]!;
      out[i] = sum / this.k;
    }
    return out;
  }

  predictRow(row: Float64Array): number {
    const neighbours = this.search.nearest(this.train, row, 0);
    let sum = 0;
    for (let n = 0; n < this.k; n++) sum += this.targets[neighbours[n]!]!;
    return sum / this.k;
  }

  toJSON(): KNeighborsRegressorJSON {
    return {
      ...regressorEnvelope,
      k: this.k,
      featureCount: this.train.cols,
      features: Array.from(this.train.data),
      targets: Array.from(this.targets),
    };
  }
}

/**
 * For each query row, the indices of its k nearest training rows, nearest first
 * (query.rows × k, row-major). Hand-written numeric kernel: brute force over typed arrays,
 * O(n·d) per query for the squared distances plus an insertion into a sorted k-list, which
 * for the small k used beats sorting all n distances; a row replaces a kept one only when
 * strictly nearer, so equal distances keep training-row order.
 */
function nearestNeighbours(train: Matrix, query: Matrix, k: number): Int32Array {
  const out = new Int32Array(query.rows * k);
  const search = new RowSearch(k);
  for (let q = 0; q < query.rows; q++) out.set(search.nearest(train, query.data, q * train.cols), q * k);
  return out;
}

/** One query's search state, allocated once and reused for every row. */
class RowSearch {
  private readonly bestDistance: Float64Array;
  private readonly bestRow: Int32Array;

  constructor(private readonly k: number) {
    this.bestDistance = new Float64Array(k);
    this.bestRow = new Int32Array(k);
  }

  /** The k training rows nearest the query at data[offset ..], nearest first (valid until the next call). */
  nearest(train: Matrix, data: Float64Array, offset: number): Int32Array {
    const { k, bestDistance, bestRow } = this;
    const d = train.cols;
    bestDistance.fill(Number.POSITIVE_INFINITY);
    bestRow.fill(-1);
    for (let r = 0; r < train.rows; r++) {
      let distance = 0;
      for (let j = 0; j < d; j++) distance += (train.data[r * d + j]! - data[offset + j]!) ** 2;
      if (!(distance < bestDistance[k - 1]!) && bestRow[k - 1] !== -1) continue;
      let slot = k - 1;
      while (slot > 0 && (distance < bestDistance[slot - 1]! || bestRow[slot - 1] === -1)) {
        bestDistance[slot] = bestDistance[slot - 1]!;
        bestRow[slot] = bestRow[slot - 1]!;
        slot--;
      }
      bestDistance[slot] = distance;
      bestRow[slot] = r;
    }
    return bestRow;
  }
}

function neighbourCount(options: KNeighborsOptions, rows: number): number {
  const k = options.k ?? 5;
  if (!Number.isInteger(k) || k < 1) {
    throw new ConveyorError(`k is ${k}`, "k must be a whole number of at least 1", "invalid_param");
  }
  if (k > rows) {
    throw new ConveyorError(
      `k is ${k} but there are only ${rows} training rows`,
      "lower k, or train on more rows",
      "invalid_param",
    );
  }
  return k;
}

function copyMatrix(x: Matrix): Matrix {
  return createMatrix(x.rows, x.cols, Float64Array.from(x.data));
}

function readTrainingData(record: Record<string, unknown>): { k: number; train: Matrix; targets: Float64Array } {
  const k = readNumber(record, "k");
  const featureCount = readNumber(record, "featureCount");
  const features = readNumbers(record, "features");
  const rows = features.length / featureCount;
  if (!Number.isInteger(featureCount) || featureCount < 1 || !Number.isInteger(rows)) {
    throw corrupt(`${features.length} feature values do not form rows of ${featureCount}`);
  }
  if (!Number.isInteger(k) || k < 1 || k > rows) throw corrupt(`"k" is ${k} for ${rows} training rows`);
  return { k, train: createMatrix(rows, featureCount, Float64Array.from(features)), targets: readNumbers(record, "targets", rows) };
}

function corrupt(problem: string): ConveyorError {
  return new ConveyorError(
    `cannot load model: ${problem}`,
    "re-train, or load it with the Conveyor version that saved it",
    "corrupt_artifact",
  );
}
