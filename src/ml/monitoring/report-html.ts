/**
 * A monitoring report as one self-contained HTML page: no script, no external style sheet or
 * font, the histograms as inline SVG (reference and current shares overlaid per bin), so it
 * opens from a file, an artifact store or an e-mail attachment alike.
 */
import type { JudgedColumn } from "../drift/judge-column.ts";
import type { Histogram } from "./histograms.ts";
import type { MonitoringReport } from "./report.ts";

const html = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const number = (value: number | null | undefined) => (value === null || value === undefined ? "" : Number.isFinite(value) ? String(Number(value.toPrecision(4))) : String(value));
const verdict = (bad: boolean, yes: string, no: string) => `<b class="${bad ? "bad" : "ok"}">${bad ? yes : no}</b>`;

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:.5em 0 1.5em}
td,th{border:1px solid #ddd;padding:3px 8px;text-align:left}th{background:#f4f4f4}.bad{color:#b00}.ok{color:#070}
.charts{display:flex;flex-wrap:wrap;gap:12px}.chart{border:1px solid #ddd;padding:6px}.ref{fill:#3b6fb6;opacity:.55}.cur{fill:#e8892b;opacity:.55}
.muted{color:#777}`;

export function renderReportHtml(report: MonitoringReport): string {
  const title = html(report.title);
  const parts = [
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title><style>${STYLE}</style></head><body>`,
    `<h1>${title}</h1>`,
    table(
      [],
      Object.entries(report.context).map(([k, v]) => [html(k), html(typeof v === "string" ? v : JSON.stringify(v))]),
    ),
    `<h2>Drift</h2>`,
    report.status === "notJudged"
      ? `<p>${verdict(true, "not judged", "")}: ${html(report.reason ?? "")}</p>`
      : `<p>${verdict(report.drift.drifted, "drifted", "no drift")}: ${report.drift.driftedColumns} of ${report.drift.judgedColumns} columns (${number(report.drift.share)}, threshold ${number(report.drift.driftShare)}); correction ${html(report.drift.correction)}.
         Consecutive drifted windows: ${report.streak.streak} of ${report.streak.windows} → ${verdict(report.streak.driftDetected, "drift detected", "no alert")}.</p>`,
    driftTable(report),
    `<h2>Data quality</h2>`,
    `<p>${verdict(!report.quality.passed, "failed", "passed")}</p>`,
    table(
      ["check", "column", "observed", "limit", "", "detail"],
      report.quality.checks.map((c) => [c.check, html(c.column ?? ""), number(c.observed), number(c.limit), verdict(!c.passed, "fail", "pass"), html(c.detail)]),
    ),
    performance(report),
    `<h2>Distributions</h2><p class="muted"><svg width="10" height="10"><rect class="ref" width="10" height="10"/></svg> reference
     <svg width="10" height="10"><rect class="cur" width="10" height="10"/></svg> current (share of each sample per bin)</p>`,
    `<div class="charts">${report.histograms.map(chart).join("")}</div>`,
    `</body></html>`,
  ];
  return parts.join("\n");
}

function driftTable(report: MonitoringReport): string {
  return table(
    ["column", "method", "statistic", "p-value", "adjusted", "threshold", "effect size", "reference n", "current n", "drift"],
    report.drift.columns.map((c) => {
      if (c.status === "notJudged") return [html(c.column), "", "", "", "", "", "", String(c.referenceSize), String(c.currentSize), `<span class="muted">${html(c.reason)}</span>`];
      const j = c as JudgedColumn;
      return [
        html(j.column),
        j.method,
        number(j.statistic),
        number(j.pValue),
        number(j.adjustedPValue),
        number(j.threshold),
        `${j.effectSize.name} ${number(j.effectSize.value)}`,
        String(j.referenceSize),
        String(j.currentSize),
        verdict(j.drifted, "drift", "ok"),
      ];
    }),
  );
}

function performance(report: MonitoringReport): string {
  const p = report.performance;
  if (!p) return `<h2>Performance</h2><p class="muted">not measured: no labels joined to this window</p>`;
  const head = `<h2>Performance</h2><p>${p.rows} labelled rows${p.unknownLabels > 0 ? `, ${p.unknownLabels} labels naming no class of the model (left out)` : ""}. `;
  if (p.status === "notJudged") return `${head}${verdict(true, "not judged", "")}: ${html(p.reason ?? "")}</p>`;
  return `${head}${verdict(p.dropped, "dropped", "holds")} (tolerated drop ${number(p.maxDrop)})</p>${table(
    ["metric", "live", "registry", "drop", ""],
    p.metrics.map((m) => [m.name, number(m.value), m.baseline === null ? '<span class="muted">none</span>' : `${number(m.baseline)} (${html(m.baselineName ?? "")})`, number(m.drop), verdict(m.dropped, "dropped", "ok")]),
  )}${Object.keys(p.unavailable).length > 0 ? `<p class="muted">${Object.entries(p.unavailable).map(([k, v]) => `${html(k)}: ${html(v)}`).join("; ")}</p>` : ""}`;
}

function table(head: string[], rows: string[][]): string {
  const header = head.length > 0 ? `<tr>${head.map((h) => `<th>${h}</th>`).join("")}</tr>` : "";
  return `<table>${header}${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`).join("")}</table>`;
}

const WIDTH = 300;
const HEIGHT = 120;

function chart(h: Histogram): string {
  const top = Math.max(...h.reference, ...h.current, 1e-12);
  const step = WIDTH / h.bins.length;
  const bars = (shares: readonly number[], cls: string) =>
    shares
      .map((s, i) => {
        const height = (s / top) * HEIGHT;
        return `<rect class="${cls}" x="${(i * step + 1).toFixed(1)}" y="${(HEIGHT - height).toFixed(1)}" width="${(step - 2).toFixed(1)}" height="${height.toFixed(1)}"><title>${html(h.bins[i]!)}: ${number(s)}</title></rect>`;
      })
      .join("");
  const first = html(h.bins[0] ?? "");
  const last = html(h.bins.at(-1) ?? "");
  return `<div class="chart"><b>${html(h.column)}</b><br><svg width="${WIDTH}" height="${HEIGHT + 14}" role="img" aria-label="${html(h.column)}">${bars(h.reference, "ref")}${bars(h.current, "cur")}<text x="0" y="${HEIGHT + 12}" font-size="10">${first}</text><text x="${WIDTH}" y="${HEIGHT + 12}" font-size="10" text-anchor="end">${last}</text></svg></div>`;
}
