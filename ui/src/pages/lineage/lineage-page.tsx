/** Lineage: from a dataset digest (or an artifact, a run, a model version) to what was made of it, drawn as a graph whose nodes lead to their pages. */
import { type FormEvent, useEffect, useState } from "react";
import { ErrorNote } from "../../components/error-note.tsx";
import { useTitle } from "../../components/title.ts";
import { Link, navigate } from "../../router.tsx";
import { describeNode, LineageView } from "./lineage-graph.tsx";
import { type LineageSubject, type LoadedLineage, loadLineage, RUNS_SHOWN } from "./load-lineage.ts";

function subjectOf(query: URLSearchParams): LineageSubject | undefined {
  const digest = query.get("digest");
  if (digest) return { digest };
  const artifact = query.get("artifact");
  if (artifact) return { artifact };
  const run = query.get("run");
  if (run) return { run };
  const model = query.get("model");
  const version = query.get("version");
  if (model && version) return { model, version };
  return undefined;
}

function DigestForm({ initial }: { initial: string }) {
  const [text, setText] = useState(initial);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(`/lineage?digest=${encodeURIComponent(text.trim())}`);
  };
  return (
    <form className="filter" onSubmit={submit}>
      <label htmlFor="digest">Digest</label>
      <input id="digest" className="mono" value={text} placeholder="sha256:3f2a9c… (at least 4 hex digits)" onChange={(e) => setText(e.target.value)} />
      <button type="submit" disabled={text.trim() === ""}>
        Show lineage
      </button>
      <p className="help">A dataset's (or any artifact's) content digest, or its start: the runs that made and used it, and the models and deployments made from them.</p>
    </form>
  );
}

export function LineagePage({ query }: { query: URLSearchParams }) {
  const subject = subjectOf(query);
  const key = subject ? JSON.stringify(subject) : "";
  const [state, setState] = useState<{ loaded?: LoadedLineage; error?: unknown }>({});
  useTitle("Lineage");
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` is the subject's value, which is all the effect reads
  useEffect(() => {
    setState({});
    if (!subject) return;
    const aborted = new AbortController();
    loadLineage(subject, aborted.signal).then(
      (loaded) => setState({ loaded }),
      (error: unknown) => aborted.signal.aborted || setState({ error }),
    );
    return () => aborted.abort();
  }, [key]);
  const loaded = state.loaded;
  return (
    <section aria-labelledby="lineage-title">
      <h1 id="lineage-title">Lineage</h1>
      <DigestForm initial={query.get("digest") ?? ""} />
      {!subject && <p className="muted">Give a digest, or open lineage from an artifact's, a run's or a model version's page.</p>}
      {state.error !== undefined && <ErrorNote error={state.error} />}
      {subject && !loaded && state.error === undefined && <p aria-busy="true">Reading lineage…</p>}
      {loaded && (
        <>
          <p className="count">
            {loaded.graph.nodes.length} nodes, {loaded.graph.edges.length} edges
            {loaded.runsLeftOut > 0 && ` · the first ${RUNS_SHOWN} runs that used it are drawn, ${loaded.runsLeftOut} more are not`}
          </p>
          <LineageView graph={loaded.graph} focus={loaded.focus} />
          <h2>Nodes</h2>
          <ul className="lineage-list" aria-label="lineage nodes">
            {loaded.graph.nodes.map((n) => {
              const { href, label } = describeNode(n);
              return (
                <li key={n.id}>
                  <span className="node-kind">{n.kind}</span> {href ? <Link href={href}>{label}</Link> : label}
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}
