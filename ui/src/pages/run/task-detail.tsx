/** One task: its status and error, attempts and timings, cache verdict, params, inputs and outputs, and its log. */
import { useState } from "react";
import { download, segment } from "../../api/client.ts";
import type { ArtifactUse, Attempt, CacheExplanation, Json, Task } from "../../api/types.ts";
import { useFetch } from "../../api/use-fetch.ts";
import { ErrorNote } from "../../components/error-note.tsx";
import { formatBytes, formatDuration, formatTime, formatValue } from "../../components/format.ts";
import { Status } from "../../components/status.tsx";
import { Link } from "../../router.tsx";
import { TaskLogs } from "./task-logs.tsx";

function CacheVerdict({ runId, task }: { runId: string; task: Task }) {
  // Asked again when the task changes state: a verdict is known only once it had its key.
  const cache = useFetch<CacheExplanation>(`/runs/${runId}/tasks/${segment(task.name)}/cache`, task.status);
  if (cache.error !== undefined) return <ErrorNote error={cache.error} title="Cache" />;
  const c = cache.data;
  if (!c) return null;
  let text: React.ReactNode;
  if (c.verdict === "hit") {
    text = (
      <>
        hit: outputs reused from <Link href={`/runs/${c.source.runId}?task=${encodeURIComponent(c.source.task)}`}>{c.source.task} of run {c.source.runId}</Link>
      </>
    );
  } else if (c.verdict === "first") text = "miss: no earlier run of this pipeline has this task";
  else if (c.verdict === "no-key") text = `no cache lookup (the task is ${c.status})`;
  else {
    text = (
      <>
        miss against <Link href={`/runs/${c.previous.runId}?task=${encodeURIComponent(c.previous.task)}`}>run {c.previous.runId}</Link>
        {c.changes.length > 0 ? (
          <ul>
            {c.changes.map((change) => (
              <li key={change}>{change}</li>
            ))}
          </ul>
        ) : (
          `: ${c.reason}`
        )}
      </>
    );
  }
  return <div className="cache-verdict">{text}</div>;
}

function DownloadButton({ artifactId, label }: { artifactId: string; label: string }) {
  const [error, setError] = useState<unknown>();
  return (
    <>
      <button type="button" aria-label={`download ${label}`} onClick={() => download(artifactId).then(() => setError(undefined), setError)}>
        Download
      </button>
      {error !== undefined && <ErrorNote error={error} title="The download failed" />}
    </>
  );
}

function KeyValues({ values, label }: { values: Record<string, Json>; label: string }) {
  const entries = Object.entries(values);
  if (entries.length === 0) return null;
  return (
    <table className="kv" aria-label={label}>
      <tbody>
        {entries.map(([key, value]) => (
          <tr key={key}>
            <th scope="row">{key}</th>
            <td className="mono">{formatValue(value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function TaskDetail({ runId, task, artifacts }: { runId: string; task: Task; artifacts: ArtifactUse[] }) {
  const detail = useFetch<{ task: Task; attempts: Attempt[] }>(`/runs/${runId}/tasks/${segment(task.name)}`, `${task.status} ${task.attempts}`);
  const parts = task.cacheKeyParts as { params?: Record<string, Json> } | null;
  const uses = artifacts.filter((a) => a.task === task.name);
  return (
    <section className="task-detail" aria-labelledby="task-title">
      <h2 id="task-title">
        Task <span className="mono">{task.name}</span> <Status status={task.status} />
      </h2>
      {task.error && (
        <div className="error-note task-error" role="alert">
          {task.error}
        </div>
      )}
      <p>
        Started {formatTime(task.startedAt)} · took {formatDuration(task.startedAt, task.endedAt)}
      </p>
      <h3>Cache</h3>
      <CacheVerdict runId={runId} task={task} />
      <h3>Attempts</h3>
      {detail.error !== undefined && <ErrorNote error={detail.error} />}
      <table aria-label="attempts">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Status</th>
            <th scope="col">Started</th>
            <th scope="col">Took</th>
            <th scope="col">Error</th>
          </tr>
        </thead>
        <tbody>
          {(detail.data?.attempts ?? []).map((a) => (
            <tr key={a.id}>
              <td>{a.number}</td>
              <td>
                <Status status={a.status} />
              </td>
              <td>{formatTime(a.startedAt)}</td>
              <td>{formatDuration(a.startedAt, a.endedAt)}</td>
              <td className="small">{a.error ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {parts?.params && (
        <>
          <h3>Parameters</h3>
          <KeyValues values={parts.params} label="parameters" />
        </>
      )}
      {task.outputs && Object.keys(task.outputs).length > 0 && (
        <>
          <h3>Output values</h3>
          <KeyValues values={task.outputs} label="output values" />
        </>
      )}
      {uses.length > 0 && (
        <>
          <h3>Artifacts</h3>
          <table aria-label="artifacts">
            <tbody>
              {uses.map((use) => (
                <tr key={`${use.kind}:${use.name}:${use.artifact.id}`}>
                  <td>{use.kind}</td>
                  <th scope="row">
                    <Link href={`/artifacts/${encodeURIComponent(use.artifact.id)}`}>{use.name}</Link>
                  </th>
                  <td>{use.artifact.type}</td>
                  <td>{formatBytes(use.artifact.size)}</td>
                  <td className="mono small">{use.artifact.digest.slice(0, 19)}…</td>
                  <td>
                    <DownloadButton artifactId={use.artifact.id} label={`${use.kind} ${use.name}`} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <TaskLogs runId={runId} task={task.name} />
    </section>
  );
}
