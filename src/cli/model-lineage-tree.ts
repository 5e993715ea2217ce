/**
 * A model version's upstream as an indented tree: artifact, producing task, its params and
 * inputs, their producers… and, for a run a monitor's alert started, the loop behind it: the
 * trigger's event, the monitoring report, the deployment it watched and the version that served.
 */
import pc from "picocolors";
import { bytesText, shortDigest, statusText, valueText } from "./format.ts";
import type { DeploymentNode, LineageGraph, ModelVersionNode, MonitorReportNode, TaskNode, TriggerEventNode } from "../inspect/lineage-graph.ts";
import { deployedText, modelVersionText, nodesOf } from "./lineage-tree.ts";

export function renderModelLineage(graph: LineageGraph, version: ModelVersionNode): string {
  const { tasks, artifacts, deployments, models, triggers, reports } = nodesOf(graph);
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
    // Under the run's first task shown (the one nearest the model): what started the run.
    const started = graph.edges.find((e) => e.kind === "triggered" && e.to === task.id && !shown.has(e.from));
    if (started) triggerLines(triggers.get(started.from) as TriggerEventNode, `${indent}  `);
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

  const triggerLines = (event: TriggerEventNode, indent: string) => {
    lines.push(`${indent}${pc.dim("started by")} ${event.source}  ${pc.dim(`(trigger ${event.trigger})`)}`);
    shown.add(event.id);
    for (const alerted of graph.edges.filter((e) => e.kind === "alerted" && e.to === event.id)) {
      const report = reports.get(alerted.from) as MonitorReportNode;
      const verdict = [report.driftDetected ? "drift detected" : "", report.performanceDropped ? "performance dropped" : ""].filter(Boolean).join(", ");
      lines.push(
        `${indent}  ${pc.dim("alert of")} monitoring report ${report.monitor} window ${report.window}  ${report.from} – ${report.to}, ${report.rows} rows, drift share ${report.driftShare}${verdict ? `: ${verdict}` : ""}`,
      );
      for (const watched of graph.edges.filter((e) => e.kind === "monitored" && e.to === report.id)) {
        const deployment = deployments.get(watched.from) as DeploymentNode;
        lines.push(`${indent}    ${pc.dim("watching")} deployment ${deployment.name} (${deployment.stage ?? "deleted"})`);
        for (const served of graph.edges.filter((e) => e.kind === "deployed" && e.to === deployment.id && e.from !== version.id)) {
          if (shown.has(served.from)) continue;
          shown.add(served.from);
          const model = models.get(served.from) as ModelVersionNode;
          lines.push(`${indent}      ${pc.dim("served")} ${modelVersionText(model)}  from run ${model.runId}`);
          const artifact = graph.edges.find((e) => e.kind === "registered" && e.to === model.id);
          if (artifact) artifactLines(artifact.from, `${indent}        `, `${pc.dim("artifact")} `);
        }
      }
    }
  };

  shown.add(version.id);
  const registered = graph.edges.find((e) => e.kind === "registered" && e.to === version.id);
  if (registered) artifactLines(registered.from, "  ", `${pc.dim("artifact")} `);
  return lines.join("\n");
}
