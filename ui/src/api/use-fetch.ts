/** Reads one API path into React state, again whenever the path or `key` changes or `reload` is called. */
import { useCallback, useEffect, useState } from "react";
import { get } from "./client.ts";

export interface Fetched<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
}

export function useFetch<T>(path: string | undefined, key?: string): Fetched<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({ data: undefined, error: undefined, loading: true });
  const [attempt, setAttempt] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` and `attempt` (what reload changes) ask to read again
  useEffect(() => {
    if (path === undefined) return;
    const aborted = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    get<T>(path, aborted.signal).then(
      (data) => setState({ data, error: undefined, loading: false }),
      (error: unknown) => {
        if (!aborted.signal.aborted) setState({ data: undefined, error, loading: false });
      },
    );
    return () => aborted.abort();
  }, [path, key, attempt]);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, reload };
}
