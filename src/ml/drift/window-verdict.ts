import { isDrift } from "./drift-method.ts";
import type { ColumnJudgement, JudgedColumn } from "./judge-column.ts";
import { adjustPValues, type PValueCorrection } from "./multiple-testing.ts";

/** One window's drift over all its columns. */
export interface WindowDrift {
  /** "notJudged" when no column had enough values to be judged. */
  readonly status: "judged" | "notJudged";
  readonly columns: readonly ColumnJudgement[];
  readonly judgedColumns: number;
  readonly driftedColumns: number;
  /** driftedColumns over judgedColumns (0 when none was judged). */
  readonly share: number;
  readonly driftShare: number;
  /** Whether at least driftShare of the judged columns drifted; false when none was judged. */
  readonly drifted: boolean;
  readonly correction: PValueCorrection;
}

/**
 * The window's verdict from its columns': p-values adjusted across the columns judged by a
 * test (distances have none to adjust), each column's drift re-read from its adjusted
 * p-value, and the dataset's drift from the share of judged columns that drifted.
 */
export function windowVerdict(
  judgements: readonly ColumnJudgement[],
  correction: PValueCorrection,
  driftShare: number,
): WindowDrift {
  const testedAt = judgements.flatMap((c, at) => (c.status === "judged" && c.pValue !== null ? [at] : []));
  const adjusted = adjustPValues(
    testedAt.map((at) => (judgements[at] as JudgedColumn).pValue!),
    correction,
  );
  const columns = [...judgements];
  testedAt.forEach((at, k) => {
    const column = judgements[at] as JudgedColumn;
    const adjustedPValue = adjusted[k]!;
    columns[at] = { ...column, adjustedPValue, drifted: isDrift(column.method, adjustedPValue, column.threshold) };
  });
  const judgedColumns = columns.filter((c) => c.status === "judged").length;
  const driftedColumns = columns.filter((c) => c.status === "judged" && c.drifted).length;
  const share = judgedColumns === 0 ? 0 : driftedColumns / judgedColumns;
  return {
    status: judgedColumns === 0 ? "notJudged" : "judged",
    columns,
    judgedColumns,
    driftedColumns,
    share,
    driftShare,
    drifted: judgedColumns > 0 && share >= driftShare,
    correction,
  };
}
