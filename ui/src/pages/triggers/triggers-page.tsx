/** The project's triggers: what each fires on, when it fires next, when it last fired and its runs under way. */
import type { TriggerSummary } from "../../api/types.ts";
import { useFetch } from "../../api/use-fetch.ts";
import { ErrorNote } from "../../components/error-note.tsx";
import { formatTime } from "../../components/format.ts";
import { useTitle } from "../../components/title.ts";
import { Link } from "../../router.tsx";

export function firesOn(t: TriggerSummary): string {
  if (t.schedule) return `${t.schedule.cron} (${t.schedule.timezone})${t.kind === "hybrid" ? " and a check" : ""}`;
  if (t.kind === "manual") return "an event (by hand, the API, a monitor)";
  return `new ${t.kind === "files" ? "files" : "watermark"}, looked for every ${t.pollSeconds} s`;
}

export function TriggersPage() {
  useTitle("Triggers");
  const triggers = useFetch<TriggerSummary[]>("/triggers");
  return (
    <section aria-labelledby="triggers-title">
      <h1 id="triggers-title">Triggers</h1>
      {triggers.error !== undefined && <ErrorNote error={triggers.error} />}
      {triggers.data && triggers.data.length === 0 && <p className="muted">The project's triggers file defines no trigger.</p>}
      {triggers.data && triggers.data.length > 0 && (
        <div className="table-scroll">
          <table aria-label="triggers">
            <thead>
              <tr>
                <th scope="col">Trigger</th>
                <th scope="col">Fires on</th>
                <th scope="col">Next fire</th>
                <th scope="col">Last fired</th>
                <th scope="col">Active runs</th>
                <th scope="col">Pipeline</th>
              </tr>
            </thead>
            <tbody>
              {triggers.data.map((t) => (
                <tr key={t.name}>
                  <th scope="row">
                    <Link href={`/triggers/${encodeURIComponent(t.name)}`}>{t.name}</Link>
                  </th>
                  <td>{firesOn(t)}</td>
                  <td>{t.nextFire ? formatTime(t.nextFire) : "when it sees one"}</td>
                  <td>{t.lastFired ? formatTime(t.lastFired) : "never"}</td>
                  <td>{t.activeRuns}</td>
                  <td className="mono small">{t.pipeline}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
