/**
 * How p-values are adjusted when many columns are tested at once, so that "drift" does not
 * just mean "one of a hundred tests came out below 0.05 by chance":
 * - none: each p-value as it is;
 * - bonferroni: p times the number of tests (capped at 1), which bounds the chance of any
 *   false alarm (the family-wise error rate);
 * - benjaminiHochberg: Benjamini-Hochberg adjusted p-values (scipy's
 *   false_discovery_control, R's p.adjust "BH"), which bound the expected share of false
 *   alarms among the columns flagged.
 */
export type PValueCorrection = "none" | "bonferroni" | "benjaminiHochberg";

export const pValueCorrections: readonly PValueCorrection[] = ["none", "bonferroni", "benjaminiHochberg"];

/** The p-values adjusted for their number, in their order. */
export function adjustPValues(pValues: readonly number[], correction: PValueCorrection): number[] {
  const m = pValues.length;
  switch (correction) {
    case "none":
      return [...pValues];
    case "bonferroni":
      return pValues.map((p) => Math.min(p * m, 1));
    case "benjaminiHochberg": {
      // p_(i) m / i for the i-th smallest, made monotone from the largest down.
      const order = pValues.map((_, i) => i).sort((a, b) => pValues[a]! - pValues[b]!);
      const adjusted = new Array<number>(m);
      let smallest = 1;
      for (let rank = m; rank >= 1; rank--) {
        const at = order[rank - 1]!;
        smallest = Math.min(smallest, (pValues[at]! * m) / rank);
        adjusted[at] = smallest;
      }
      return adjusted;
    }
  }
}
