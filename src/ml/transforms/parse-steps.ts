import { ConveyorError } from "../../errors.ts";
import type { ImputeStrategy, ScaleMethod, StepSpec } from "./table-step.ts";

const kinds = ["select", "impute", "scale", "one-hot", "ordinal"] as const;
const strategies: readonly ImputeStrategy[] = ["mean", "median", "most_frequent", "constant"];
const methods: readonly ScaleMethod[] = ["standard", "min-max", "robust"];

/**
 * Checks preprocessing steps given as JSON (a pipeline parameter) and returns them typed. A
 * mistake is named by its step's position and field now, before any data is read, rather
 * than surfacing as a confusing failure, or a silently different transform, mid-training.
 */
export function parseSteps(json: unknown): StepSpec[] {
  if (!Array.isArray(json)) {
    throw new ConveyorError(
      `preprocessing must be a list of steps, got ${JSON.stringify(json)}`,
      `give e.g. [{ "kind": "impute", "strategy": "median" }, { "kind": "scale", "method": "standard" }]`,
      "invalid_param",
    );
  }
  return json.map((step, i) => parseStep(step, `preprocessing step ${i + 1}`));
}

function parseStep(json: unknown, where: string): StepSpec {
  if (typeof json !== "object" || json === null || Array.isArray(json)) throw invalid(where, "must be an object with a \"kind\"");
  const step = json as Record<string, unknown>;
  const kind = oneOf(step, "kind", kinds, where);
  const allowed: Record<(typeof kinds)[number], readonly string[]> = {
    select: ["columns"],
    impute: ["columns", "strategy", "fillValue"],
    scale: ["columns", "method"],
    "one-hot": ["columns", "handleUnknown"],
    ordinal: ["columns", "unknownValue"],
  };
  const extra = Object.keys(step).find((key) => key !== "kind" && !allowed[kind].includes(key));
  if (extra !== undefined) {
    throw invalid(where, `("${kind}") has no field "${extra}"; its fields are ${allowed[kind].map((f) => `"${f}"`).join(", ")}`);
  }
  const columns = columnList(step, where, kind === "select");
  switch (kind) {
    case "select":
      return { kind, columns: columns ?? [] };
    case "impute": {
      const { fillValue } = step;
      if (fillValue !== undefined && typeof fillValue !== "string" && !(typeof fillValue === "number" && Number.isFinite(fillValue))) {
        throw invalid(where, `"fillValue" must be a number or a string, got ${JSON.stringify(fillValue)}`);
      }
      return { kind, strategy: oneOf(step, "strategy", strategies, where), columns, fillValue };
    }
    case "scale":
      return { kind, method: oneOf(step, "method", methods, where), columns };
    case "one-hot":
      return {
        kind,
        columns,
        handleUnknown: step.handleUnknown === undefined ? undefined : oneOf(step, "handleUnknown", ["error", "ignore"] as const, where),
      };
    case "ordinal": {
      const { unknownValue } = step;
      if (unknownValue !== undefined && unknownValue !== "error" && !(typeof unknownValue === "number" && Number.isFinite(unknownValue))) {
        throw invalid(where, `"unknownValue" must be "error" or a number, got ${JSON.stringify(unknownValue)}`);
      }
      return { kind, columns, unknownValue };
    }
  }
}

function columnList(step: Record<string, unknown>, where: string, required: boolean): string[] | undefined {
  const { columns } = step;
  if (columns === undefined && !required) return undefined;
  if (!Array.isArray(columns) || !columns.every((c) => typeof c === "string")) {
    throw invalid(where, `"columns" must be a list of column names, got ${JSON.stringify(columns)}`);
  }
  return columns;
}

function oneOf<T extends string>(step: Record<string, unknown>, key: string, allowed: readonly T[], where: string): T {
  const value = step[key];
  if (allowed.includes(value as T)) return value as T;
  throw invalid(where, `"${key}" is ${JSON.stringify(value)}; use one of ${allowed.map((a) => `"${a}"`).join(", ")}`);
}

function invalid(where: string, problem: string): ConveyorError {
  return new ConveyorError(`${where} ${problem}`, "fix the preprocessing parameter", "invalid_param");
}
