/** A Dataset's profile (GET /artifacts/{a}/profile): per column its counts, summary statistics and most frequent values. */
import { segment } from "../../api/client.ts";
import type { DatasetProfile } from "../../api/types.ts";
import { useFetch } from "../../api/use-fetch.ts";
import { ErrorNote } from "../../components/error-note.tsx";
import { formatValue } from "../../components/format.ts";

export function DatasetProfileTable({ id }: { id: string }) {
  const profile = useFetch<DatasetProfile>(`/artifacts/${segment(id)}/profile`);
  if (profile.error !== undefined) return <ErrorNote error={profile.error} title="Profile" />;
  const p = profile.data;
  if (!p) return <p aria-busy="true">Profiling the dataset…</p>;
  return (
    <div className="table-scroll">
      <table aria-label="profile">
        <thead>
          <tr>
            <th scope="col">Column</th>
            <th scope="col">Missing</th>
            <th scope="col">Distinct</th>
            <th scope="col">Min</th>
            <th scope="col">Median</th>
            <th scope="col">Max</th>
            <th scope="col">Mean</th>
            <th scope="col">Std</th>
            <th scope="col">Most frequent</th>
          </tr>
        </thead>
        <tbody>
          {p.columns.map((c) => (
            <tr key={c.name}>
              <th scope="row">{c.name}</th>
              <td>{c.missing}</td>
              <td>{c.distinct}</td>
              <td>{formatValue(c.numeric?.min)}</td>
              <td>{formatValue(c.numeric?.quantiles.p50)}</td>
              <td>{formatValue(c.numeric?.max)}</td>
              <td>{formatValue(c.numeric?.mean)}</td>
              <td>{formatValue(c.numeric?.std ?? undefined)}</td>
              <td className="small">
                {c.topValues
                  .slice(0, 3)
                  .map((v) => `${v.value} (${v.count})`)
                  .join(", ")}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
