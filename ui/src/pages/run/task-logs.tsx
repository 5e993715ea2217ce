/** A task's log lines: those stored, then new ones as they are written while the run goes on (GET …/logs?follow=1). */
import { useEffect, useRef, useState } from "react";
import { segment } from "../../api/client.ts";
import { follow } from "../../api/event-stream.ts";
import type { LogLine } from "../../api/types.ts";
import { ErrorNote } from "../../components/error-note.tsx";

/** Lines kept on the page: a long log keeps its latest. */
const KEEP = 2000;

export function TaskLogs({ runId, task }: { runId: string; task: string }) {
  const [lines, setLines] = useState<LogLine[]>([]);
  const [error, setError] = useState<unknown>();
  const [streaming, setStreaming] = useState(true);
  const end = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const stop = new AbortController();
    setLines([]);
    setError(undefined);
    setStreaming(true);
    void follow(
      `/runs/${runId}/tasks/${segment(task)}/logs?follow=1&limit=1000`,
      {
        onEvent: ({ event, data }) => {
          if (event === "log") setLines((all) => [...all, data as LogLine].slice(-KEEP));
          if (event === "end") setStreaming(false);
        },
        onError: setError,
      },
      stop.signal,
    );
    return () => stop.abort();
  }, [runId, task]);
  useEffect(() => {
    if (lines.length > 0) end.current?.scrollIntoView?.({ block: "nearest" });
  }, [lines]);
  return (
    <section aria-labelledby="logs-title">
      <h3 id="logs-title">
        Log {streaming && <span className="live">(live)</span>}
      </h3>
      {error !== undefined && <ErrorNote error={error} title="The log could not be read" />}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus, so the keyboard can scroll it */}
      <div className="log" role="log" aria-live="polite" tabIndex={0}>
        {lines.length === 0 && <p className="muted">{streaming ? "No lines yet." : "No log lines."}</p>}
        {lines.map((line) => (
          <div key={line.id} className={`log-line level-${line.level}`}>
            <span className="muted">{new Date(line.time).toLocaleTimeString()} #{line.attempt}</span> {line.message}
          </div>
        ))}
        <div ref={end} />
      </div>
    </section>
  );
}
