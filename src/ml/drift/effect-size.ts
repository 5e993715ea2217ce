import type { ColumnSample, Measurement } from "./column-sample.ts";
import type { DriftMethod } from "./drift-method.ts";

/**
 * How large a change is, whatever the sample size: at large n every p-value is tiny, and
 * the effect size says whether the shift matters. Distances are their own effect size; the
 * tests have their usual companion:
 * - ks: the KS statistic D, the largest gap between the two ECDFs (0 to 1);
 * - chiSquare: Cohen's w = sqrt(chi-square / n_current) (0.1 small, 0.3 medium, 0.5 large);
 * - zTest: Cohen's h = |2 asin sqrt(p1) - 2 asin sqrt(p2)| (0.2 small, 0.5 medium, 0.8 large);
 * - psi, jensenShannon, wasserstein (normed): the distance.
 */
export interface EffectSize {
  readonly name: "ksStatistic" | "cohensW" | "cohensH" | "psi" | "jensenShannon" | "wasserstein";
  readonly value: number;
}

export function effectSize(method: DriftMethod, measured: Measurement, sample: ColumnSample): EffectSize {
  switch (method) {
    case "ks":
      return { name: "ksStatistic", value: measured.statistic };
    case "chiSquare":
      return { name: "cohensW", value: Math.sqrt(measured.statistic / sample.size) };
    case "zTest":
      return { name: "cohensH", value: cohensH(sample) };
    case "psi":
    case "jensenShannon":
    case "wasserstein":
      return { name: method, value: measured.statistic };
  }
}

function cohensH(sample: ColumnSample): number {
  const { reference, current } = sample.categoryCounts();
  const share = (counts: readonly number[]) => counts[0]! / (counts[0]! + (counts[1] ?? 0));
  return Math.abs(2 * Math.asin(Math.sqrt(share(reference))) - 2 * Math.asin(Math.sqrt(share(current))));
}
