import type { Column } from "../table.ts";
import { type ColumnDrift, verdict } from "./column-drift.ts";
import { ColumnSample } from "./column-sample.ts";
import type { DriftMethod } from "./drift-method.ts";
import { type EffectSize, effectSize } from "./effect-size.ts";
import type { KsMethod } from "./ks-test.ts";
import { type ColumnReference, referenceSize } from "./reference-profile.ts";

/** What judging one column of a window takes (the window's options, checked). */
export interface ColumnJudgeOptions {
  readonly method?: DriftMethod;
  readonly threshold?: number;
  /** Further methods measured and reported beside the verdict's, e.g. psi beside ks. */
  readonly also: readonly DriftMethod[];
  readonly ksMethod: KsMethod;
  /** Fewer present values than this in the window: the column is not judged. */
  readonly minWindowSize: number;
}

/** A further method's figures, reported beside the verdict. */
export interface AlsoMeasured {
  readonly method: DriftMethod;
  readonly statistic: number;
  readonly pValue: number | null;
}

/** A column's verdict in one window, with its effect size. */
export interface JudgedColumn extends ColumnDrift {
  readonly status: "judged";
  readonly effectSize: EffectSize;
  /** The p-value after the window's correction for many columns (see multiple-testing.ts); null for distances. */
  readonly adjustedPValue: number | null;
  readonly also: readonly AlsoMeasured[];
}

/** A column left unjudged, and why (too few values in the window). */
export interface UnjudgedColumn {
  readonly column: string;
  readonly status: "notJudged";
  readonly reason: string;
  readonly referenceSize: number;
  readonly currentSize: number;
}

export type ColumnJudgement = JudgedColumn | UnjudgedColumn;

/**
 * One column of a window against its reference profile: the verdict of the method given
 * (or the column's default), its effect size, and the further methods asked for. The
 * p-value is not yet corrected for the other columns: windowVerdict does that.
 */
export function judgeColumn(reference: ColumnReference, current: Column, options: ColumnJudgeOptions): ColumnJudgement {
  const sample = new ColumnSample(reference, current, options.ksMethod);
  if (sample.size < options.minWindowSize) {
    return {
      column: sample.column,
      status: "notJudged",
      reason: `${sample.size} present values in the window, fewer than the minimum of ${options.minWindowSize}`,
      referenceSize: referenceSize(reference),
      currentSize: sample.size,
    };
  }
  const drift = verdict(sample, options);
  return {
    status: "judged",
    ...drift,
    effectSize: effectSize(drift.method, { statistic: drift.statistic, ...(drift.pValue !== null && { pValue: drift.pValue }) }, sample),
    adjustedPValue: drift.pValue,
    also: options.also.map((method) => {
      const { statistic, pValue } = sample.measure(method);
      return { method, statistic, pValue: pValue ?? null };
    }),
  };
}
