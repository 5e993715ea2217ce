/**
 * Batch scoring with the registry's champion: train a churn model on last year's customers,
 * register it as `models:/churn-scorer@champion`, then score this month's customers with
 * whichever version holds the alias, each prediction beside its customer_id. The predictions'
 * lineage leads back through the model version to the data it was trained on.
 * Run it with `node bin/conveyor.js run examples/batch-predict/pipeline.ts`, then score a file
 * from the command line the same way:
 *   node bin/conveyor.js predict models:/churn-scorer@champion --input customers.csv --output preds.parquet --id-column customer_id
 */
import { batchPredict, param, pipeline, registerModel, trainModel } from "conveyor";
import { generateChurnData } from "../churn/generate-churn.ts";

const features = ["tenure_months", "monthly_charges", "total_charges", "support_calls", "senior", "contract", "internet", "payment"];

export default pipeline(
  {
    name: "batch-predict",
    description: "Train and register a churn model, then score new customers with the registry's champion",
    params: { customers: param.int({ default: 20_000, min: 1, description: "how many new customers to score" }) },
  },
  (p) => {
    const history = generateChurnData({ rows: 3000, seed: 7 });
    const fit = trainModel({ data: history.outputs.data, target: "churned", kind: "logistic-regression", features });
    const registered = registerModel({ model: fit.outputs.model, name: "churn-scorer", alias: "champion" });
    // New customers: other rows from the same generator (their churned column is ignored).
    const customers = generateChurnData({ rows: p.customers, seed: 11 });
    // By reference, so the scoring uses the champion at run time, and records which version that was.
    batchPredict({ data: customers.outputs.data, modelUri: "models:/churn-scorer@champion", idColumn: "customer_id" }).after(registered);
  },
);
