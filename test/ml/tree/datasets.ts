import { readFile } from "node:fs/promises";
import { readCsv } from "../../../src/ml/io/csv.ts";
import { createMatrix, type Matrix } from "../../../src/ml/matrix.ts";
import { getNumberColumn } from "../../../src/ml/table.ts";

export type DatasetName = "iris" | "wine" | "breast_cancer" | "diabetes";

export interface Side {
  readonly x: Matrix;
  readonly y: Float64Array;
}

export interface Dataset {
  readonly train: Side;
  readonly test: Side;
}

const dataDir = new URL("../../../data/", import.meta.url);

/** A dataset from data/, split into the train and test rows of data/splits.json. */
export async function loadDataset(name: DatasetName): Promise<Dataset> {
  const table = await readCsv(new URL(`${name}.csv`, dataDir).pathname);
  const splits = JSON.parse(await readFile(new URL("splits.json", dataDir), "utf8"));
  const testRows = new Set<number>(splits.datasets[name].test_indices);
  const features = table.columns.filter((c) => c.name !== "target");
  const target = getNumberColumn(table, "target").values;
  const side = (rows: number[]): Side => {
    const x = createMatrix(rows.length, features.length);
    rows.forEach((row, i) => {
      features.forEach((column, c) => {
        x.data[i * features.length + c] = column.values[row] as number;
      });
    });
    return { x, y: Float64Array.from(rows, (row) => target[row]!) };
  };
  const all = Array.from({ length: table.rowCount }, (_, i) => i);
  return {
    train: side(all.filter((row) => !testRows.has(row))),
    test: side(all.filter((row) => testRows.has(row))),
  };
}

/** Share of rows whose predicted class (an index into `classes`) is the true label. */
export function accuracy(
  predicted: Int32Array,
  classes: readonly (number | string)[],
  truth: Float64Array,
): number {
  let correct = 0;
  predicted.forEach((index, row) => {
    if (classes[index] === truth[row]) correct++;
  });
  return correct / truth.length;
}

export function r2Score(predicted: Float64Array, truth: Float64Array): number {
  const mean = truth.reduce((a, b) => a + b, 0) / truth.length;
  let residual = 0;
  let total = 0;
  truth.forEach((y, i) => {
    residual += (y - predicted[i]!) ** 2;
    total += (y - mean) ** 2;
  });
  return 1 - residual / total;
}
