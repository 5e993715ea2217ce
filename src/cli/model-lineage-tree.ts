/** A model version's upstream as an indented tree: artifact, producing task, its params and inputs, their producers… */
import pc from "picocolors";
import { bytesText, shortDigest, statusText, valueText } from "./format.ts";
import type { LineageGraph, ModelVersionNode, TaskNode } from "../inspect/lineage-graph.ts";
import { deployedText, modelVersionText, nodesOf } from "./lineage-tree.ts";

export function renderModelLineage(graph: LineageGraph, version: ModelVersionNode): string {
  const { tasks, artifacts, deployments } = nodesOf(graph);
  const lines = [`${pc.bold(modelVersionText(version))}  from run ${version.runId}${deployedText(graph, deployments, version.id)}`];
  // A task reached along two paths (one dataset feeding two branches) is shown in full once.
  const shown = new Set<string>();

  const artifactLines = (id: string, indent: string, label: string) => {
    const a = artifacts.get(id);
    if (!a) return;
    lines.push(`${indent}${label}${a.type}  ${shortDigest(a.digest)}  ${bytesText(a.size)}`);
    for (const edge of graph.edges.filter((e) => e.kind === "output" && e.to === id)) {
      taskLines(tasks.get(edge.from) as TaskNode, `${indent}  `, edge.cached);
    }
  };

  const taskLines = (task: TaskNode, indent: string, cached: boolean) => {
    const note = cached ? pc.dim("  (reused from the cache)") : "";
    lines.push(`${indent}${pc.dim("produced by")} ${task.name}  run ${task.runId} (${task.pipeline})  ${statusText(task.status)}${note}`);
    if (shown.has(task.id)) {
      lines.push(`${indent}  ${pc.dim("(shown above)")}`);
      return;
    }
    shown.add(task.id);
    const files = task.files ?? {};
    const params = Object.entries(task.params ?? {}).filter(([name]) => !(name in files));
    if (params.length) lines.push(`${indent}  ${pc.dim("params")} ${params.map(([k, v]) => `${k}=${valueText(v)}`).join(", ")}`);
    for (const [name, digest] of Object.entries(files)) {
      lines.push(`${indent}  ${pc.dim("file")}   ${name} ${valueText(task.params?.[name])}  ${digest === "missing" ? digest : shortDigest(digest)}`);
    }
    for (const edge of graph.edges.filter((e) => e.kind === "input" && e.to === task.id)) {
      artifactLines(edge.from, `${indent}  `, `${pc.dim("in")} ${edge.name}  `);
    }
  };

  const registered = graph.edges.find((e) => e.kind === "registered" && e.to === version.id);
  if (registered) artifactLines(registered.from, "  ", `${pc.dim("artifact")} `);
  return lines.join("\n");
}
