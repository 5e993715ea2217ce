/** Lineage graphs as indented text trees. */
import pc from "picocolors";
import type { RunRecord } from "../store/types.ts";
import { bytesText, shortDigest, statusText } from "./format.ts";
import type {
  ArtifactNode,
  DeploymentNode,
  LineageEdge,
  LineageGraph,
  ModelVersionNode,
  MonitorReportNode,
  TaskNode,
  TriggerEventNode,
} from "../inspect/lineage-graph.ts";

export function nodesOf(graph: LineageGraph) {
  const tasks = new Map<string, TaskNode>();
  const artifacts = new Map<string, ArtifactNode>();
  const models = new Map<string, ModelVersionNode>();
  const deployments = new Map<string, DeploymentNode>();
  const triggers = new Map<string, TriggerEventNode>();
  const reports = new Map<string, MonitorReportNode>();
  for (const n of graph.nodes) {
    if (n.kind === "task") tasks.set(n.id, n);
    else if (n.kind === "model") models.set(n.id, n);
    else if (n.kind === "deployment") deployments.set(n.id, n);
    else if (n.kind === "trigger") triggers.set(n.id, n);
    else if (n.kind === "report") reports.set(n.id, n);
    else artifacts.set(n.id, n);
  }
  return { tasks, artifacts, models, deployments, triggers, reports };
}

/** `models:/churn/3 (champion, prod)` */
export function modelVersionText(node: ModelVersionNode): string {
  return `${node.id}${node.aliases.length ? ` (${node.aliases.join(", ")})` : ""}`;
}

/** `  deployed in churn-api (production: create, promote)`, or "" for a version never deployed. */
export function deployedText(graph: LineageGraph, deployments: Map<string, DeploymentNode>, versionId: string): string {
  const changes = new Map<string, string[]>();
  for (const e of graph.edges) {
    if (e.kind === "deployed" && e.from === versionId) changes.set(e.to, [...(changes.get(e.to) ?? []), e.name]);
  }
  const places = [...changes].map(([id, kinds]) => {
    const d = deployments.get(id) as DeploymentNode;
    return `${d.name} (${d.stage ?? "deleted"}: ${kinds.join(", ")})`;
  });
  return places.length ? `  ${pc.dim("deployed in")} ${places.join(", ")}` : "";
}

/** The model versions registered from an artifact. */
function registrations(graph: LineageGraph, models: Map<string, ModelVersionNode>, artifactId: string): ModelVersionNode[] {
  return graph.edges.filter((e) => e.kind === "registered" && e.from === artifactId).map((e) => models.get(e.to) as ModelVersionNode);
}

/** Each task, then one line per input and output artifact, in aligned columns. */
export function renderRunLineage(run: RunRecord, graph: LineageGraph): string {
  const { tasks, artifacts, models, deployments } = nodesOf(graph);
  const rows = (task: TaskNode) =>
    graph.edges
      .filter((e) => (e.kind === "input" ? e.to : e.kind === "output" ? e.from : undefined) === task.id)
      .map((e) => ({ edge: e, artifact: artifacts.get(e.kind === "input" ? e.from : e.to) as ArtifactNode }));
  const all = [...tasks.values()].flatMap(rows);
  const nameWidth = Math.max(0, ...all.map((r) => r.edge.name.length));
  const typeWidth = Math.max(0, ...all.map((r) => r.artifact.type.length));
  const lines = [`${pc.bold(`run ${run.id}`)}  ${run.pipelineName}  ${statusText(run.status)}`];
  for (const task of tasks.values()) {
    lines.push(`  ${task.name}  ${statusText(task.status)}`);
    for (const { edge, artifact } of rows(task)) {
      const direction = edge.kind === "input" ? "in " : "out";
      const note = edge.cached ? pc.dim("  (reused from the cache)") : "";
      lines.push(
        `    ${pc.dim(direction)} ${edge.name.padEnd(nameWidth)}  ${artifact.type.padEnd(typeWidth)}  ${shortDigest(artifact.digest)}  ${bytesText(artifact.size)}${note}`,
      );
      if (edge.kind === "output") {
        for (const model of registrations(graph, models, artifact.id)) {
          lines.push(`      ${pc.dim("registered as")} ${modelVersionText(model)}${deployedText(graph, deployments, model.id)}`);
        }
      }
    }
  }
  return lines.join("\n");
}

function taskLine(task: TaskNode, edge: LineageEdge): string {
  return `    ${task.name} ${pc.dim(`as "${edge.name}"`)}  run ${task.runId} (${task.pipeline})`;
}

/** The artifact, then the tasks that produced it, reused it from the cache, and used it as an input. */
export function renderArtifactLineage(graph: LineageGraph): string {
  const { tasks, artifacts, models, deployments } = nodesOf(graph);
  const [first] = artifacts.values();
  if (!first) return "";
  const types = [...new Set([...artifacts.values()].map((a) => a.type))].join(", ");
  const lines = [`${pc.bold(`artifact ${first.digest}`)}  ${types}  ${bytesText(first.size)}  ${first.mediaType}`];
  const groups: [string, (e: LineageEdge) => boolean, (e: LineageEdge) => string][] = [
    ["produced by", (e) => e.kind === "output" && !e.cached, (e) => e.from],
    ["reused from the cache by", (e) => e.kind === "output" && e.cached, (e) => e.from],
    ["used by", (e) => e.kind === "input", (e) => e.to],
  ];
  for (const [title, belongs, taskOf] of groups) {
    const edges = graph.edges.filter(belongs);
    if (edges.length === 0) continue;
    lines.push(`  ${title}`);
    for (const edge of edges) lines.push(taskLine(tasks.get(taskOf(edge)) as TaskNode, edge));
  }
  const registered = [...artifacts.keys()].flatMap((id) => registrations(graph, models, id));
  if (registered.length > 0) lines.push("  registered as", ...registered.map((m) => `    ${modelVersionText(m)}${deployedText(graph, deployments, m.id)}`));
  if (graph.edges.length === 0) lines.push(pc.dim("  no task produced or used it"));
  return lines.join("\n");
}
