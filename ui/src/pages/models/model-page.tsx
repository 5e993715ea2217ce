/**
 * A registered model: its versions with their metrics and signature, its aliases, the audit
 * trail of every alias move, and the two moves a release needs: promote a version to an alias,
 * or roll an alias back to the version that held it before.
 */
import { type FormEvent, useState } from "react";
import { ApiError, post, put, segment } from "../../api/client.ts";
import type { AliasEvent, Model, ModelVersion } from "../../api/types.ts";
import { useFetch } from "../../api/use-fetch.ts";
import { ErrorNote } from "../../components/error-note.tsx";
import { formatTime, formatValue } from "../../components/format.ts";
import { useTitle } from "../../components/title.ts";
import { Link } from "../../router.tsx";

interface Detail {
  model: Model;
  versions: ModelVersion[];
  aliasEvents: AliasEvent[];
}

function Promote({ model, versions, onDone }: { model: Model; versions: ModelVersion[]; onDone(): void }) {
  const [alias, setAlias] = useState("champion");
  const [version, setVersion] = useState(String(model.latestVersion));
  const [reason, setReason] = useState("");
  const [error, setError] = useState<unknown>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      await put(`/models/${segment(model.name)}/aliases/${segment(alias.trim())}`, { version: Number(version), reason: reason || null });
      setReason("");
      onDone();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <form className="promote" onSubmit={submit} aria-label="promote a version">
      <div className="field">
        <label htmlFor="promote-version">Version</label>
        <select id="promote-version" value={version} onChange={(e) => setVersion(e.target.value)}>
          {versions.map((v) => (
            <option key={v.version} value={v.version}>
              {v.version}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="promote-alias">Alias</label>
        <input id="promote-alias" value={alias} onChange={(e) => setAlias(e.target.value)} required />
      </div>
      <div className="field">
        <label htmlFor="promote-reason">Reason</label>
        <input id="promote-reason" value={reason} onChange={(e) => setReason(e.target.value)} placeholder="for the audit trail" />
      </div>
      <button type="submit">Promote</button>
      {error !== undefined && <ErrorNote error={error} title="The server refused" />}
    </form>
  );
}

function Aliases({ model, onDone }: { model: Model; onDone(): void }) {
  const [error, setError] = useState<unknown>();
  const rollback = async (alias: string) => {
    setError(undefined);
    try {
      await post(`/models/${segment(model.name)}/aliases/${segment(alias)}/rollback`, { reason: "rolled back from the dashboard" });
      onDone();
    } catch (e) {
      setError(e);
    }
  };
  const entries = Object.entries(model.aliases);
  return (
    <>
      {entries.length === 0 && <p>No alias points at a version.</p>}
      <ul className="aliases">
        {entries.map(([alias, version]) => (
          <li key={alias}>
            <strong>{alias}</strong> → version {version}{" "}
            <button type="button" onClick={() => rollback(alias)}>
              Roll back {alias}
            </button>
          </li>
        ))}
      </ul>
      {error !== undefined && <ErrorNote error={error} title="The server refused" />}
    </>
  );
}

export function ModelPage({ name }: { name: string }) {
  useTitle(`Model ${name}`);
  const detail = useFetch<Detail>(`/models/${segment(name)}`);
  if (detail.error !== undefined) {
    const missing = detail.error instanceof ApiError && detail.error.status === 404;
    return (
      <section>
        <h1>Model {name}</h1>
        <ErrorNote error={detail.error} title={missing ? "No such model" : "The model could not be read"} />
        <Link href="/models">All models</Link>
      </section>
    );
  }
  if (!detail.data) return <p aria-busy="true">Loading model {name}…</p>;
  const { model, versions, aliasEvents } = detail.data;
  return (
    <section aria-labelledby="model-title">
      <h1 id="model-title">Model {model.name}</h1>
      {model.description && <p>{model.description}</p>}
      <h2>Aliases</h2>
      <Aliases model={model} onDone={detail.reload} />
      {versions.length > 0 && <Promote model={model} versions={versions} onDone={detail.reload} />}
      <h2>Versions</h2>
      <div className="table-scroll">
        <table aria-label="versions">
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Aliases</th>
              <th scope="col">Metrics</th>
              <th scope="col">Signature</th>
              <th scope="col">Run</th>
              <th scope="col">Registered</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.version}>
                <td>{v.version}</td>
                <td>{v.aliases.join(", ") || "—"}</td>
                <td className="small">
                  {Object.entries(v.metrics)
                    .map(([k, value]) => `${k}=${formatValue(value)}`)
                    .join(" ") || "—"}
                </td>
                <td className="small">
                  {v.signature ? (
                    <details>
                      <summary>inputs and outputs</summary>
                      <pre>{JSON.stringify(v.signature, null, 2)}</pre>
                    </details>
                  ) : (
                    "—"
                  )}
                </td>
                <td>
                  <Link href={`/runs/${v.runId}`} className="mono">
                    {v.runId}
                  </Link>
                </td>
                <td>
                  {formatTime(v.createdAt)} by {v.createdBy}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>Alias audit trail</h2>
      <div className="table-scroll">
        <table aria-label="alias audit trail">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Alias</th>
              <th scope="col">Change</th>
              <th scope="col">Who</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {[...aliasEvents].reverse().map((e) => (
              <tr key={e.id}>
                <td>{formatTime(e.createdAt)}</td>
                <td>{e.alias}</td>
                <td>
                  {e.kind}: {e.fromVersion ?? "—"} → {e.toVersion ?? "—"}
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
