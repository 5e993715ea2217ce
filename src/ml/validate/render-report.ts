import type { ExpectationResult, ReportedValue, ValidationReport } from "./expectation.ts";

/**
 * The report as text for the terminal and run logs: one line per check, failures marked.
 * `failuresOnly` keeps just the failed checks, for an error message that must stay short.
 */
export function renderReport(report: ValidationReport, { failuresOnly = false } = {}): string {
  const failed = report.results.filter((r) => !r.passed).length;
  const heading = report.passed
    ? `Validation passed: ${report.results.length} checks`
    : `Validation FAILED: ${failed} of ${report.results.length} checks failed`;
  const shown = failuresOnly ? report.results.filter((r) => !r.passed) : report.results;
  return [heading, ...shown.map(renderResult)].join("\n");
}

function renderResult(result: ExpectationResult): string {
  const subject = result.column === undefined ? result.expectation : `${result.expectation} "${result.column}"`;
  const observed = Object.entries(result.observed)
    .map(
      ([key, value]) =>
        `${key}=${typeof value === "number" && !Number.isInteger(value) ? Number(value.toPrecision(4)) : value}`,
    )
    .join(", ");
  const rows = result.failingRows
    ? `; first failing rows: ${result.failingRows.map((row, i) => withValue(row, result.failingValues?.[i])).join(", ")}`
    : "";
  return `  ${result.passed ? "PASS" : "FAIL"}  ${subject}: expected ${result.expected}; observed ${observed}${rows}`;
}

/** "3 (-2)": the row and the value that failed, when the result carries values. */
function withValue(row: number, value: ReportedValue | undefined): string {
  return value === undefined ? String(row) : `${row} (${JSON.stringify(value)})`;
}
