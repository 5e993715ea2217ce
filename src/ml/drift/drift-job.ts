import type { Column } from "../table.ts";
import { type ColumnJudgement, type ColumnJudgeOptions, judgeColumn } from "./judge-column.ts";
import type { ColumnReference } from "./reference-profile.ts";

/** A window's columns beside their references: what a thread needs to judge any of them. */
export interface DriftJob {
  readonly references: readonly ColumnReference[];
  readonly currents: readonly Column[];
  readonly options: ColumnJudgeOptions;
}

/** Judges column `index` of the job. */
export function judgeJobColumn(job: DriftJob, index: number): ColumnJudgement {
  return judgeColumn(job.references[index]!, job.currents[index]!, job.options);
}
