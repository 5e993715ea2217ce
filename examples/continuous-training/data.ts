/**
 * The example's customers, generated so the run is the same everywhere. Before the shift,
 * tenure is spread over 0–60 months and customers under 20 months churn; after it, tenure is
 * spread over 30–90 months and the ones under 50 churn: the inputs drift, and a model fitted
 * before the shift is wrong about a third of the new customers.
 */
export interface Customer {
  tenure: number;
  monthly: number;
  churned: "yes" | "no";
}

export type Regime = "before" | "after";

/** The rule customers churn by in a regime. */
export function churns(regime: Regime, tenure: number): "yes" | "no" {
  return tenure < (regime === "before" ? 20 : 50) ? "yes" : "no";
}

/** `count` customers of a regime; `seed` picks which (a different seed, different customers). */
export function customers(regime: Regime, count: number, seed: number): Customer[] {
  let state = seed * 7919 + 17;
  const random = () => {
    state = (state * 16807) % 2147483647;
    return state / 2147483647;
  };
  const low = regime === "before" ? 0 : 30;
  return Array.from({ length: count }, () => {
    const tenure = Math.round(low + 60 * random());
    const monthly = Math.round(20 + 60 * random() + (regime === "after" ? 15 : 0));
    return { tenure, monthly, churned: churns(regime, tenure) };
  });
}

export function csv(rows: readonly Customer[]): string {
  return `tenure,monthly,churned\n${rows.map((r) => `${r.tenure},${r.monthly},${r.churned}`).join("\n")}\n`;
}
