/** One parameter's field, its input chosen by the parameter's type, with its description, default, bounds and error. */
import type { ParamSpec } from "../../api/types.ts";

interface Props {
  name: string;
  spec: ParamSpec;
  text: string;
  error: string | undefined;
  onChange(text: string): void;
}

function bounds(spec: ParamSpec): string {
  const parts: string[] = [spec.type === "list" && spec.item ? `list of ${spec.item.type}` : spec.type];
  const what = spec.type === "string" || spec.type === "list" ? "length " : "";
  if (spec.min !== undefined) parts.push(`${what}≥ ${spec.min}`);
  if (spec.max !== undefined) parts.push(`${what}≤ ${spec.max}`);
  if (spec.pattern !== undefined) parts.push(`matching /${spec.pattern}/`);
  if (spec.default !== undefined) parts.push(`default ${JSON.stringify(spec.default)}`);
  else parts.push("required");
  return parts.join(", ");
}

export function ParamField({ name, spec, text, error, onChange }: Props) {
  const id = `param-${name}`;
  const described = `${id}-help${error ? ` ${id}-error` : ""}`;
  const common = { id, name, "aria-invalid": error !== undefined, "aria-describedby": described };
  let input: React.ReactNode;
  if (spec.type === "boolean") {
    input = <input type="checkbox" {...common} checked={text === "true"} onChange={(e) => onChange(String(e.target.checked))} />;
  } else if (spec.type === "enum") {
    input = (
      <select {...common} value={text} onChange={(e) => onChange(e.target.value)}>
        {spec.default === undefined && <option value="">choose…</option>}
        {(spec.values ?? []).map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
    );
  } else if (spec.type === "json" || spec.type === "list") {
    input = <textarea {...common} rows={2} value={text} spellCheck={false} onChange={(e) => onChange(e.target.value)} />;
  } else {
    const numeric = spec.type === "number" || spec.type === "int";
    // A text field even for numbers: the check below says what is wrong, where a number field would silently empty it.
    input = <input type="text" inputMode={numeric ? "decimal" : "text"} {...common} value={text} spellCheck={false} onChange={(e) => onChange(e.target.value)} />;
  }
  return (
    <div className={`field${error ? " invalid" : ""}`}>
      <label htmlFor={id}>{name}</label>
      {input}
      <div id={`${id}-help`} className="help">
        {spec.description ? `${spec.description} — ` : ""}
        {bounds(spec)}
      </div>
      {error && (
        <div id={`${id}-error`} className="field-error" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}
