/** One monitor: what it watches, its drift per column over its windows, the windows with their verdicts and reports, and its alerts. */
import { segment } from "../../api/client.ts";
import type { MonitorAlert, MonitorDetail, MonitorWindow } from "../../api/types.ts";
import { useFetch } from "../../api/use-fetch.ts";
import { ErrorNote } from "../../components/error-note.tsx";
import { formatTime } from "../../components/format.ts";
import { useTitle } from "../../components/title.ts";
import { Link } from "../../router.tsx";
import { AlertsTable } from "./alerts-table.tsx";
import { DriftHistory } from "./drift-history.tsx";
import { targetOf } from "./monitors-page.tsx";
import { WindowReport } from "./window-report.tsx";
import { WindowsTable } from "./windows-table.tsx";

export function MonitorPage({ name, window }: { name: string; window: string | null }) {
  useTitle(`Monitor ${name}`);
  const monitor = useFetch<MonitorDetail>(`/monitors/${segment(name)}`);
  const windows = useFetch<MonitorWindow[]>(`/monitors/${segment(name)}/windows?limit=1000`);
  const alerts = useFetch<MonitorAlert[]>(`/monitor-alerts?monitor=${encodeURIComponent(name)}&limit=1000`);
  if (monitor.error !== undefined) {
    return (
      <section>
        <h1>Monitor {name}</h1>
        <ErrorNote error={monitor.error} />
        <Link href="/monitors">All monitors</Link>
      </section>
    );
  }
  const m = monitor.data;
  if (!m) return <p aria-busy="true">Loading monitor {name}…</p>;
  const seq = window === null ? m.windows.find((w) => w.status === "judged")?.seq : Number(window);
  const badWindow = window !== null && !/^[1-9]\d*$/.test(window);
  return (
    <section aria-labelledby="monitor-title">
      <h1 id="monitor-title">Monitor {m.name}</h1>
      <dl className="facts">
        <dt>Watches</dt>
        <dd>{targetOf(m)}</dd>
        <dt>Windows judged</dt>
        <dd>{m.lastSeq ?? 0}</dd>
        <dt>Since</dt>
        <dd>{formatTime(m.createdAt)}</dd>
      </dl>
      <details>
        <summary>Definition</summary>
        <pre className="mono small">{JSON.stringify(m.definition, null, 2)}</pre>
      </details>
      <h2>Drift over time</h2>
      <DriftHistory monitor={m.name} figures={m.figures} />
      <h2>Windows</h2>
      {windows.error !== undefined && <ErrorNote error={windows.error} />}
      {windows.data && <WindowsTable monitor={m.name} windows={windows.data} selected={seq} />}
      <h2>Alerts</h2>
      {alerts.error !== undefined && <ErrorNote error={alerts.error} />}
      {alerts.data && <AlertsTable alerts={alerts.data} />}
      {badWindow ? (
        <ErrorNote error={`"${window}" is not a window number: windows are numbered 1, 2, 3, …`} />
      ) : (
        seq !== undefined && (
          <>
            <h2>Report of window {seq}</h2>
            <WindowReport monitor={m.name} seq={seq} />
          </>
        )
      )}
    </section>
  );
}
