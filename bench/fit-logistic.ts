/**
 * Our side of ml-models.ts's logistic regression speed, in a process of its own as the
 * Python side is: the first fit is then what a task pays in a fresh process or thread, before
 * V8 has optimised the kernels, and the later ones show the warm speed. Reads the CSV that
 * toCsv wrote (argv[2]), trains on all rows but the last HELD_OUT, scores those, and prints
 * measure's figures as JSON.
 * Run: `node --import tsx/esm bench/fit-logistic.ts <csv> <repeats>`.
 */
import { readFile } from "node:fs/promises";
import { createMatrix } from "../src/ml/matrix.ts";
import { LogisticClassifier } from "../src/ml/models/linear/logistic-classifier.ts";
import { HELD_OUT, measure, rowRange } from "./ml-trees.ts";

const [csv, repeats] = process.argv.slice(2);
if (csv === undefined || repeats === undefined) throw new Error("usage: fit-logistic.ts <csv> <repeats>");
const lines = (await readFile(csv, "utf8")).trimEnd().split("\n").slice(1);
const cols = lines[0]!.split(",").length - 1;
const x = createMatrix(lines.length, cols);
const y = new Float64Array(lines.length);
lines.forEach((line, r) => {
  const values = line.split(",").map(Number);
  x.data.set(values.slice(0, cols), r * cols);
  y[r] = values[cols]!;
});
const train = rowRange(x, y, 0, x.rows - HELD_OUT);
const test = rowRange(x, y, x.rows - HELD_OUT, x.rows);
console.log(JSON.stringify(await measure(Number(repeats), test, () => LogisticClassifier.fit(train.x, train.y))));
