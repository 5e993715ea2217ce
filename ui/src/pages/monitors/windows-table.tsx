/** A monitor's windows, newest first, with their verdicts; choosing one shows its report. */
import type { MonitorWindow } from "../../api/types.ts";
import { formatTime } from "../../components/format.ts";
import { Link } from "../../router.tsx";

function verdict(ok: boolean | null, good: string, bad: string): string {
  return ok === null ? "—" : ok ? good : bad;
}

export function WindowsTable({ monitor, windows, selected }: { monitor: string; windows: MonitorWindow[]; selected: number | undefined }) {
  return (
    <div className="table-scroll">
      <table aria-label="windows">
        <thead>
          <tr>
            <th scope="col">Window</th>
            <th scope="col">Span</th>
            <th scope="col">Rows</th>
            <th scope="col">Model</th>
            <th scope="col">Drift</th>
            <th scope="col">Alert</th>
            <th scope="col">Quality</th>
            <th scope="col">Performance</th>
          </tr>
        </thead>
        <tbody>
          {windows.map((w) => (
            <tr key={w.id} aria-current={w.seq === selected ? "true" : undefined}>
              <th scope="row">
                <Link href={`/monitors/${encodeURIComponent(monitor)}?window=${w.seq}`}>{w.seq}</Link>
              </th>
              <td className="small">
                {formatTime(w.from)} – {formatTime(w.to)}
              </td>
              <td>{w.rows}</td>
              <td>
                {w.version === null ? (
                  w.model
                ) : (
                  <Link href={`/lineage?model=${encodeURIComponent(w.model)}&version=${w.version}`} title="its lineage">
                    {w.model} v{w.version}
                  </Link>
                )}
              </td>
              <td>{w.status === "notJudged" ? `not judged: ${w.reason ?? ""}` : `${w.drifted ? "drifted" : "calm"} (${Math.round(w.driftShare * 100)}% of columns)`}</td>
              <td>{w.driftDetected ? <span className="status status-failed">drift alert</span> : `streak ${w.streak}`}</td>
              <td>{verdict(w.qualityPassed, "passed", "failed")}</td>
              <td>{verdict(w.performanceDropped === null ? null : !w.performanceDropped, "held", "dropped")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
