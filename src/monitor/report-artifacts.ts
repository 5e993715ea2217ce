/**
 * A window's report, stored twice in the artifact store: JSON for machines, a self-contained
 * HTML page for people. Each artifact names the monitor, window, deployment and model version
 * in its metadata, and the window's record names both artifacts: lineage from a model version
 * through its deployment to its monitoring reports.
 */
import { randomUUID } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ArtifactStore } from "../artifacts/types.ts";
import type { Json } from "../json.ts";
import { renderReportHtml } from "../ml/monitoring/report-html.ts";
import { type MonitoringReport, reportJson } from "../ml/monitoring/report.ts";
import type { ArtifactRecord, MetadataStore } from "../store/types.ts";

export const REPORT_TYPE = "MonitoringReport";

export async function storeReport(
  store: MetadataStore,
  artifacts: ArtifactStore,
  report: MonitoringReport,
  where: { monitor: string; seq: number; metadata: Record<string, Json> },
): Promise<{ json: ArtifactRecord; html: ArtifactRecord }> {
  // A folder of this call's own: two runners may write the same window's report at once (one records it).
  const staging = `monitor-${where.monitor}`;
  const writer = randomUUID();
  const dir = await artifacts.stagingDir(staging, writer, where.seq);
  try {
    const put = async (file: string, text: string, mediaType: string) => {
      const path = join(dir, file);
      await writeFile(path, text);
      const stored = await artifacts.ingest(path, { mediaType });
      const record = await store.putArtifact({ ...stored, mediaType, type: REPORT_TYPE, metadata: { ...where.metadata, format: file.split(".")[1]! } });
      await artifacts.settle(path, stored.uri);
      return record;
    };
    return { json: await put("report.json", reportJson(report), "application/json"), html: await put("report.html", renderReportHtml(report), "text/html") };
  } finally {
    await artifacts.discardStaging(staging, { taskName: writer, number: where.seq });
  }
}
