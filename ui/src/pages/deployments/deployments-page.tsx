/** Deployments: what each serves and how its traffic is split. */
import type { Deployment, Page } from "../../api/types.ts";
import { useFetch } from "../../api/use-fetch.ts";
import { ErrorNote } from "../../components/error-note.tsx";
import { formatTime } from "../../components/format.ts";
import { useTitle } from "../../components/title.ts";
import { Link } from "../../router.tsx";
import { trafficSplit } from "./traffic.ts";

export function DeploymentsPage() {
  useTitle("Deployments");
  const deployments = useFetch<Page<Deployment>>("/deployments?limit=1000");
  return (
    <section aria-labelledby="deployments-title">
      <h1 id="deployments-title">Deployments</h1>
      {deployments.error !== undefined && <ErrorNote error={deployments.error} title="The deployments could not be listed" />}
      {deployments.data?.items.length === 0 && <p>No deployment yet (`conveyor deploy create`).</p>}
      {deployments.data && deployments.data.items.length > 0 && (
        <div className="table-scroll">
          <table aria-label="deployments">
            <thead>
              <tr>
                <th scope="col">Deployment</th>
                <th scope="col">Stage</th>
                <th scope="col">Traffic</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {deployments.data.items.map((d) => (
                <tr key={d.name}>
                  <td>
                    <Link href={`/deployments/${encodeURIComponent(d.name)}`}>{d.name}</Link>
                  </td>
                  <td>{d.stage}</td>
                  <td>{trafficSplit(d)}</td>
                  <td>{formatTime(d.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
