/** One window's HTML report (the monitor's self-contained page), read with the token and shown in a sandboxed frame. */
import { useEffect, useState } from "react";
import { request, segment } from "../../api/client.ts";
import { ErrorNote } from "../../components/error-note.tsx";
import { HtmlReport } from "../../components/html-report.tsx";

export function WindowReport({ monitor, seq }: { monitor: string; seq: number }) {
  const [state, setState] = useState<{ html?: string; error?: unknown }>({});
  useEffect(() => {
    setState({});
    const aborted = new AbortController();
    request(`/monitors/${segment(monitor)}/windows/${seq}/report.html`, { signal: aborted.signal })
      .then((res) => res.text())
      .then(
        (html) => setState({ html }),
        (error: unknown) => aborted.signal.aborted || setState({ error }),
      );
    return () => aborted.abort();
  }, [monitor, seq]);
  if (state.error !== undefined) return <ErrorNote error={state.error} title={`Report of window ${seq}`} />;
  if (state.html === undefined) return <p aria-busy="true">Reading the report of window {seq}…</p>;
  return <HtmlReport html={state.html} title={`report of ${monitor}@${seq}`} />;
}
