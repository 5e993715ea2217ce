// The feature views of the example: declared once, read offline for training and online for serving.
import { featureView } from "conveyor";

export const transactions = featureView({
  name: "transactions",
  entities: { customer_id: "number" },
  source: { path: new URL("./transactions.csv", import.meta.url).pathname },
  timestampColumn: "ts",
  ttl: "1d",
  features: { balance: { type: "number", default: 0 } },
  aggregates: {
    tx_count_1d: { fn: "count", window: "1d" },
    amount_sum_1d: { fn: "sum", column: "amount", window: "1d", default: 0 },
    amount_mean_2d: { fn: "mean", column: "amount", window: "2d" },
  },
  missing: "default",
});
