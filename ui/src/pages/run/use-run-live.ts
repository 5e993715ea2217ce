/**
 * A run and its tasks, kept up to date from the run's event stream (GET /runs/{run}/events):
 * each `run` or `task` event replaces what it names, so the page changes without a reload.
 * Changes are applied at most once a frame, and an event that changes nothing (the stream
 * starts by repeating every task) is dropped: a run of a thousand tasks would otherwise be
 * drawn a thousand times over.
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
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function useRunLive(runId: string): LiveRun {
  const [state, setState] = useState<LiveRun>({ run: undefined, tasks: new Map(), error: undefined, connected: true });
  useEffect(() => {
    const stop = new AbortController();
    setState({ run: undefined, tasks: new Map(), error: undefined, connected: true });
    let shown = new Map<string, Task>();
    let pendingRun: Run | undefined;
    const pendingTasks = new Map<string, Task>();
    let frame: number | undefined;
    const flush = () => {
      frame = undefined;
      const run = pendingRun;
      pendingRun = undefined;
      if (pendingTasks.size > 0) {
        shown = new Map(shown);
        for (const [name, task] of pendingTasks) shown.set(name, task);
        pendingTasks.clear();
      }
      const tasks = shown;
      setState((s) => ({ ...s, run: run ?? s.run, tasks }));
    };
    const schedule = () => {
      frame ??= requestAnimationFrame(flush);
    };
    // The first read answers an unknown run with a clear 404 before any stream opens.
    get<{ run: Run; tasks: Task[] }>(`/runs/${encodeURIComponent(runId)}`, stop.signal).then(
      ({ run, tasks }) => {
        shown = new Map(tasks.map((t) => [t.name, t]));
        setState((s) => ({ ...s, run, tasks: shown }));
        void follow(
          `/runs/${run.id}/events`,
          {
            onEvent: ({ event, data }) => {
              if (event === "run") {
                pendingRun = (data as { run: Run }).run;
                schedule();
              } else if (event === "task") {
                const task = (data as { task: Task }).task;
                if (!same(pendingTasks.get(task.name) ?? shown.get(task.name), task)) {
                  pendingTasks.set(task.name, task);
                  schedule();
                }
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
    return () => {
      stop.abort();
      if (frame !== undefined) cancelAnimationFrame(frame);
    };
  }, [runId]);
  return state;
}
