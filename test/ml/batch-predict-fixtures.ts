/** Customers to train on and to score: an id, numbers (some missing), a category, a yes/no label and an amount. */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ingestCsv, pipeline, registerModel, trainModel } from "../../src/index.ts";
import { writeParquet } from "../../src/ml/io/parquet.ts";

const plans = ["basic", "plus", "pro"];

/** Deterministic rows; `from` offsets the ids and the values, so scoring rows differ from training rows. */
export function customerCsv(rows: number, from = 0): string {
  const lines = ["customer_id,tenure,charges,plan,churned,spend"];
  for (let i = from; i < from + rows; i++) {
    const tenure = (i * 7919) % 72;
    const charges = i % 13 === 0 ? "" : ((i * 104729) % 1000) / 10;
    const plan = i % 17 === 0 ? "" : plans[(i * 31) % 3];
    const churned = (tenure < 20) !== (i % 5 === 0) ? "yes" : "no";
    const spend = (tenure * 3 + (Number(charges) || 50) / 2 + ((i * 37) % 11)).toFixed(2);
    lines.push(`c${String(i).padStart(6, "0")},${tenure},${charges},${plan},${churned},${spend}`);
  }
  return `${lines.join("\n")}\n`;
}

/** The same rows as customerCsv, as a Parquet file (numbers as DOUBLE, text as VARCHAR). */
export async function writeCustomerParquet(path: string, rows: number, from = 0): Promise<void> {
  const { readCsv } = await import("../../src/ml/io/csv.ts");
  const csv = `${path}.csv`;
  await writeFile(csv, customerCsv(rows, from));
  await writeParquet(await readCsv(csv), path);
}

/** Trains a classifier of churned and a regressor of spend, registered as `<prefix>-churn` and `<prefix>-spend` at alias champion. */
export function trainingPipeline(dir: string, prefix: string) {
  return pipeline({ name: "train-customers" }, () => {
    const raw = ingestCsv({ path: join(dir, "train.csv") });
    const features = ["tenure", "charges", "plan"];
    const churn = trainModel({ data: raw.outputs.data, target: "churned", kind: "random-forest", features, params: { nEstimators: 20 } });
    const spend = trainModel({ data: raw.outputs.data, target: "spend", kind: "ridge", features });
    registerModel({ model: churn.outputs.model, name: `${prefix}-churn`, alias: "champion" });
    registerModel({ model: spend.outputs.model, name: `${prefix}-spend`, alias: "champion" });
  });
}

