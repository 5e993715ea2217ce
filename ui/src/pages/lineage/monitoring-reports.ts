/**
 * The monitoring reports downstream of a lineage graph's model versions and deployments: the
 * windows of monitors watching them (GET /api/v1/monitors and each one's windows), joined on
 * the window's model version or deployment, since the lineage API stops at deployments.
 */
import { get, segment } from "../../api/client.ts";
import type { LineageGraph, LineageNode, Monitor, MonitorWindow } from "../../api/types.ts";

export interface ReportNode {
  id: string;
  kind: "report";
  monitor: string;
  seq: number;
  drifted: boolean;
}

export type DrawnNode = LineageNode | ReportNode;

export type DrawnEdge = LineageGraph["edges"][number] | { from: string; to: string; kind: "monitored"; name: string; cached: false };

/** A lineage graph with the monitoring reports joined on. */
export interface DrawnGraph {
  nodes: DrawnNode[];
  edges: DrawnEdge[];
}

/** Monitors beyond this many are not read for one view (each is one more request). */
const MONITORS_READ = 20;

/** The model a monitor's target names: `models:/iris@champion` or `models:/iris/3` → iris. */
function targetModel(target: Monitor["target"]): string | undefined {
  return "model" in target ? /^models:\/([^/@]+)/.exec(target.model)?.[1] : undefined;
}

export async function withMonitoringReports(graph: LineageGraph, signal: AbortSignal): Promise<DrawnGraph> {
  const versions = new Map<string, string>();
  const deployments = new Map<string, string>();
  for (const n of graph.nodes) {
    if (n.kind === "model") versions.set(`${n.model}/${n.version}`, n.id);
    if (n.kind === "deployment") deployments.set(n.name, n.id);
  }
  const nodes: DrawnNode[] = [...graph.nodes];
  const edges: DrawnEdge[] = [...graph.edges];
  if (versions.size === 0 && deployments.size === 0) return { nodes, edges };
  const models = new Set([...versions.keys()].map((key) => key.split("/")[0]));
  const monitors = (await get<Monitor[]>("/monitors", signal)).filter((m) => {
    const model = targetModel(m.target);
    return (model !== undefined && models.has(model)) || ("deployment" in m.target && deployments.has(m.target.deployment));
  });
  const read = await Promise.all(monitors.slice(0, MONITORS_READ).map((m) => get<MonitorWindow[]>(`/monitors/${segment(m.name)}/windows?limit=1000`, signal)));
  for (const w of read.flat()) {
    if (!w.htmlArtifactId) continue;
    const from = (w.deployment && deployments.get(w.deployment)) || versions.get(`${w.model}/${w.version}`);
    if (!from) continue;
    const id = `monitors:/${w.monitor}/${w.seq}`;
    nodes.push({ id, kind: "report", monitor: w.monitor, seq: w.seq, drifted: w.drifted });
    edges.push({ from, to: id, kind: "monitored", name: "monitored", cached: false });
  }
  return { nodes, edges };
}
