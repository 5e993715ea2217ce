/** One trigger: its schedule and next fire, its state, and its history: every event, what it fired and why one was skipped. */
import { segment } from "../../api/client.ts";
import type { TriggerEvent, TriggerSummary } from "../../api/types.ts";
import { useFetch } from "../../api/use-fetch.ts";
import { ErrorNote } from "../../components/error-note.tsx";
import { formatTime, formatValue } from "../../components/format.ts";
import { useTitle } from "../../components/title.ts";
import { Link } from "../../router.tsx";
import { firesOn } from "./triggers-page.tsx";

/** An event's status coloured as a run's would be: fired as succeeded, skipped as skipped, waiting as pending. */
const SHOWN_AS: Record<TriggerEvent["status"], string> = { pending: "pending", claimed: "running", fired: "succeeded", skipped: "skipped", failed: "failed" };

export function TriggerPage({ name }: { name: string }) {
  useTitle(`Trigger ${name}`);
  const triggers = useFetch<TriggerSummary[]>("/triggers");
  const events = useFetch<TriggerEvent[]>(`/triggers/${segment(name)}/events?limit=200`);
  const t = triggers.data?.find((x) => x.name === name);
  return (
    <section aria-labelledby="trigger-title">
      <h1 id="trigger-title">Trigger {name}</h1>
      {triggers.error !== undefined && <ErrorNote error={triggers.error} />}
      {triggers.data && !t && <ErrorNote error={`the project's triggers file defines no trigger "${name}"`} />}
      {t && (
        <dl className="facts">
          <dt>Fires on</dt>
          <dd>{firesOn(t)}</dd>
          <dt>Next fire</dt>
          <dd>{t.nextFire ? formatTime(t.nextFire) : "when it sees one"}</dd>
          <dt>Last fired</dt>
          <dd>{t.lastFired ? formatTime(t.lastFired) : "never"}</dd>
          <dt>Active runs</dt>
          <dd>{t.activeRuns}</dd>
          <dt>Pipeline</dt>
          <dd className="mono">{t.pipeline}</dd>
          {t.watermark !== null && (
            <>
              <dt>Watermark</dt>
              <dd className="mono small">{formatValue(t.watermark)}</dd>
            </>
          )}
        </dl>
      )}
      <h2>History</h2>
      {events.error !== undefined && <ErrorNote error={events.error} />}
      {events.data && events.data.length === 0 && <p className="muted">No event yet.</p>}
      {events.data && events.data.length > 0 && (
        <div className="table-scroll">
          <table aria-label="history">
            <thead>
              <tr>
                <th scope="col">Recorded</th>
                <th scope="col">Source</th>
                <th scope="col">Status</th>
                <th scope="col">Run</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {events.data.map((e) => (
                <tr key={e.id}>
                  <td>{formatTime(e.createdAt)}</td>
                  <td className="mono small">{e.source}</td>
                  <td>
                    <span className={`status status-${SHOWN_AS[e.status]}`}>{e.status}</span>
                  </td>
                  <td>{e.runId ? <Link href={`/runs/${encodeURIComponent(e.runId)}`}>{e.runId}</Link> : "—"}</td>
                  <td className="small">{e.reason ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p>
        <Link href="/triggers">All triggers</Link>
      </p>
    </section>
  );
}
