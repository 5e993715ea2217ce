import { featureView } from "../../src/features/feature-view.ts";

/** Transactions of two customers; customer 1's balance falls over time, so a join on the latest row leaks the future. */
export const TRANSACTIONS_CSV = [
  "customer_id,ts,amount,balance",
  "1,2024-01-01 10:00:00,10,100",
  "1,2024-01-01 12:00:00,20,80",
  "1,2024-01-03 00:00:00,30,50",
  "2,2024-01-02 00:00:00,5,7",
].join("\n");

export function transactionsView(path: string) {
  return featureView({
    name: "transactions",
    entities: { customer_id: "number" },
    source: { path },
    timestampColumn: "ts",
    ttl: "1d",
    features: { balance: { type: "number", default: -1 } },
    aggregates: {
      tx_count_1d: { fn: "count", window: "1d" },
      amount_sum_1d: { fn: "sum", column: "amount", window: "1d" },
      amount_mean_2d: { fn: "mean", column: "amount", window: "2d" },
    },
    missing: "default",
  });
}
