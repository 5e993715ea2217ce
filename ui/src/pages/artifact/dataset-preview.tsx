/** A Dataset a page of rows at a time (the API's preview with an offset), with its schema, what its metadata says of it, and its profile. */
import { useState } from "react";
import { segment } from "../../api/client.ts";
import type { ArtifactRecord, DatasetPage, Json } from "../../api/types.ts";
import { useFetch } from "../../api/use-fetch.ts";
import { ErrorNote } from "../../components/error-note.tsx";
import { formatValue } from "../../components/format.ts";
import { DatasetProfileTable } from "./dataset-profile.tsx";

const PAGE = 50;

interface ColumnMeta {
  name: string;
  type: string;
  nullable?: boolean;
}

/** What the writer recorded (built-in components record the schema and row count), or nothing for a file logged as it was. */
function recorded(metadata: ArtifactRecord["metadata"]): { rows: number | undefined; columns: Map<string, ColumnMeta> } {
  const rows = typeof metadata.rows === "number" ? metadata.rows : undefined;
  const list = Array.isArray(metadata.columns) ? (metadata.columns as unknown as ColumnMeta[]) : [];
  return { rows, columns: new Map(list.map((c) => [c.name, c])) };
}

export function DatasetPreview({ artifact }: { artifact: ArtifactRecord }) {
  const [offset, setOffset] = useState(0);
  const page = useFetch<DatasetPage>(`/artifacts/${segment(artifact.id)}/preview?rows=${PAGE}&offset=${offset}`);
  const meta = recorded(artifact.metadata);
  if (page.error !== undefined) return <ErrorNote error={page.error} title="Preview" />;
  const data = page.data;
  if (!data) return <p aria-busy="true">Reading rows…</p>;
  const last = offset + data.rows.length;
  return (
    <>
      <h2>Schema</h2>
      <p className="count">
        {data.columns.length} columns · {meta.rows === undefined ? "row count not recorded" : `${meta.rows} rows`} · {data.format}
      </p>
      <div className="table-scroll">
        <table aria-label="schema">
          <thead>
            <tr>
              <th scope="col">Column</th>
              <th scope="col">Type</th>
              <th scope="col">Recorded type</th>
              <th scope="col">Nullable</th>
            </tr>
          </thead>
          <tbody>
            {data.columns.map((c) => {
              const m = meta.columns.get(c.name);
              return (
                <tr key={c.name}>
                  <th scope="row">{c.name}</th>
                  <td className="mono">{c.type}</td>
                  <td className="mono">{m?.type ?? "—"}</td>
                  <td>{m?.nullable === undefined ? "—" : m.nullable ? "yes" : "no"}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <h2>Profile</h2>
      <DatasetProfileTable id={artifact.id} />
      <h2>Rows</h2>
      <p className="count" aria-live="polite">
        {data.rows.length === 0 ? `No rows from ${offset + 1}` : `Rows ${offset + 1}–${last}${meta.rows === undefined ? "" : ` of ${meta.rows}`}`}
      </p>
      <div className="table-scroll">
        <table aria-label="rows" className="rows">
          <thead>
            <tr>
              <th scope="col">#</th>
              {data.columns.map((c) => (
                <th key={c.name} scope="col">
                  {c.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.rows.map((row: Json[], i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a row's place in the dataset is its identity
              <tr key={offset + i}>
                <td className="muted">{offset + i + 1}</td>
                {row.map((value, j) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: columns are in schema order
                  <td key={j}>{formatValue(value)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="pager">
        <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
          Previous rows
        </button>
        <button type="button" disabled={!data.truncated} onClick={() => setOffset(offset + PAGE)}>
          Next rows
        </button>
      </div>
    </>
  );
}
