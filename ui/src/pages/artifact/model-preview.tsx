/** A Model artifact in Conveyor's model format (docs: src/ml/model-file.ts): what it predicts, its input signature and its training metrics. */
import type { Json } from "../../api/types.ts";
import { formatValue } from "../../components/format.ts";

interface ModelFile {
  format?: Json;
  kind?: Json;
  task?: Json;
  target?: Json;
  classes?: Json[];
  inputSchema?: { columns?: { name: string; type: string }[] };
  trainingMetrics?: Record<string, number>;
}

export function ModelPreview({ content }: { content: { [key: string]: Json } }) {
  const model = content as unknown as ModelFile;
  if (model.format !== "conveyor.model") {
    return <p className="muted">This model file is not in Conveyor's model format; download it to read it.</p>;
  }
  const columns = model.inputSchema?.columns ?? [];
  const metrics = Object.entries(model.trainingMetrics ?? {});
  return (
    <>
      <h2>Model</h2>
      <dl className="facts">
        <dt>Kind</dt>
        <dd>{String(model.kind)}</dd>
        <dt>Task</dt>
        <dd>{String(model.task)}</dd>
        <dt>Predicts</dt>
        <dd className="mono">{String(model.target)}</dd>
        {model.classes && (
          <>
            <dt>Classes</dt>
            <dd>{model.classes.map((c) => String(c)).join(", ")}</dd>
          </>
        )}
      </dl>
      <h2>Signature</h2>
      <table aria-label="signature" className="kv">
        <thead>
          <tr>
            <th scope="col">Input column</th>
            <th scope="col">Type</th>
          </tr>
        </thead>
        <tbody>
          {columns.map((c) => (
            <tr key={c.name}>
              <th scope="row">{c.name}</th>
              <td className="mono">{c.type}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Training metrics</h2>
      {metrics.length === 0 ? (
        <p className="muted">None recorded (an imported model has none).</p>
      ) : (
        <table aria-label="training metrics" className="kv">
          <tbody>
            {metrics.map(([name, value]) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                <td className="mono">{formatValue(value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
