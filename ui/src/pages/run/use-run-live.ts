/**
 * A run and its tasks, kept up to date from the run's event stream (GET /runs/{run}/events):
 * each `run` or `task` event replaces what it names, so the page changes without a reload.
 */
import { useEffect, useState } from "react";
import { get } from "../../api/client.ts";
import { follow } from "../../api/event-stream.ts";
import type { Run, Task } from "../../api/types.ts";

export interface LiveRun {
  run: Run | undefined;
  /** By name, in creation order. */
  tasks: Map<string, Task>;
  error: unknown;
  /** False while the event stream is lost and being reconnected. */
  connected: boolean;
  /** Bumped on every change: what effects that depend on the run's progress watch. */
  version: number;
}

export function useRunLive(runId: string): LiveRun {
  const [state, setState] = useState<LiveRun>({ run: undefined, tasks: new Map(), error: undefined, connected: true, version: 0 });
  useEffect(() => {
    const stop = new AbortController();
    setState({ run: undefined, tasks: new Map(), error: undefined, connected: true, version: 0 });
    // The first read answers an unknown run with a clear 404 before any stream opens.
    get<{ run: Run; tasks: Task[] }>(`/runs/${encodeURIComponent(runId)}`, stop.signal).then(
      ({ run, tasks }) => {
        setState((s) => ({ ...s, run, tasks: new Map(tasks.map((t) => [t.name, t])), version: s.version + 1 }));
        void follow(
          `/runs/${run.id}/events`,
          {
            onEvent: ({ event, data }) => {
              if (event === "run") setState((s) => ({ ...s, run: (data as { run: Run }).run, version: s.version + 1 }));
              if (event === "task") {
                const task = (data as { task: Task }).task;
                setState((s) => ({ ...s, tasks: new Map(s.tasks).set(task.name, task), version: s.version + 1 }));
              }
            },
            onConnection: (connected) => setState((s) => (s.connected === connected ? s : { ...s, connected })),
            onError: (error) => setState((s) => ({ ...s, error })),
          },
          stop.signal,
        );
      },
      (error: unknown) => {
        if (!stop.signal.aborted) setState((s) => ({ ...s, error }));
      },
    );
    return () => stop.abort();
  }, [runId]);
  return state;
}
