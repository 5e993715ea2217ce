/**
 * Scores a file in this process and prints the rows scored and the peak RSS as JSON: the
 * memory test runs it with a JavaScript heap too small to hold the file's rows.
 * Usage: node --import tsx/esm batch-predict-memory-child.ts <model.json> <input> <output> <workDir>
 */
import { readFile } from "node:fs/promises";
import { scoreBatches, scoringInput } from "../../src/ml/batch-scoring.ts";
import { loadModel } from "../../src/ml/model-file.ts";

const [modelFile, input, outputPath, workDir] = process.argv.slice(2) as [string, string, string, string];
const model = await loadModel(JSON.parse(await readFile(modelFile, "utf8")));
const { rows } = await scoreBatches(model, scoringInput(undefined, input), { idColumn: "customer_id", batchRows: 65_536, workDir, outputPath });
process.stdout.write(`${JSON.stringify({ rows, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
