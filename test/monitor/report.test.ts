/** The report's pieces: histograms binned alike on both sides, and an HTML page that escapes what the data names. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { profileReference, startDriftStreak } from "../../src/ml/drift/index.ts";
import { assessWindow } from "../../src/ml/monitoring/assess-window.ts";
import { histogram } from "../../src/ml/monitoring/histograms.ts";
import { renderReportHtml } from "../../src/ml/monitoring/report-html.ts";
import { seededRandom } from "../../src/ml/random.ts";
import { createTable } from "../../src/ml/table.ts";

describe("monitoring reports", () => {
  it("bins the reference (by search in its sorted values) exactly as a pass over its values would", () => {
    const random = seededRandom(7);
    const reference = Float64Array.from({ length: 5000 }, () => Math.round(random() * 1000) / 10);
    const current = Float64Array.from({ length: 800 }, () => random() * 120 - 10);
    const profile = profileReference(createTable([{ name: "x", type: "number", values: reference }]));
    const h = histogram(profile.columns[0]!, { name: "x", type: "number", values: current });
    const lo = Math.min(...reference, ...current);
    const width = (Math.max(...reference, ...current) - lo) / 20;
    const naive = new Array<number>(20).fill(0);
    for (const v of reference) naive[Math.min(19, Math.floor((v - lo) / width))]! += 1 / reference.length;
    for (const [b, share] of h.reference.entries()) assert.ok(Math.abs(share - naive[b]!) < 1e-12, `bin ${b}: ${share} vs ${naive[b]}`);
    assert.ok(Math.abs(h.current.reduce((a, b) => a + b, 0) - 1) < 1e-12);
  });

  it("shows categories by value, the rarest beyond a dozen as one 'other'", () => {
    const values = Array.from({ length: 400 }, (_, i) => `c${i % 20}`);
    const profile = profileReference(createTable([{ name: "plan", type: "string", values }]));
    const h = histogram(profile.columns[0]!, { name: "plan", type: "string", values: [...values.slice(0, 100), "new", null] });
    assert.equal(h.bins.length, 13);
    assert.equal(h.bins.at(-1), "other (9)");
    assert.ok(Math.abs(h.reference.reduce((a, b) => a + b, 0) - 1) < 1e-12);
  });

  it("escapes column names and values in the HTML page", async () => {
    const name = '<img src=x onerror="alert(1)">';
    const values = Array.from({ length: 60 }, (_, i) => (i % 2 ? "<b>" : "a&b"));
    const profile = profileReference(createTable([{ name, type: "string", values }]));
    const { report } = await assessWindow({
      title: "t <script>",
      context: { note: "</td><script>" },
      profile,
      window: createTable([{ name, type: "string", values: [...values.slice(0, 50), "<i>"] }]),
      drift: { columns: [name], threads: 1 },
      quality: { columns: [{ name, type: "string" }] },
      streak: startDriftStreak(1),
    });
    const html = renderReportHtml(report);
    assert.doesNotMatch(html, /<script|<img|<i>|<\/td><script/);
    assert.match(html, /&#60;img src=x/);
    assert.match(html, /&#60;b&#62;/, "the category value, escaped in its bar's title");
  });
});
