import { component, Dataset, param } from "../../sdk/index.ts";
import { readDataset, writeDataset } from "../dataset-file.ts";
import { randomSplit, stratifiedSplit } from "../split.ts";
import { takeRows } from "../table-rows.ts";
import { targetColumn } from "../target-column.ts";

/** Splits a dataset's rows into train and test sets, reproducibly for a given seed. */
export const splitData = component({
  name: "split-data",
  version: "1",
  description: "Split rows into train and test datasets (stratified on the target by default)",
  inputs: {
    data: Dataset,
    target: param.string({ description: "the label column, used to stratify" }),
    testFraction: param.number({ default: 0.2, min: 0, max: 1, description: "share of rows in the test set" }),
    seed: param.int({ default: 42 }),
    stratify: param.boolean({ default: true, description: "keep each class's share of rows in both sets" }),
  },
  outputs: { train: Dataset, test: Dataset },
  run: async ({ data, target, testFraction, seed, stratify, train, test }, ctx) => {
    const table = await readDataset(data);
    // Looked up even when not stratifying: a misspelt target should fail here, not later.
    const labels = targetColumn(table, target).values;
    const rows = stratify
      ? stratifiedSplit(labels, { testFraction, seed })
      : randomSplit(table.rowCount, { testFraction, seed });
    await writeDataset(train, takeRows(table, rows.train));
    await writeDataset(test, takeRows(table, rows.test));
    ctx.log.info(`${rows.train.length} train rows, ${rows.test.length} test rows`);
  },
});
