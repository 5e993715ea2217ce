/**
 * What a model version takes from its artifact's metadata, as trainModel records it: the
 * `signature` ({ inputs, outputs }) and the `trainingMetrics` (recorded as "train.<name>",
 * the names trainModel logs them under).
 */
import type { ModelSignature } from "../store/registry-types.ts";
import type { Json } from "../json.ts";

function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function signatureOf(metadata: Readonly<Record<string, Json>>): ModelSignature | null {
  const s = metadata.signature;
  return isObject(s) && "inputs" in s && "outputs" in s ? { inputs: s.inputs as Json, outputs: s.outputs as Json } : null;
}

export function trainingMetricsOf(metadata: Readonly<Record<string, Json>>): Record<string, number> {
  const given = metadata.trainingMetrics;
  if (!isObject(given)) return {};
  return Object.fromEntries(
    Object.entries(given)
      .filter((entry): entry is [string, number] => typeof entry[1] === "number" && Number.isFinite(entry[1]))
      .map(([name, value]) => [`train.${name}`, value]),
  );
}
