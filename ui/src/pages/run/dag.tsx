/** The run's DAG (@xyflow/react): one node per task instance, coloured by its status, which the live events change in place. */
import { Background, Controls, type Edge, type Node, Position, ReactFlow } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useMemo } from "react";
import type { PipelineIR, Task } from "../../api/types.ts";
import { layoutDag } from "./dag-layout.ts";

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
  const status = new Map(tasks.map((t) => [t.name, t.status]));
  const nodes: Node[] = layout.nodes.map(({ id, x, y }) => ({
    id,
    position: { x, y },
    data: { label: id },
    className: `task-node status-${status.get(id)}${id === selected ? " selected-task" : ""}`,
    ariaLabel: `task ${id}: ${status.get(id)}`,
    sourcePosition: Position.Right,
    targetPosition: Position.Left,
    connectable: false,
    draggable: false,
  }));
  const edges: Edge[] = layout.edges.map((e) => ({ ...e, focusable: false }));
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
