/**
 * Start a run of a stored pipeline: its IR's params become a form (types, defaults, bounds),
 * checked before sending; the run is started with POST /runs {digest, params} and followed on its page.
 */
import { type FormEvent, useEffect, useState } from "react";
import { post } from "../../api/client.ts";
import type { Json, Page, PipelineIR, PipelineSummary, Run } from "../../api/types.ts";
import { useFetch } from "../../api/use-fetch.ts";
import { ErrorNote } from "../../components/error-note.tsx";
import { useTitle } from "../../components/title.ts";
import { navigate } from "../../router.tsx";
import { ParamField } from "./param-field.tsx";
import { initialText, parseParam } from "./param-value.ts";

function StartForm({ digest }: { digest: string }) {
  const pipeline = useFetch<{ name: string; ir: PipelineIR }>(`/pipelines/${encodeURIComponent(digest)}`);
  const [texts, setTexts] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [noCache, setNoCache] = useState(false);
  const [refused, setRefused] = useState<unknown>();
  const [sending, setSending] = useState(false);
  const specs = pipeline.data?.ir.params;
  useEffect(() => {
    if (specs) setTexts(Object.fromEntries(Object.entries(specs).map(([name, spec]) => [name, initialText(spec)])));
    setErrors({});
    setRefused(undefined);
  }, [specs]);

  if (pipeline.error !== undefined) return <ErrorNote error={pipeline.error} title="The pipeline could not be read" />;
  if (!specs) return <p aria-busy="true">Loading the pipeline…</p>;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const params: Record<string, Json> = {};
    const found: Record<string, string> = {};
    for (const [name, spec] of Object.entries(specs)) {
      const parsed = parseParam(name, spec, texts[name] ?? "");
      if (parsed && "error" in parsed) found[name] = parsed.error;
      else if (parsed) params[name] = parsed.value;
    }
    setErrors(found);
    setRefused(undefined);
    if (Object.keys(found).length > 0) {
      document.getElementById(`param-${Object.keys(found)[0]}`)?.focus();
      return;
    }
    setSending(true);
    try {
      const started = await post<{ run: Run }>("/runs", { digest, params, options: { noCache } });
      navigate(`/runs/${started.run.id}`);
    } catch (error) {
      setRefused(error);
    } finally {
      setSending(false);
    }
  };
  return (
    <form onSubmit={submit} noValidate aria-label={`parameters of ${pipeline.data?.name}`}>
      {pipeline.data?.ir.description && <p>{pipeline.data.ir.description}</p>}
      {Object.keys(specs).length === 0 && <p>This pipeline takes no parameters.</p>}
      {Object.entries(specs).map(([name, spec]) => (
        <ParamField
          key={name}
          name={name}
          spec={spec}
          text={texts[name] ?? ""}
          error={errors[name]}
          onChange={(text) => setTexts((all) => ({ ...all, [name]: text }))}
        />
      ))}
      <label className="inline">
        <input type="checkbox" checked={noCache} onChange={(e) => setNoCache(e.target.checked)} /> recompute every task (no cache)
      </label>
      <div>
        <button type="submit" disabled={sending}>
          {sending ? "Starting…" : "Start run"}
        </button>
      </div>
      {refused !== undefined && <ErrorNote error={refused} title="The server refused the run" />}
    </form>
  );
}

export function StartPage({ query }: { query: URLSearchParams }) {
  useTitle("Start a run");
  const pipelines = useFetch<Page<PipelineSummary>>("/pipelines?limit=1000");
  const chosen = query.get("pipeline") ?? "";
  return (
    <section aria-labelledby="start-title">
      <h1 id="start-title">Start a run</h1>
      {pipelines.error !== undefined && <ErrorNote error={pipelines.error} title="The pipelines could not be listed" />}
      {pipelines.data && pipelines.data.items.length === 0 && (
        <p>No pipeline is stored yet: run one once (`conveyor run pipeline.ts`, or POST /api/v1/runs with its file) and it appears here.</p>
      )}
      {pipelines.data && pipelines.data.items.length > 0 && (
        <div className="field">
          <label htmlFor="pipeline">Pipeline</label>
          <select id="pipeline" value={chosen} onChange={(e) => navigate(e.target.value ? `/start?pipeline=${encodeURIComponent(e.target.value)}` : "/start", true)}>
            <option value="">choose…</option>
            {pipelines.data.items.map((p) => (
              <option key={p.digest} value={p.digest}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {chosen && <StartForm key={chosen} digest={chosen} />}
    </section>
  );
}
