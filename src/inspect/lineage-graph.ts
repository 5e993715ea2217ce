/**
 * Lineage as a graph of tasks, artifacts and model versions: an "input" edge runs from an
 * artifact to a task that used it, an "output" edge from a task to an artifact it produced (or
 * reused from the cache), a "registered" edge from an artifact to a model version made of it,
 * a "deployed" edge from a model version to a deployment a change put it into. Upstream of a
 * model version trained by a run a monitor's alert started, the continuous-training loop: a
 * "triggered" edge from the trigger's event to the run's tasks, an "alerted" edge from the
 * monitoring report (a monitor's window) that raised the alert, a "monitored" edge from the
 * deployment it watched, and on up through the model version that deployment served.
 */
import type { CacheKeyParts } from "../engine/cache-key.ts";
import type { DeploymentStage } from "../store/deployment-types.ts";
import type { ModelVersionRecord } from "../store/registry-types.ts";
import { TRIGGER_EVENT_TAG } from "../store/trigger-types.ts";
import type { Json } from "../json.ts";
import type { ArtifactRecord, MetadataStore, RunRecord, TaskRecord, TaskStatus } from "../store/types.ts";

export interface TaskNode {
  id: string;
  kind: "task";
  name: string;
  runId: string;
  pipeline: string;
  status: TaskStatus;
  /** Parameter values as given, and the content digest of each `param.file()` input, once the task had a cache key. */
  params?: Record<string, Json>;
  files?: Record<string, string>;
}

export interface ArtifactNode {
  id: string;
  kind: "artifact";
  digest: string;
  type: string;
  size: number;
  mediaType: string;
}

/**
 * An artifact record without where its content lives: what lineage needs, and what a server
 * tells (it never shows its own file paths).
 */
export type ArtifactView = Omit<ArtifactRecord, "uri">;

/** Its id is the version's URI, `models:/name/3`. */
export interface ModelVersionNode {
  id: string;
  kind: "model";
  model: string;
  version: number;
  aliases: string[];
  digest: string;
  runId: string;
}

/** Its id is `deployments:/name`. */
export interface DeploymentNode {
  id: string;
  kind: "deployment";
  name: string;
  /** Null when the deployment was deleted after it served the version. */
  stage: DeploymentStage | null;
}

/** A trigger's event that started a run. Its id is `triggers:/<trigger>/<event id>`. */
export interface TriggerEventNode {
  id: string;
  kind: "trigger";
  trigger: string;
  /** What the run's `trigger` says: `drift:churn-monitor@3`. */
  source: string;
  runId: string | null;
}

/** A monitor's judged window: its report. Its id is `monitors:/<monitor>/<window number>`. */
export interface MonitorReportNode {
  id: string;
  kind: "report";
  monitor: string;
  window: number;
  from: string;
  to: string;
  rows: number;
  driftShare: number;
  driftDetected: boolean;
  performanceDropped: boolean | null;
  /** The report's JSON and HTML artifacts (`conveyor artifacts`), when stored. */
  reportArtifactId: string | null;
  htmlArtifactId: string | null;
}

export interface LineageEdge {
  from: string;
  to: string;
  kind: "input" | "output" | "registered" | "deployed" | "monitored" | "alerted" | "triggered";
  /**
   * The input or output name on the task; the model's name for "registered"; for "deployed",
   * the change that put the version in (create, canary, shadow, ab, promote, rollback); the
   * monitor's name for "monitored"; "drift" or "performance" for "alerted"; the event's source
   * for "triggered".
   */
  name: string;
  /** An output recorded by a cache hit rather than by an attempt. */
  cached: boolean;
}

export type LineageNode = TaskNode | ArtifactNode | ModelVersionNode | DeploymentNode | TriggerEventNode | MonitorReportNode;

export interface LineageGraph {
  nodes: LineageNode[];
  edges: LineageEdge[];
}

/** What `conveyor lineage` was asked about: a run, one artifact content (its records), or a model version. */
export type LineageTarget = { run: RunRecord } | { artifacts: ArtifactView[] } | { version: ModelVersionRecord };

export function lineageOf(store: MetadataStore, target: LineageTarget): Promise<LineageGraph> {
  if ("run" in target) return runLineage(store, target.run);
  if ("version" in target) return modelLineage(store, target.version);
  return artifactLineage(store, target.artifacts);
}

interface Event {
  taskId: string;
  attemptId: string | null;
  kind: "input" | "output";
  name: string;
}

