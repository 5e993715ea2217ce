/**
 * What the lineage page draws, read through the lineage API: a content's graph (found by its
 * digest or an artifact id) joined with the graph of every run that used it, so one view runs
 * from a dataset to the runs, model versions and deployments made from it; or a run's graph;
 * or a model version's upstream graph; each with the monitoring reports of its model versions
 * and deployments.
 */
import { ApiError, get, segment } from "../../api/client.ts";
import type { Artifact, LineageGraph, Page } from "../../api/types.ts";
import { type DrawnGraph, withMonitoringReports } from "./monitoring-reports.ts";

export type LineageSubject = { digest: string } | { artifact: string } | { run: string } | { model: string; version: string };

/** Runs beyond this many users of one content are left out of the joined view (each is one more request), and the page says so. */
export const RUNS_SHOWN = 25;

export interface LoadedLineage {
  graph: DrawnGraph;
  /** The nodes the page was asked about, drawn highlighted. */
  focus: Set<string>;
  /** Runs that used the content but are not drawn (beyond RUNS_SHOWN). */
  runsLeftOut: number;
}

function join(graphs: LineageGraph[]): LineageGraph {
  const nodes = new Map<string, LineageGraph["nodes"][number]>();
  const edges = new Map<string, LineageGraph["edges"][number]>();
  for (const g of graphs) {
    for (const n of g.nodes) nodes.set(n.id, n);
    for (const e of g.edges) edges.set(`${e.from} ${e.to} ${e.kind} ${e.name}`, e);
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

async function contentLineage(artifactId: string, signal: AbortSignal): Promise<{ graph: LineageGraph; focus: Set<string>; runsLeftOut: number }> {
  const own = await get<LineageGraph>(`/artifacts/${segment(artifactId)}/lineage`, signal);
  const focus = new Set(own.nodes.filter((n) => n.kind === "artifact").map((n) => n.id));
  const users = new Set(own.edges.filter((e) => e.kind === "input").map((e) => own.nodes.find((n) => n.id === e.to)));
  const runIds = [...new Set([...users].flatMap((n) => (n?.kind === "task" ? [n.runId] : [])))];
  const shown = runIds.slice(0, RUNS_SHOWN);
  const runs = await Promise.all(shown.map((run) => get<LineageGraph>(`/runs/${segment(run)}/lineage`, signal)));
  return { graph: join([own, ...runs]), focus, runsLeftOut: runIds.length - shown.length };
}

export async function loadLineage(subject: LineageSubject, signal: AbortSignal): Promise<LoadedLineage> {
  const loaded = await lineageOf(subject, signal);
  return { ...loaded, graph: await withMonitoringReports(loaded.graph, signal) };
}

async function lineageOf(subject: LineageSubject, signal: AbortSignal): Promise<{ graph: LineageGraph; focus: Set<string>; runsLeftOut: number }> {
  if ("run" in subject) {
    const graph = await get<LineageGraph>(`/runs/${segment(subject.run)}/lineage`, signal);
    return { graph, focus: new Set(), runsLeftOut: 0 };
  }
  if ("model" in subject) {
    const graph = await get<LineageGraph>(`/models/${segment(subject.model)}/versions/${segment(subject.version)}/lineage`, signal);
    return { graph, focus: new Set([`models:/${subject.model}/${subject.version}`]), runsLeftOut: 0 };
  }
  if ("artifact" in subject) return contentLineage(subject.artifact, signal);
  const found = await get<Page<Artifact>>(`/artifacts?digest=${encodeURIComponent(subject.digest)}&limit=2`, signal);
  const first = found.items[0];
  if (!first) throw new ApiError(404, "not_found", `no artifact has a digest starting with "${subject.digest}"`, "give more of the digest, or copy it from an artifact's page");
  if (found.items.some((a) => a.digest !== first.digest)) {
    throw new ApiError(400, "ambiguous", `more than one content has a digest starting with "${subject.digest}"`, "give more of the digest");
  }
  return contentLineage(first.id, signal);
}
