/** Monitors' alerts (drift in K consecutive windows, a performance drop), newest first, each linking to its window. */
import type { MonitorAlert } from "../../api/types.ts";
import { formatTime } from "../../components/format.ts";
import { Link } from "../../router.tsx";

export function AlertsTable({ alerts }: { alerts: MonitorAlert[] }) {
  if (alerts.length === 0) return <p className="muted">No alerts.</p>;
  return (
    <div className="table-scroll">
      <table aria-label="alerts">
        <thead>
          <tr>
            <th scope="col">Raised</th>
            <th scope="col">Monitor</th>
            <th scope="col">Window</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {[...alerts].reverse().map((a) => (
            <tr key={a.id}>
              <td>{formatTime(a.createdAt)}</td>
              <td>{a.monitor}</td>
              <td>
                <Link href={`/monitors/${encodeURIComponent(a.monitor)}?window=${a.seq}`}>
                  {a.monitor}@{a.seq}
                </Link>
              </td>
              <td>{[a.driftDetected && "drift in consecutive windows", a.performanceDropped && "performance dropped"].filter(Boolean).join(", ")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
