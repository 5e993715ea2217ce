/**
 * A window's drift when columns have methods of their own: src/ml/drift judges each group of
 * columns sharing a method (judgeWindow), then one verdict over all of them, so that the
 * correction for many columns and the dataset's drift share count every column once.
 */
import { ConveyorError } from "../../errors.ts";
import { type DriftMethod, judgeWindow, type PValueCorrection, pValueCorrections, type ReferenceProfile, type WindowDrift } from "../drift/index.ts";
import type { Table } from "../table.ts";
import type { ColumnJudgement } from "../drift/judge-column.ts";
import { windowVerdict } from "../drift/window-verdict.ts";

/** A column's own method and threshold; its default (drift-method.ts) when left out. */
export interface ColumnMethod {
  readonly method: DriftMethod;
  readonly threshold?: number;
}

export interface JudgeColumnsOptions {
  readonly columns: readonly string[];
  readonly methods?: Readonly<Record<string, ColumnMethod>>;
  readonly correction?: PValueCorrection;
  readonly driftShare?: number;
  readonly minWindowSize?: number;
  readonly threads?: number;
}

export async function judgeColumns(profile: ReferenceProfile, window: Table, options: JudgeColumnsOptions): Promise<WindowDrift> {
  const { columns, methods = {}, correction = "none", driftShare = 0.5, minWindowSize, threads } = options;
  // judgeWindow checks the rest; the correction is applied here, over every group at once.
  if (!pValueCorrections.includes(correction)) {
    throw new ConveyorError(`unknown p-value correction ${JSON.stringify(correction)}`, `the corrections are ${pValueCorrections.join(", ")}`, "invalid_param");
  }
  const groups = new Map<string, { spec: ColumnMethod | undefined; columns: string[] }>();
  for (const column of columns) {
    const spec = methods[column];
    const key = spec ? `${spec.method}:${spec.threshold ?? ""}` : "default";
    const group = groups.get(key) ?? { spec, columns: [] };
    group.columns.push(column);
    groups.set(key, group);
  }
  const judged = new Map<string, ColumnJudgement>();
  for (const { spec, columns: names } of groups.values()) {
    const drift = await judgeWindow(profile, window, {
      columns: names,
      ...(spec && { method: spec.method, ...(spec.threshold !== undefined && { threshold: spec.threshold }) }),
      ...(minWindowSize !== undefined && { minWindowSize }),
      ...(threads !== undefined && { threads }),
      driftShare,
    });
    for (const judgement of drift.columns) judged.set(judgement.column, judgement);
  }
  return windowVerdict(
    columns.map((c) => judged.get(c)!),
    correction,
    driftShare,
  );
}
