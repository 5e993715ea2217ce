/**
 * A lineage graph drawn with @xyflow/react: datasets and other artifacts, the tasks of runs that
 * made and used them, model versions, deployments and monitoring reports. Each node is a link to its own page
 * (a keyboard user tabs to it and presses Enter), where a link leads back here.
 */
import { Background, Controls, type Edge, MarkerType, type Node, Position, ReactFlow } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useMemo } from "react";
import { navigate } from "../../router.tsx";
import { layoutLineage } from "./lineage-layout.ts";
import type { DrawnGraph, DrawnNode } from "./monitoring-reports.ts";

/** Where a node leads, and what it says. */
export function describeNode(n: DrawnNode): { href: string | undefined; label: string } {
  if (n.kind === "report") return { href: `/monitors/${encodeURIComponent(n.monitor)}?window=${n.seq}`, label: `report ${n.monitor}@${n.seq}${n.drifted ? " (drifted)" : ""}` };
  if (n.kind === "task") return { href: `/runs/${encodeURIComponent(n.runId)}?task=${encodeURIComponent(n.name)}`, label: `${n.pipeline} · ${n.name}` };
  if (n.kind === "artifact") return { href: `/artifacts/${encodeURIComponent(n.id)}`, label: `${n.type} ${n.digest.slice(7, 19)}` };
  if (n.kind === "model") {
    const aliases = n.aliases.length > 0 ? ` @${n.aliases.join(" @")}` : "";
    return { href: `/models/${encodeURIComponent(n.model)}`, label: `${n.model} v${n.version}${aliases}` };
  }
  return { href: undefined, label: `deployment ${n.name}${n.stage ? ` (${n.stage})` : " (removed)"}` };
}

function NodeLabel({ node, focus }: { node: DrawnNode; focus: boolean }) {
  const { href, label } = describeNode(node);
  return (
    <span className={focus ? "focus-node" : undefined} title={label}>
      <span className="node-kind">{node.kind}</span> {href ? <a href={href}>{label}</a> : label}
    </span>
  );
}

export function LineageView({ graph, focus }: { graph: DrawnGraph; focus: Set<string> }) {
  const nodes = useMemo((): Node[] => {
    const at = layoutLineage(graph);
    return graph.nodes.map((n) => ({
      id: n.id,
      position: at.get(n.id) ?? { x: 0, y: 0 },
      data: { label: <NodeLabel node={n} focus={focus.has(n.id)} /> },
      className: `lineage-node kind-${n.kind}${n.kind === "task" ? ` status-${n.status}` : ""}${focus.has(n.id) ? " focused" : ""}`,
      ariaLabel: `${n.kind} ${describeNode(n).label}`,
      sourcePosition: Position.Right,
      targetPosition: Position.Left,
      connectable: false,
      draggable: false,
    }));
  }, [graph, focus]);
  const edges = useMemo(
    (): Edge[] =>
      graph.edges.map((e) => ({
        id: `${e.from} ${e.to} ${e.kind} ${e.name}`,
        source: e.from,
        target: e.to,
        label: e.kind === "input" || e.kind === "output" ? e.name : e.kind,
        animated: e.cached,
        focusable: false,
        markerEnd: { type: MarkerType.ArrowClosed },
      })),
    [graph],
  );
  return (
    <div className="dag lineage" data-testid="lineage">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        fitView
        fitViewOptions={{ maxZoom: 1 }}
        minZoom={0.05}
        nodesConnectable={false}
        nodesDraggable={false}
        onNodeClick={(event, node) => {
          event.preventDefault();
          const target = graph.nodes.find((n) => n.id === node.id);
          const href = target && describeNode(target).href;
          if (href) navigate(href);
        }}
        proOptions={{ hideAttribution: true }}
      >
        <Background />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
