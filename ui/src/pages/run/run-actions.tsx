/** Cancel, resume and rerun: each a call to the API, whose refusal is shown as it said it (nothing changes then). */
import { useState } from "react";
import { post } from "../../api/client.ts";
import type { Run } from "../../api/types.ts";
import { ErrorNote } from "../../components/error-note.tsx";
import { navigate } from "../../router.tsx";

export function RunActions({ run }: { run: Run }) {
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [cache, setCache] = useState(false);
  const act = async (what: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await what();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const going = run.status === "pending" || run.status === "running";
  return (
    <fieldset className="actions">
      <legend className="visually-hidden">Run actions</legend>
      <button type="button" disabled={busy || !going || run.cancelRequested} onClick={() => act(() => post(`/runs/${run.id}/cancel`))}>
        {run.cancelRequested && going ? "Cancelling…" : "Cancel"}
      </button>
      <button
        type="button"
        disabled={busy || going || run.status === "succeeded"}
        title="continue the run: completed tasks are not run again"
        onClick={() => act(() => post(`/runs/${run.id}/resume`))}
      >
        Resume
      </button>
      <button
        type="button"
        disabled={busy || going}
        title="a new run of the same pipeline with the same params"
        onClick={() =>
          act(async () => {
            const started = await post<{ run: Run }>(`/runs/${run.id}/rerun`, { cache });
            navigate(`/runs/${started.run.id}`);
          })
        }
      >
        Rerun
      </button>
      <label className="inline">
        <input type="checkbox" checked={cache} onChange={(e) => setCache(e.target.checked)} /> reuse cached tasks
      </label>
      {error !== undefined && <ErrorNote error={error} title="The server refused" />}
    </fieldset>
  );
}
