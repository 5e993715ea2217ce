/**
 * The read side of monitors, shared by the CLI and the API: a window by its reference
 * (`churn-monitor@3`, or its id), and a window's stored report as JSON or HTML.
 */
import { readFile } from "node:fs/promises";
import type { ArtifactStore } from "../artifacts/types.ts";
import { ConveyorError } from "../errors.ts";
import type { MonitorWindowRecord } from "../store/monitor-types.ts";
import type { MetadataStore } from "../store/types.ts";

/** `<monitor>@<n>` or a window's id. */
export async function findWindow(store: MetadataStore, reference: string): Promise<MonitorWindowRecord> {
  const at = reference.lastIndexOf("@");
  const seq = at > 0 ? Number(reference.slice(at + 1)) : Number.NaN;
  const window = at > 0 && Number.isInteger(seq) ? await store.findMonitorWindow(reference.slice(0, at), seq) : await store.getMonitorWindow(reference);
  if (window) return window;
  throw new ConveyorError(
    `no monitor window "${reference}" in ${store.location}`,
    "name a window as <monitor>@<number> (`conveyor monitors show <monitor>` lists them) or by its id",
    "not_found",
  );
}

/** The text of the window's report: JSON, or the HTML page. */
export async function readReport(store: MetadataStore, artifacts: ArtifactStore, window: MonitorWindowRecord, format: "json" | "html"): Promise<string> {
  const id = format === "json" ? window.reportArtifactId : window.htmlArtifactId;
  const artifact = id ? await store.getArtifact(id) : undefined;
  if (!artifact) {
    throw new ConveyorError(`window ${window.monitor}@${window.seq} has no ${format} report in ${store.location}`, "run the monitor again to judge new windows", "not_found");
  }
  return readFile(await artifacts.open(artifact.uri, artifact.digest), "utf8");
}
