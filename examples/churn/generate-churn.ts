/**
 * A synthetic telecom churn dataset, generated deterministically from a seed so the example
 * needs no download: numbers and categories, some missing, and a yes/no target that depends
 * on them through a logistic model with noise (so no model can be perfect).
 */
import { type Column, component, Dataset, param, writeDataset } from "conveyor";

const contracts = ["month-to-month", "one-year", "two-year"] as const;
const internet = ["dsl", "fiber", "none"] as const;
const payments = ["electronic-check", "mailed-check", "bank-transfer", "credit-card"] as const;

export const generateChurnData = component({
  name: "generate-churn-data",
  version: "1",
  description: "Generate a synthetic customer churn dataset with missing values and categorical columns",
  inputs: {
    rows: param.int({ default: 3000, min: 100 }),
    seed: param.int({ default: 7, min: 0 }),
  },
  outputs: { data: Dataset },
  run: async ({ rows, seed, data }, ctx) => {
    // mulberry32: a tiny seeded generator, so the same seed gives the same rows everywhere.
    let state = seed >>> 0;
    const random = () => {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = Math.imul(state ^ (state >>> 15), state | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pick = <T>(items: readonly T[], weights: readonly number[]): T => {
      let u = random() * weights.reduce((a, b) => a + b, 0);
      for (const [i, w] of weights.entries()) {
        u -= w;
        if (u < 0) return items[i]!;
      }
      return items[items.length - 1]!;
    };
    const missing = (share: number) => random() < share;
    const columns = {
      customer_id: [] as string[],
      tenure_months: new Float64Array(rows),
      monthly_charges: new Float64Array(rows),
      total_charges: new Float64Array(rows),
      support_calls: new Float64Array(rows),
      senior: new Float64Array(rows),
      contract: [] as (string | null)[],
      internet: [] as (string | null)[],
      payment: [] as (string | null)[],
      churned: [] as string[],
    };
    for (let i = 0; i < rows; i++) {
      const contract = pick(contracts, [0.55, 0.25, 0.2]);
      const service = pick(internet, [0.35, 0.45, 0.2]);
      const payment = pick(payments, [0.35, 0.2, 0.2, 0.25]);
      const tenure = Math.floor(random() * (contract === "month-to-month" ? 36 : 72)) + 1;
      const monthly = 20 + (service === "fiber" ? 55 : service === "dsl" ? 30 : 0) + random() * 25;
      const calls = Math.floor(-Math.log(1 - random()) * (service === "fiber" ? 2.5 : 1.2));
      const senior = random() < 0.16 ? 1 : 0;
      // The churn log-odds: short tenure, monthly contracts, fiber, electronic checks and many
      // support calls all raise it; the noise term keeps the best possible ROC AUC below 1.
      const logit =
        -1.2 -
        0.045 * tenure +
        (contract === "month-to-month" ? 1.6 : contract === "one-year" ? 0.3 : -0.8) +
        (service === "fiber" ? 0.7 : 0) +
        (payment === "electronic-check" ? 0.6 : 0) +
        0.35 * calls +
        0.4 * senior +
        0.012 * (monthly - 60) +
        (random() - 0.5) * 1.5;
      columns.customer_id.push(`C${String(i + 1).padStart(5, "0")}`);
      columns.tenure_months[i] = missing(0.04) ? Number.NaN : tenure;
      columns.monthly_charges[i] = Math.round(monthly * 100) / 100;
      columns.total_charges[i] = missing(0.03) ? Number.NaN : Math.round(monthly * tenure * 100) / 100;
      columns.support_calls[i] = calls;
      columns.senior[i] = senior;
      columns.contract.push(contract);
      columns.internet.push(missing(0.05) ? null : service);
      columns.payment.push(missing(0.03) ? null : payment);
      columns.churned.push(random() < 1 / (1 + Math.exp(-logit)) ? "yes" : "no");
    }
    const table: Column[] = Object.entries(columns).map(([name, values]) =>
      values instanceof Float64Array ? { name, type: "number", values } : { name, type: "string", values },
    );
    await writeDataset(data, { columns: table, rowCount: rows }, { kind: "generated", location: "generate-churn-data", seed });
    const churned = columns.churned.filter((c) => c === "yes").length;
    ctx.log.info(`generated ${rows} customers, ${churned} of whom churned`);
  },
});
