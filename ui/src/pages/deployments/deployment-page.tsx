/**
 * A deployment: its traffic split, the thresholds that roll a candidate back by themselves, its
 * audit trail (with what an automatic rollback measured: requests, error rate, p99 latency),
 * and Promote / Roll back.
 */
import { useState } from "react";
import { ApiError, post, segment } from "../../api/client.ts";
import type { Deployment, DeploymentEvent } from "../../api/types.ts";
import { useFetch } from "../../api/use-fetch.ts";
import { ErrorNote } from "../../components/error-note.tsx";
import { formatTime, formatValue } from "../../components/format.ts";
import { useTitle } from "../../components/title.ts";
import { Link } from "../../router.tsx";
import { trafficSplit } from "./traffic.ts";

export function DeploymentPage({ name }: { name: string }) {
  useTitle(`Deployment ${name}`);
  const detail = useFetch<{ deployment: Deployment; events: DeploymentEvent[] }>(`/deployments/${segment(name)}`);
  const [error, setError] = useState<unknown>();
  const act = async (what: "promote" | "rollback") => {
    setError(undefined);
    try {
      await post(`/deployments/${segment(name)}/${what}`, { reason: `${what === "promote" ? "promoted" : "rolled back"} from the dashboard` });
      detail.reload();
    } catch (e) {
      setError(e);
    }
  };
  if (detail.error !== undefined) {
    const missing = detail.error instanceof ApiError && detail.error.status === 404;
    return (
      <section>
        <h1>Deployment {name}</h1>
        <ErrorNote error={detail.error} title={missing ? "No such deployment" : "The deployment could not be read"} />
        <Link href="/deployments">All deployments</Link>
      </section>
    );
  }
  if (!detail.data) return <p aria-busy="true">Loading deployment {name}…</p>;
  const { deployment: d, events } = detail.data;
  const t = d.thresholds;
  return (
    <section aria-labelledby="deployment-title">
      <h1 id="deployment-title">Deployment {d.name}</h1>
      <dl className="facts">
        <dt>Stage</dt>
        <dd>{d.stage}</dd>
        <dt>Traffic</dt>
        <dd>{trafficSplit(d)}</dd>
        <dt>Rolls back when</dt>
        <dd>
          over {t.windowSeconds} s, after {t.minRequests} requests: errors above {formatValue(t.maxErrorRate * 100)}%, p99 above {t.maxP99Ms} ms
          {t.minQuality !== null ? `, quality below ${t.minQuality}` : ""}
        </dd>
      </dl>
      <fieldset className="actions">
        <legend className="visually-hidden">Deployment actions</legend>
        <button type="button" disabled={!d.candidate} onClick={() => act("promote")}>
          Promote the candidate
        </button>
        <button type="button" onClick={() => act("rollback")}>
          Roll back
        </button>
      </fieldset>
      {error !== undefined && <ErrorNote error={error} title="The server refused" />}
      <h2>History</h2>
      <div className="table-scroll">
        <table aria-label="deployment history">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Change</th>
              <th scope="col">Put into service</th>
              <th scope="col">Measured</th>
              <th scope="col">Who</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {[...events].reverse().map((e) => (
              <tr key={e.id}>
                <td>{formatTime(e.createdAt)}</td>
                <td>{e.kind.replace("_", " ")}</td>
                <td>{e.deployed ? `${e.deployed.model} v${e.deployed.version}` : "—"}</td>
                <td className="small">
                  {e.figures
                    ? Object.entries(e.figures)
                        .map(([k, v]) => `${k}=${formatValue(v)}`)
                        .join(" ")
                    : "—"}
                </td>
                <td>{e.actor}</td>
                <td>{e.reason ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
