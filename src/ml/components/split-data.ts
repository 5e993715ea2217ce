import { ConveyorError } from "../../errors.ts";
import { component, Dataset, param } from "../../sdk/index.ts";
import { readDataset, writeDataset } from "../dataset-file.ts";
import type { Split } from "../split.ts";
import { getColumn, type Table } from "../table.ts";

/**
 * Splits a dataset's rows into train and test sets: at random, reproducibly for a given seed
 * (stratified on the target by default), or as the user gives it: the test rows' indices
 * (`testRows`), or a column naming each row's part (`splitColumn`, left out of both sets).
 */
export const splitData = component({
  name: "split-data",
  version: "2",
  description: "Split rows into train and test datasets (stratified on the target by default)",
  inputs: {
    data: Dataset,
    target: param.string({ description: "the label column, used to stratify" }),
    testFraction: param.number({ default: 0.2, min: 0, max: 1, description: "share of rows in the test set" }),
    seed: param.int({ default: 42 }),
    stratify: param.boolean({ default: true, description: "keep each class's share of rows in both sets" }),
    testRows: param.list(param.int({ min: 0 }), {
      default: [],
      description: "the test rows' indices, counted from 0 (every other row trains); replaces testFraction, seed and stratify",
    }),
    splitColumn: param.string({
      default: "",
      description: 'a column holding "train" or "test" for each row, dropped from both sets; replaces testFraction, seed and stratify',
    }),
  },
  outputs: { train: Dataset, test: Dataset },
  run: async ({ data, target, testFraction, seed, stratify, testRows, splitColumn, train, test }, ctx) => {
    const { columnSplit, givenRowsSplit } = await import("../given-split.ts");
    const { randomSplit, stratifiedSplit } = await import("../split.ts");
    const { takeRows } = await import("../table-rows.ts");
    const { targetColumn } = await import("../target-column.ts");
    if (testRows.length > 0 && splitColumn !== "") {
      throw new ConveyorError("both testRows and splitColumn are given", "give one of them", "invalid_param");
    }
    const table = await readDataset(data);
    // Looked up even when not stratifying: a misspelt target should fail here, not later.
    const labels = targetColumn(table, target).values;
    let rows: Split;
    if (testRows.length > 0) rows = givenRowsSplit(table.rowCount, testRows);
    else if (splitColumn !== "") rows = columnSplit(getColumn(table, splitColumn));
    else if (stratify) rows = stratifiedSplit(labels, { testFraction, seed });
    else rows = randomSplit(table.rowCount, { testFraction, seed });
    const kept = splitColumn === "" ? table : withoutColumn(table, splitColumn);
    await writeDataset(train, takeRows(kept, rows.train));
    await writeDataset(test, takeRows(kept, rows.test));
    ctx.log.info(`${rows.train.length} train rows, ${rows.test.length} test rows`);
  },
});

function withoutColumn(table: Table, name: string): Table {
  return { columns: table.columns.filter((c) => c.name !== name), rowCount: table.rowCount };
}
