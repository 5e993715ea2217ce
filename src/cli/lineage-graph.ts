/**
 * Lineage as a graph of tasks and artifacts: an "input" edge runs from an artifact to a task
 * that used it, an "output" edge from a task to an artifact it produced (or reused from the cache).
 */
import type { ArtifactRecord, MetadataStore, RunRecord, TaskRecord, TaskStatus } from "../store/types.ts";

export interface TaskNode {
  id: string;
  kind: "task";
  name: string;
  runId: string;
  pipeline: string;
  status: TaskStatus;
}

export interface ArtifactNode {
  id: string;
  kind: "artifact";
  digest: string;
  type: string;
  size: number;
  mediaType: string;
  uri: string;
}

export interface LineageEdge {
  from: string;
  to: string;
  kind: "input" | "output";
  /** The input or output name on the task. */
  name: string;
  /** An output recorded by a cache hit rather than by an attempt. */
  cached: boolean;
}

export interface LineageGraph {
  nodes: (TaskNode | ArtifactNode)[];
  edges: LineageEdge[];
}

interface Event {
  taskId: string;
  attemptId: string | null;
  kind: "input" | "output";
  name: string;
}

/** Builds a graph from lineage events, each node and edge once (a retried task records its inputs again). */
class LineageBuilder {
  private readonly nodes = new Map<string, TaskNode | ArtifactNode>();
  private readonly edges = new Map<string, LineageEdge>();
  private readonly pipelines = new Map<string, string>();

  constructor(private readonly store: MetadataStore) {}

  async addTask(task: TaskRecord, run?: RunRecord): Promise<void> {
    if (this.nodes.has(task.id)) return;
    if (run) this.pipelines.set(run.id, run.pipelineName);
    let pipeline = this.pipelines.get(task.runId);
    if (pipeline === undefined) {
      pipeline = (await this.store.getRun(task.runId))?.pipelineName ?? "?";
      this.pipelines.set(task.runId, pipeline);
    }
    this.nodes.set(task.id, { id: task.id, kind: "task", name: task.name, runId: task.runId, pipeline, status: task.status });
  }

  addArtifact(a: ArtifactRecord): void {
    this.nodes.set(a.id, { id: a.id, kind: "artifact", digest: a.digest, type: a.type, size: a.size, mediaType: a.mediaType, uri: a.uri });
  }

  addEvent(e: Event, artifactId: string): void {
    const [from, to] = e.kind === "input" ? [artifactId, e.taskId] : [e.taskId, artifactId];
    const key = `${from} ${to} ${e.kind} ${e.name}`;
    if (!this.edges.has(key)) this.edges.set(key, { from, to, kind: e.kind, name: e.name, cached: e.kind === "output" && e.attemptId === null });
  }

  graph(): LineageGraph {
    return { nodes: [...this.nodes.values()], edges: [...this.edges.values()] };
  }
}

/** Every task of the run with the artifacts it used and produced. */
export async function runLineage(store: MetadataStore, run: RunRecord): Promise<LineageGraph> {
  const builder = new LineageBuilder(store);
  for (const task of await store.listTasks(run.id)) {
    await builder.addTask(task, run);
    for (const event of await store.taskLineage(task.id)) {
      builder.addArtifact(event.artifact);
      builder.addEvent(event, event.artifact.id);
    }
  }
  return builder.graph();
}

/** The artifact records (one content, possibly several records) with the tasks that produced and used them. */
export async function artifactLineage(store: MetadataStore, artifacts: ArtifactRecord[]): Promise<LineageGraph> {
  const builder = new LineageBuilder(store);
  for (const artifact of artifacts) {
    builder.addArtifact(artifact);
    for (const event of await store.artifactLineage(artifact.id)) {
      await builder.addTask(event.task);
      builder.addEvent(event, artifact.id);
    }
  }
  return builder.graph();
}
