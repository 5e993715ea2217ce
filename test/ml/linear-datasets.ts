import { readFileSync } from "node:fs";
import { readCsv } from "../../src/ml/io/csv.ts";
import type { Table } from "../../src/ml/table.ts";
import { takeRows } from "../../src/ml/table-rows.ts";

export type DatasetName = "iris" | "wine" | "breast_cancer" | "diabetes";

/**
 * A dataset from data/, split into the shared held-out rows of data/splits.json (the split
 * scikit-learn's reference scores in data/README.md were computed on) and the rest.
 */
export async function loadSplitDataset(name: DatasetName): Promise<{ all: Table; train: Table; test: Table }> {
  const all = await readCsv(new URL(`../../data/${name}.csv`, import.meta.url).pathname);
  const splits = JSON.parse(readFileSync(new URL("../../data/splits.json", import.meta.url), "utf8"));
  const testRows: number[] = splits.datasets[name].test_indices;
  const isTest = new Set(testRows);
  const trainRows = Array.from({ length: all.rowCount }, (_, i) => i).filter((i) => !isTest.has(i));
  return { all, train: takeRows(all, trainRows), test: takeRows(all, testRows) };
}
