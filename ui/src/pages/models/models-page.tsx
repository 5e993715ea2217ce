/** Registered models: each with its latest version and where its aliases point. */
import type { Model, Page } from "../../api/types.ts";
import { useFetch } from "../../api/use-fetch.ts";
import { ErrorNote } from "../../components/error-note.tsx";
import { formatTime } from "../../components/format.ts";
import { useTitle } from "../../components/title.ts";
import { Link } from "../../router.tsx";

export function ModelsPage() {
  useTitle("Models");
  const models = useFetch<Page<Model>>("/models?limit=1000");
  return (
    <section aria-labelledby="models-title">
      <h1 id="models-title">Models</h1>
      {models.error !== undefined && <ErrorNote error={models.error} title="The models could not be listed" />}
      {models.data?.items.length === 0 && <p>No model is registered yet (`conveyor models register`).</p>}
      {models.data && models.data.items.length > 0 && (
        <div className="table-scroll">
          <table aria-label="models">
            <thead>
              <tr>
                <th scope="col">Model</th>
                <th scope="col">Latest version</th>
                <th scope="col">Aliases</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {models.data.items.map((m) => (
                <tr key={m.name}>
                  <td>
                    <Link href={`/models/${encodeURIComponent(m.name)}`}>{m.name}</Link>
                  </td>
                  <td>{m.latestVersion}</td>
                  <td>
                    {Object.entries(m.aliases)
                      .map(([alias, version]) => `${alias} → ${version}`)
                      .join(", ") || "—"}
                  </td>
                  <td>{formatTime(m.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
