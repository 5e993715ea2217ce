/** Every monitor with what it watches and its last window, and the latest alerts. */
import type { Monitor, MonitorAlert } from "../../api/types.ts";
import { useFetch } from "../../api/use-fetch.ts";
import { ErrorNote } from "../../components/error-note.tsx";
import { formatTime } from "../../components/format.ts";
import { useTitle } from "../../components/title.ts";
import { Link } from "../../router.tsx";
import { AlertsTable } from "./alerts-table.tsx";

export function targetOf(m: Monitor): string {
  return "deployment" in m.target ? `deployment ${m.target.deployment}` : `model ${m.target.model}`;
}

export function MonitorsPage() {
  useTitle("Monitors");
  const monitors = useFetch<Monitor[]>("/monitors");
  const alerts = useFetch<MonitorAlert[]>("/monitor-alerts?limit=1000");
  return (
    <section aria-labelledby="monitors-title">
      <h1 id="monitors-title">Monitors</h1>
      {monitors.error !== undefined && <ErrorNote error={monitors.error} />}
      {monitors.data && monitors.data.length === 0 && <p className="muted">No monitor has run against this store yet: `conveyor monitors run` records them.</p>}
      {monitors.data && monitors.data.length > 0 && (
        <div className="table-scroll">
          <table aria-label="monitors">
            <thead>
              <tr>
                <th scope="col">Monitor</th>
                <th scope="col">Watches</th>
                <th scope="col">Windows judged</th>
                <th scope="col">Last change</th>
              </tr>
            </thead>
            <tbody>
              {monitors.data.map((m) => (
                <tr key={m.name}>
                  <th scope="row">
                    <Link href={`/monitors/${encodeURIComponent(m.name)}`}>{m.name}</Link>
                  </th>
                  <td>{targetOf(m)}</td>
                  <td>{m.lastSeq ?? 0}</td>
                  <td>{formatTime(m.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>Alerts</h2>
      {alerts.error !== undefined && <ErrorNote error={alerts.error} />}
      {alerts.data && <AlertsTable alerts={alerts.data} />}
    </section>
  );
}
