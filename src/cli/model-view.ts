/** How `conveyor models` prints models, versions and the alias audit trail. */
import pc from "picocolors";
import type { AliasEvent, ModelRecord, ModelSignature, ModelVersionRecord } from "../store/registry-types.ts";
import { shortDigest, table, timeText, valueText } from "./format.ts";

export function aliasesText(aliases: Record<string, number>): string {
  return Object.entries(aliases)
    .map(([alias, version]) => `${alias}→${version}`)
    .join(", ");
}

function metricsText(metrics: Record<string, number>): string {
  return Object.entries(metrics)
    .map(([name, value]) => `${name}=${valueText(value)}`)
    .join(" ");
}

export function renderModels(models: ModelRecord[]): string {
  const header = ["model", "latest", "aliases", "updated"].map((h) => pc.dim(h));
  return table([header, ...models.map((m) => [m.name, `v${m.latestVersion}`, aliasesText(m.aliases), timeText(m.updatedAt)])]);
}

/** "champion: 2 → 3", "champion: set to 1", "champion: deleted (was 3)" */
export function eventText(e: AliasEvent): string {
  const move =
    e.toVersion === null ? `deleted (was ${e.fromVersion})` : e.fromVersion === null ? `set to ${e.toVersion}` : `${e.fromVersion} → ${e.toVersion}`;
  return `${e.alias}: ${move}${e.kind === "rollback" ? " (rollback)" : ""}`;
}

export function renderModel(model: ModelRecord, versions: ModelVersionRecord[], events: AliasEvent[]): string {
  const lines = [
    `${pc.bold(`model ${model.name}`)}  ${versions.length} version${versions.length === 1 ? "" : "s"}${Object.keys(model.aliases).length ? `  ${aliasesText(model.aliases)}` : ""}`,
  ];
  if (model.description) lines.push(pc.dim(model.description));
  lines.push(
    "",
    table([
      ["version", "aliases", "run", "artifact", "created", "by", "metrics"].map((h) => pc.dim(h)),
      ...versions.map((v) => [
        `v${v.version}`,
        v.aliases.join(", "),
        v.runId,
        shortDigest(v.digest),
        timeText(v.createdAt),
        v.createdBy,
        metricsText(v.metrics),
      ]),
    ]),
  );
  if (events.length > 0) {
    lines.push(
      "",
      pc.bold("alias history"),
      table([
        ["when", "change", "by", "reason"].map((h) => pc.dim(h)),
        ...events.map((e) => [timeText(e.createdAt), eventText(e), e.actor, e.reason ?? ""]),
      ]),
    );
  }
  return lines.join("\n");
}

export function renderVersion(v: ModelVersionRecord, taskName: string | undefined): string {
  const lines = [
    `${pc.bold(`models:/${v.model}/${v.version}`)}${v.aliases.length ? `  ${v.aliases.map((a) => `@${a}`).join(" ")}` : ""}`,
    pc.dim(`registered ${timeText(v.createdAt)} by ${v.createdBy}`),
  ];
  if (v.description) lines.push(v.description);
  lines.push(
    "",
    table([
      [pc.dim("run"), v.runId],
      [pc.dim("task"), taskName ?? v.taskId ?? ""],
      [pc.dim("artifact"), v.digest],
      [pc.dim("metrics"), metricsText(v.metrics)],
      [pc.dim("tags"), Object.entries(v.tags).map(([k, t]) => `${k}=${t}`).join(" ")],
      ...signatureRows(v.signature),
    ]),
  );
  return lines.join("\n");
}

interface Field {
  name: string;
  type: string;
}

/** The signature trainModel records (src/ml/model-signature.ts); anything else a user registered has no known shape. */
interface KnownSignature {
  inputs: { columns: Field[] };
  outputs: { task: string; prediction: Field; probabilities?: { classes: unknown[] } };
}

const isField = (f: unknown): f is Field =>
  typeof f === "object" && f !== null && typeof (f as Field).name === "string" && typeof (f as Field).type === "string";

function isKnown(s: ModelSignature): s is ModelSignature & KnownSignature {
  const { inputs, outputs } = s as unknown as Partial<KnownSignature>;
  return Array.isArray(inputs?.columns) && inputs.columns.every(isField) && typeof outputs?.task === "string" && isField(outputs.prediction);
}

/** "inputs  4 columns: a (number), b (string)" and "outputs  species (string), classification of setosa, versicolor with probabilities". */
export function signatureRows(signature: ModelSignature | null): string[][] {
  if (!signature) return [[pc.dim("signature"), pc.dim("none recorded")]];
  if (!isKnown(signature)) return [[pc.dim("signature"), JSON.stringify(signature)]];
  const { columns } = signature.inputs;
  const { task, prediction, probabilities } = signature.outputs;
  const classes = probabilities ? ` of ${probabilities.classes.map(String).join(", ")} with probabilities` : "";
  return [
    [pc.dim("inputs"), `${columns.length} column${columns.length === 1 ? "" : "s"}: ${columns.map((c) => `${c.name} (${c.type})`).join(", ")}`],
    [pc.dim("outputs"), `${prediction.name} (${prediction.type}), ${task}${classes}`],
  ];
}
