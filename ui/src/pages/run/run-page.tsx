/** A run: its DAG drawn from the IR and coloured live, its tasks, the selected task's detail, and its actions. */
import { useCallback, useMemo } from "react";
import { ApiError } from "../../api/client.ts";
import type { ArtifactUse, Page, PipelineIR } from "../../api/types.ts";
import { useFetch } from "../../api/use-fetch.ts";
import { ErrorNote } from "../../components/error-note.tsx";
import { formatDuration, formatTime, formatValue } from "../../components/format.ts";
import { Status } from "../../components/status.tsx";
import { useTitle } from "../../components/title.ts";
import { Link, navigate } from "../../router.tsx";
import { Dag } from "./dag.tsx";
import { RunActions } from "./run-actions.tsx";
import { TaskList } from "./task-list.tsx";
import { TaskDetail } from "./task-detail.tsx";
import { useRunLive } from "./use-run-live.ts";

export function RunPage({ runId, selected }: { runId: string; selected: string | undefined }) {
  useTitle(`Run ${runId}`);
  const live = useRunLive(runId);
  const run = live.run;
  const pipeline = useFetch<{ ir: PipelineIR }>(run ? `/pipelines/${encodeURIComponent(run.pipelineDigest)}` : undefined);
  // Read again as the run goes on: a task's artifacts are recorded when it ends.
  const ended = [...live.tasks.values()].filter((t) => t.endedAt !== null).length;
  const artifacts = useFetch<Page<ArtifactUse>>(run ? `/runs/${run.id}/artifacts?limit=1000` : undefined, String(ended));
  const tasks = useMemo(() => [...live.tasks.values()], [live.tasks]);
  const shownId = run?.id ?? runId;
  const select = useCallback((name: string) => navigate(`/runs/${shownId}?task=${encodeURIComponent(name)}`, true), [shownId]);

  if (live.error !== undefined && !run) {
    const missing = live.error instanceof ApiError && live.error.status === 404;
    return (
      <section>
        <h1>Run {runId}</h1>
        <ErrorNote error={live.error} title={missing ? "No such run" : "The run could not be read"} />
        <p>
          <Link href="/">All runs</Link>
        </p>
      </section>
    );
  }
  if (!run) return <p aria-busy="true">Loading run {runId}…</p>;
  const task = selected ? live.tasks.get(selected) : undefined;
  return (
    <section aria-labelledby="run-title">
      <h1 id="run-title">
        Run <span className="mono">{run.id}</span> <Status status={run.status} />
      </h1>
      {!live.connected && (
        <div className="banner" role="status">
          Lost the connection to the server; reconnecting…
        </div>
      )}
      <dl className="facts">
        <dt>Pipeline</dt>
        <dd>{run.pipelineName}</dd>
        <dt>Experiment</dt>
        <dd>{run.experiment}</dd>
        <dt>Trigger</dt>
        <dd>{run.trigger}</dd>
        <dt>Created</dt>
        <dd>{formatTime(run.createdAt)}</dd>
        <dt>Duration</dt>
        <dd>{formatDuration(run.startedAt, run.endedAt)}</dd>
        <dt>Lineage</dt>
        <dd>
          <Link href={`/lineage?run=${encodeURIComponent(run.id)}`}>its artifacts, models and deployments</Link>
        </dd>
        <dt>Params</dt>
        <dd className="mono">
          {Object.entries(run.params)
            .map(([k, v]) => `${k}=${formatValue(v)}`)
            .join(" ") || "—"}
        </dd>
      </dl>
      {run.error && (
        <div className="error-note" role="alert">
          {run.error}
        </div>
      )}
      <RunActions run={run} />
      {pipeline.error !== undefined && <ErrorNote error={pipeline.error} title="The pipeline's IR could not be read; the graph has no edges" />}
      <div className="run-body">
        {/* Drawn once the IR is read (or could not be): drawing before would lay a thousand nodes out twice.
            A run logged with the tracking API stores a marker, not a pipeline: its task stands alone. */}
        {pipeline.data || pipeline.error !== undefined ? (
          <Dag tasks={tasks} ir={pipeline.data?.ir.tasks ? pipeline.data.ir : undefined} selected={selected} onSelect={select} />
        ) : (
          <div className="dag" aria-busy="true" />
        )}
        <TaskList tasks={tasks} selected={selected} onSelect={select} />
      </div>
      {task && <TaskDetail runId={run.id} task={task} artifacts={artifacts.data?.items ?? []} />}
      {selected && !task && <ErrorNote error={`run ${run.id} has no task "${selected}"`} />}
    </section>
  );
}
