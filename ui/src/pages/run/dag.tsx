/** The run's DAG (@xyflow/react): one node per task instance, coloured by its status, which the live events change in place. */
import { Background, Controls, type Edge, type Node, Position, ReactFlow } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useMemo } from "react";
import type { PipelineIR, Task } from "../../api/types.ts";
import { layoutDag } from "./dag-layout.ts";

/** Every node's size and handles, given rather than measured: a thousand nodes then draw in one pass (see .task-node in styles.css). */
const WIDTH = 180;
const HEIGHT = 36;
const HANDLES = [
  { type: "target" as const, position: Position.Left, x: 0, y: HEIGHT / 2, width: 1, height: 1 },
  { type: "source" as const, position: Position.Right, x: WIDTH, y: HEIGHT / 2, width: 1, height: 1 },
];

interface Props {
  tasks: Task[];
  ir: PipelineIR | undefined;
  selected: string | undefined;
  onSelect(name: string): void;
}

export function Dag({ tasks, ir, selected, onSelect }: Props) {
  // Laid out again only when tasks are added (a loop's iterations), not when one changes status.
  const names = tasks.map((t) => t.name).join("\n");
  // biome-ignore lint/correctness/useExhaustiveDependencies: `names` stands for the set of tasks, which is all the layout reads
  const layout = useMemo(() => layoutDag(tasks, ir), [names, ir]);
  const statuses = tasks.map((t) => t.status).join("\n");
  // biome-ignore lint/correctness/useExhaustiveDependencies: `statuses` stands for the tasks' states, which is all the nodes read of them
  const nodes = useMemo((): Node[] => {
    const status = new Map(tasks.map((t) => [t.name, t.status]));
    return layout.nodes.map(({ id, x, y }) => ({
      id,
      position: { x, y },
      data: { label: id },
      className: `task-node status-${status.get(id)}${id === selected ? " selected-task" : ""}`,
      ariaLabel: `task ${id}: ${status.get(id)}`,
      sourcePosition: Position.Right,
      targetPosition: Position.Left,
      width: WIDTH,
      height: HEIGHT,
      handles: HANDLES,
      connectable: false,
      draggable: false,
    }));
  }, [layout, statuses, selected]);
  const edges = useMemo((): Edge[] => layout.edges.map((e) => ({ ...e, focusable: false })), [layout]);
  return (
    <div className="dag" data-testid="dag">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        fitView
        fitViewOptions={{ maxZoom: 1 }}
        minZoom={0.02}
        onlyRenderVisibleElements
        nodesConnectable={false}
        nodesDraggable={false}
        onNodeClick={(_, node) => onSelect(node.id)}
        proOptions={{ hideAttribution: true }}
      >
        <Background />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
