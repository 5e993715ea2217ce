/**
 * The run's graph: one node per task instance (a loop's iterations each their own), edges from
 * the IR's `dependsOn`, laid out in columns by depth. A wide fan-out (a loop of a thousand
 * iterations) is wrapped into a grid within its column, so the graph stays readable.
 */
import type { PipelineIR, Task } from "../../api/types.ts";

export interface LaidNode {
  id: string;
  x: number;
  y: number;
}

export interface Layout {
  nodes: LaidNode[];
  edges: { id: string; source: string; target: string }[];
}

const COLUMN = 220;
const ROW = 64;
/** Most nodes stacked in one column before it wraps into another. */
const TALL = 24;

/** The tasks `task` waits for, as instance names present in the run. */
function sources(task: Task, ir: PipelineIR | undefined, byNode: Map<string, Task[]>): string[] {
  const spec = ir?.tasks[task.node];
  if (!spec) return [];
  const out: string[] = [];
  const loop = spec.loop;
  const inLoopDeps = spec.dependsOn.filter((dep) => ir.tasks[dep]?.loop === loop && loop !== undefined);
  let deps = spec.dependsOn.filter((dep) => dep !== loop);
  // A loop's first tasks wait for what the loop waits for.
  if (loop !== undefined && inLoopDeps.length === 0) deps = [...deps, ...(ir.loops[loop]?.dependsOn ?? [])];
  for (const dep of deps) {
    if (ir.loops[dep]) {
      // Waiting for a whole loop: every iteration's last tasks (those no other task of the loop waits for).
      const members = Object.entries(ir.tasks).filter(([, t]) => t.loop === dep);
      const waitedFor = new Set(members.flatMap(([, t]) => t.dependsOn));
      for (const [name] of members) if (!waitedFor.has(name)) out.push(...(byNode.get(name) ?? []).map((t) => t.name));
    } else if (loop !== undefined && ir.tasks[dep]?.loop === loop) {
      // The same iteration of a task of the same loop.
      const same = (byNode.get(dep) ?? []).find((t) => t.iteration === task.iteration);
      if (same) out.push(same.name);
    } else {
      out.push(...(byNode.get(dep) ?? []).map((t) => t.name));
    }
  }
  return out;
}

export function layoutDag(tasks: Task[], ir: PipelineIR | undefined): Layout {
  const byNode = new Map<string, Task[]>();
  for (const task of tasks) byNode.set(task.node, [...(byNode.get(task.node) ?? []), task]);
  const edges: Layout["edges"] = [];
  const parents = new Map<string, string[]>();
  for (const task of tasks) {
    const from = sources(task, ir, byNode);
    parents.set(task.name, from);
    for (const source of from) edges.push({ id: `${source}->${task.name}`, source, target: task.name });
  }
  // Depth: the longest path from a task with no parents (tasks come in creation order, parents first, mostly).
  const depth = new Map<string, number>();
  const depthOf = (name: string, seen: Set<string>): number => {
    const known = depth.get(name);
    if (known !== undefined) return known;
    if (seen.has(name)) return 0;
    seen.add(name);
    const d = Math.max(-1, ...(parents.get(name) ?? []).map((p) => depthOf(p, seen))) + 1;
    depth.set(name, d);
    return d;
  };
  const columns: string[][] = [];
  for (const task of tasks) {
    const d = depthOf(task.name, new Set());
    const column = columns[d] ?? [];
    column.push(task.name);
    columns[d] = column;
  }
  const nodes: LaidNode[] = [];
  let x = 0;
  for (const column of columns) {
    if (!column) continue;
    const wide = Math.max(1, Math.ceil(column.length / TALL));
    const tall = Math.ceil(column.length / wide);
    column.forEach((id, i) => {
      nodes.push({ id, x: x + Math.floor(i / tall) * COLUMN, y: (i % tall) * ROW - (tall * ROW) / 2 });
    });
    x += wide * COLUMN + (wide > 1 ? COLUMN / 2 : 0);
  }
  return { nodes, edges };
}
