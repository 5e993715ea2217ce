/** Lays a lineage graph out left to right: each node one column further than the furthest node that leads to it. */
import type { DrawnGraph } from "./monitoring-reports.ts";

export const COLUMN = 240;
export const ROW = 72;

export function layoutLineage(graph: DrawnGraph): Map<string, { x: number; y: number }> {
  const incoming = new Map<string, string[]>(graph.nodes.map((n) => [n.id, []]));
  for (const e of graph.edges) incoming.get(e.to)?.push(e.from);
  const depth = new Map<string, number>();
  // Lineage has no cycles (an output is recorded after its inputs); `visiting` guards a damaged store anyway.
  const visiting = new Set<string>();
  const depthOf = (id: string): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) return 0;
    visiting.add(id);
    const d = Math.max(-1, ...(incoming.get(id) ?? []).map(depthOf)) + 1;
    visiting.delete(id);
    depth.set(id, d);
    return d;
  };
  const rows = new Map<number, number>();
  const at = new Map<string, { x: number; y: number }>();
  for (const node of graph.nodes) {
    const d = depthOf(node.id);
    const row = rows.get(d) ?? 0;
    rows.set(d, row + 1);
    at.set(node.id, { x: d * COLUMN, y: row * ROW });
  }
  return at;
}
