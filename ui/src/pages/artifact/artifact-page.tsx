/** One artifact: its record, a preview fitting its type (a Dataset's rows, Metrics and curves, a model, an HTML report), its lineage and a download. */
import { useEffect, useState } from "react";
import { segment } from "../../api/client.ts";
import { artifactText, downloadArtifact, PREVIEW_LIMIT } from "../../api/content.ts";
import type { ArtifactRecord, Json } from "../../api/types.ts";
import { useFetch } from "../../api/use-fetch.ts";
import { ErrorNote } from "../../components/error-note.tsx";
import { formatBytes, formatTime, formatValue } from "../../components/format.ts";
import { useTitle } from "../../components/title.ts";
import { Link } from "../../router.tsx";
import { DatasetPreview } from "./dataset-preview.tsx";
import { HtmlReport } from "../../components/html-report.tsx";
import { MetricsPreview } from "./metrics-preview.tsx";
import { ModelPreview } from "./model-preview.tsx";

const DATASET_TYPES = new Set(["application/vnd.apache.parquet", "text/csv"]);

type Kind = "dataset" | "metrics" | "model" | "html" | "none";

function previewKind(a: ArtifactRecord): Kind {
  if (DATASET_TYPES.has(a.mediaType)) return "dataset";
  if (a.mediaType.startsWith("text/html")) return "html";
  if (a.mediaType.startsWith("application/json") && a.type === "Metrics") return "metrics";
  if (a.mediaType.startsWith("application/json") && a.type === "Model") return "model";
  return "none";
}

/** Reads the content (only under the preview limit) and shows it as its kind. */
function ContentPreview({ artifact, kind }: { artifact: ArtifactRecord; kind: Exclude<Kind, "dataset" | "none"> }) {
  const [state, setState] = useState<{ text?: string; error?: unknown }>({});
  useEffect(() => {
    const aborted = new AbortController();
    artifactText(artifact.id, aborted.signal).then(
      (text) => setState({ text }),
      (error: unknown) => aborted.signal.aborted || setState({ error }),
    );
    return () => aborted.abort();
  }, [artifact.id]);
  if (state.error !== undefined) return <ErrorNote error={state.error} title="Preview" />;
  if (state.text === undefined) return <p aria-busy="true">Reading the content…</p>;
  if (kind === "html") return <HtmlReport html={state.text} title={`report ${artifact.id}`} />;
  let content: unknown;
  try {
    content = JSON.parse(state.text);
  } catch {
    return <ErrorNote error={new Error(`artifact ${artifact.id} says it is JSON (${artifact.mediaType}) but does not parse as JSON`)} title="Preview" />;
  }
  if (typeof content !== "object" || content === null || Array.isArray(content)) {
    return <pre className="mono">{state.text}</pre>;
  }
  const object = content as { [key: string]: Json };
  return kind === "metrics" ? <MetricsPreview content={object} /> : <ModelPreview content={object} />;
}

function Preview({ artifact }: { artifact: ArtifactRecord }) {
  const kind = previewKind(artifact);
  if (kind === "dataset") return <DatasetPreview artifact={artifact} />;
  if (kind === "none") return <p className="muted">A {artifact.mediaType} file has no preview here; download it to open it.</p>;
  if (artifact.size > PREVIEW_LIMIT) {
    return (
      <p className="banner" role="note">
        This artifact is {formatBytes(artifact.size)}, more than the {formatBytes(PREVIEW_LIMIT)} the dashboard previews; download it to open it.
      </p>
    );
  }
  return <ContentPreview artifact={artifact} kind={kind} />;
}

function Download({ id }: { id: string }) {
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const start = () => {
    setBusy(true);
    setError(undefined);
    downloadArtifact(id).then(
      () => setBusy(false),
      (e: unknown) => {
        setBusy(false);
        setError(e);
      },
    );
  };
  return (
    <>
      <button type="button" onClick={start} disabled={busy}>
        {busy ? "Downloading…" : "Download"}
      </button>
      {error !== undefined && <ErrorNote error={error} title="Download" />}
    </>
  );
}

export function ArtifactPage({ id }: { id: string }) {
  const artifact = useFetch<ArtifactRecord>(`/artifacts/${segment(id)}`);
  const a = artifact.data;
  useTitle(a ? `${a.type} ${a.id}` : `Artifact ${id}`);
  if (artifact.error !== undefined) {
    return (
      <section>
        <h1>Artifact {id}</h1>
        <ErrorNote error={artifact.error} />
        <Link href="/">All runs</Link>
      </section>
    );
  }
  if (!a) return <p aria-busy="true">Loading artifact {id}…</p>;
  // Scalars read as facts; nested values (a schema, a signature) are shown by the preview, and in full on demand.
  const scalars = Object.entries(a.metadata).filter(([, value]) => typeof value !== "object" || value === null);
  const nested = Object.keys(a.metadata).length > scalars.length;
  return (
    <section aria-labelledby="artifact-title">
      <h1 id="artifact-title">
        {a.type} <span className="mono">{a.id}</span>
      </h1>
      <dl className="facts">
        <dt>Digest</dt>
        <dd className="mono small">{a.digest}</dd>
        <dt>Size</dt>
        <dd>{formatBytes(a.size)}</dd>
        <dt>Media type</dt>
        <dd className="mono">{a.mediaType}</dd>
        <dt>Recorded</dt>
        <dd>{formatTime(a.createdAt)}</dd>
        {scalars.map(([key, value]) => (
          <FactRow key={key} name={key} value={value} />
        ))}
      </dl>
      {nested && (
        <details>
          <summary>All metadata</summary>
          <pre className="mono small">{JSON.stringify(a.metadata, null, 2)}</pre>
        </details>
      )}
      <div className="actions">
        <Download id={a.id} />
        <Link href={`/lineage?artifact=${encodeURIComponent(a.id)}`}>Lineage of this content</Link>
      </div>
      <Preview artifact={a} />
    </section>
  );
}

function FactRow({ name, value }: { name: string; value: Json }) {
  return (
    <>
      <dt>{name}</dt>
      <dd className="mono small">{formatValue(value)}</dd>
    </>
  );
}
