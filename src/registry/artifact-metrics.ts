/**
 * The metrics a model version records: those its run computed on that very artifact, found
 * through lineage. Not the run's other metrics: a run that trains and evaluates two models
 * holds both models' test scores, and only one pair describes the version.
 */
import type { MetadataStore } from "../store/types.ts";

/**
 * The latest metrics of the task that produced the artifact (a tracking run's "main", which
 * logs what it computed on the model it saves) and of the tasks of the same run that read it
 * (evaluations, cached or not). Each is recorded under its name where one of those tasks
 * logged it, else as "<task>.<name>" for each task that did.
 */
export async function artifactMetrics(
  store: Pick<MetadataStore, "latestMetrics" | "artifactLineage">,
  runId: string,
  producer: string,
  artifactId: string,
): Promise<Record<string, number>> {
  const readers = (await store.artifactLineage(artifactId)).filter((e) => e.kind === "input" && e.task.runId === runId).map((e) => e.task.name);
  const tasks = new Set([producer, ...readers]);
  const latest = await store.latestMetrics(runId);
  const found = Object.entries(latest)
    .filter(([task]) => tasks.has(task))
    .flatMap(([task, values]) => Object.entries(values).map(([name, value]) => ({ task, name, value })));
  const loggers = new Map<string, number>();
  for (const { name } of found) loggers.set(name, (loggers.get(name) ?? 0) + 1);
  return Object.fromEntries(found.map(({ task, name, value }) => [loggers.get(name) === 1 ? name : `${task}.${name}`, value]));
}