/** Builds a graph from lineage events, each node and edge once (a retried task records its inputs again). */
class LineageBuilder {
  private readonly nodes = new Map<string, LineageNode>();
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
    const parts = task.cacheKeyParts as CacheKeyParts | null;
    const key = parts ? { params: parts.params, files: parts.files ?? {} } : {};
    this.nodes.set(task.id, { id: task.id, kind: "task", name: task.name, runId: task.runId, pipeline, status: task.status, ...key });
  }

  has(id: string): boolean {
    return this.nodes.has(id);
  }

  addArtifact(a: ArtifactView): void {
    this.nodes.set(a.id, { id: a.id, kind: "artifact", digest: a.digest, type: a.type, size: a.size, mediaType: a.mediaType });
  }

  /** The version, and downstream of it the deployments it was put into. */
  async addModelVersion(v: ModelVersionRecord, artifactId: string): Promise<void> {
    const id = `models:/${v.model}/${v.version}`;
    this.nodes.set(id, { id, kind: "model", model: v.model, version: v.version, aliases: v.aliases, digest: v.digest, runId: v.runId });
    this.edges.set(`${artifactId} ${id}`, { from: artifactId, to: id, kind: "registered", name: v.model, cached: false });
    for (const event of await this.store.versionDeployments(v.model, v.version)) {
      const to = await this.addDeployment(event.deployment);
      const key = `${id} ${to} deployed ${event.kind}`;
      if (!this.edges.has(key)) this.edges.set(key, { from: id, to, kind: "deployed", name: event.kind, cached: false });
    }
  }

  async addDeployment(name: string): Promise<string> {
    const id = `deployments:/${name}`;
    if (!this.nodes.has(id)) {
      const deployment = await this.store.getDeployment(name);
      this.nodes.set(id, { id, kind: "deployment", name, stage: deployment?.stage ?? null });
    }
    return id;
  }

  /**
   * Upstream of the task's run when a trigger's event started it: the event, the monitoring
   * report whose alert it was, the deployment watched, and the model version that deployment
   * served (returned, for the caller to follow on up).
   */
  async addTrigger(task: TaskRecord): Promise<ModelVersionRecord | undefined> {
    const eventId = (await this.store.getRunTags(task.runId))[TRIGGER_EVENT_TAG];
    const event = eventId === undefined ? undefined : await this.store.getTriggerEvent(eventId);
    if (!event) return undefined;
    const id = `triggers:/${event.trigger}/${event.id}`;
    this.edges.set(`${id} ${task.id}`, { from: id, to: task.id, kind: "triggered", name: event.source, cached: false });
    if (this.nodes.has(id)) return undefined;
    this.nodes.set(id, { id, kind: "trigger", trigger: event.trigger, source: event.source, runId: event.runId });
    const windowId = event.payload.windowId;
    const window = typeof windowId === "string" ? await this.store.getMonitorWindow(windowId) : undefined;
    if (!window) return undefined;
    const report = `monitors:/${window.monitor}/${window.seq}`;
    this.nodes.set(report, {
      id: report,
      kind: "report",
      monitor: window.monitor,
      window: window.seq,
      from: window.from.toISOString(),
      to: window.to.toISOString(),
      rows: window.rows,
      driftShare: window.driftShare,
      driftDetected: window.driftDetected,
      performanceDropped: window.performanceDropped,
      reportArtifactId: window.reportArtifactId,
      htmlArtifactId: window.htmlArtifactId,
    });
    this.edges.set(`${report} ${id}`, { from: report, to: id, kind: "alerted", name: window.driftDetected ? "drift" : "performance", cached: false });
    if (window.deployment !== null) {
      const deployment = await this.addDeployment(window.deployment);
      this.edges.set(`${deployment} ${report}`, { from: deployment, to: report, kind: "monitored", name: window.monitor, cached: false });
    }
    if (window.version === null) return undefined;
    const served = await this.store.getModelVersion(window.model, window.version);
    return served && !this.nodes.has(`models:/${served.model}/${served.version}`) ? served : undefined;
  }

  /** Downstream: the model versions registered from the artifact. */
  async addRegistrations(artifactId: string): Promise<void> {
    for (const v of await this.store.artifactModelVersions(artifactId)) await this.addModelVersion(v, artifactId);
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
      if (event.kind === "output") await builder.addRegistrations(event.artifact.id);
    }
  }
  return builder.graph();
}

/** The artifact records (one content, possibly several records) with the tasks that produced and used them. */
export async function artifactLineage(store: MetadataStore, artifacts: ArtifactView[]): Promise<LineageGraph> {
  const builder = new LineageBuilder(store);
  for (const artifact of artifacts) {
    builder.addArtifact(artifact);
    await builder.addRegistrations(artifact.id);
    for (const event of await store.artifactLineage(artifact.id)) {
      await builder.addTask(event.task);
      builder.addEvent(event, artifact.id);
    }
  }
  return builder.graph();
}

/**
 * Upstream of a model version: its artifact, the task that produced it (with its params and
 * input files), that task's input artifacts, the tasks that produced those, and so on.
 */
export async function modelLineage(store: MetadataStore, version: ModelVersionRecord): Promise<LineageGraph> {
  const builder = new LineageBuilder(store);
  await addUpstream(store, builder, version);
  return builder.graph();
}

/** A model version's upstream; through a trigger's event, the upstream of the version its monitor watched too. */
async function addUpstream(store: MetadataStore, builder: LineageBuilder, version: ModelVersionRecord): Promise<void> {
  const artifact = await store.getArtifact(version.artifactId);
  // The registry refers to the record, so it is never collected while the version exists.
  if (!artifact) throw new Error(`artifact ${version.artifactId} of ${version.model}/${version.version} is missing from the store`);
  builder.addArtifact(artifact);
  await builder.addModelVersion(version, artifact.id);
  const pending = await producers(store, artifact.id, version.taskId);
  while (pending.length > 0) {
    const task = pending.pop() as TaskRecord;
    if (builder.has(task.id)) continue;
    await builder.addTask(task);
    for (const event of await store.taskLineage(task.id)) {
      // Only what led to this model: the task's other outputs are not its upstream.
      if (event.kind === "output" && !builder.has(event.artifact.id)) continue;
      builder.addArtifact(event.artifact);
      builder.addEvent(event, event.artifact.id);
      if (event.kind === "input") pending.push(...(await producers(store, event.artifact.id)));
    }
    const watched = await builder.addTrigger(task);
    if (watched) await addUpstream(store, builder, watched);
  }
}

/** The tasks that produced the artifact record, or only `taskId` when the registry names the task. */
async function producers(store: MetadataStore, artifactId: string, taskId?: string | null): Promise<TaskRecord[]> {
  if (taskId) {
    const task = await store.getTask(taskId);
    return task ? [task] : [];
  }
  const events = await store.artifactLineage(artifactId);
  return events.filter((e) => e.kind === "output").map((e) => e.task);
}
