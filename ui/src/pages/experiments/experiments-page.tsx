/** Experiments: each with its number of runs and latest run, leading to its runs in the runs table (filtered by `experiment = "…"`). */
import { useState } from "react";
import type { ExperimentSummary, Page } from "../../api/types.ts";
import { useFetch } from "../../api/use-fetch.ts";
import { ErrorNote } from "../../components/error-note.tsx";
import { formatTime } from "../../components/format.ts";
import { useTitle } from "../../components/title.ts";
import { Link } from "../../router.tsx";

/** The runs page's filter for one experiment, in the runs list language (a JSON string is one of its string literals). */
export function experimentFilter(name: string): string {
  return `/?where=${encodeURIComponent(`experiment = ${JSON.stringify(name)}`)}`;
}

export function ExperimentsPage() {
  useTitle("Experiments");
  // The API's `next` link for each page after the first.
  const [pages, setPages] = useState<string[]>(["/experiments?limit=100"]);
  const page = useFetch<Page<ExperimentSummary>>(pages.at(-1));
  return (
    <section aria-labelledby="experiments-title">
      <h1 id="experiments-title">Experiments</h1>
      {page.error !== undefined && <ErrorNote error={page.error} />}
      {page.data && page.data.items.length === 0 && <p className="muted">No experiment yet: runs name theirs when they start.</p>}
      {page.data && page.data.items.length > 0 && (
        <div className="table-scroll">
          <table aria-label="experiments">
            <thead>
              <tr>
                <th scope="col">Experiment</th>
                <th scope="col">Runs</th>
                <th scope="col">Latest run</th>
                <th scope="col">Description</th>
              </tr>
            </thead>
            <tbody>
              {page.data.items.map((e) => (
                <tr key={e.name}>
                  <th scope="row">
                    <Link href={experimentFilter(e.name)}>{e.name}</Link>
                  </th>
                  <td>{e.runs}</td>
                  <td>{formatTime(e.lastRunAt)}</td>
                  <td>{e.description ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="pager">
        <button type="button" disabled={pages.length === 1} onClick={() => setPages(pages.slice(0, -1))}>
          Previous
        </button>
        <button type="button" disabled={!page.data?.next} onClick={() => page.data?.next && setPages([...pages, page.data.next])}>
          Next
        </button>
      </div>
    </section>
  );
}
