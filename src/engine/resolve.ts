/** Turns IR bindings into values for one task row: parameters, artifacts, conditions. */
import { ConveyorError } from "../errors.ts";
import { canonicalJson } from "../ir/canonical.ts";
import type { Binding, ConditionIR } from "../ir/schema.ts";
import type { Json } from "../json.ts";
import type { ArtifactRecord, TaskRecord } from "../store/types.ts";
import { isOk, type RunInstances } from "./instances.ts";

export interface ResolveContext {
  instances: RunInstances;
  params: Record<string, Json>;
  /** How the rest of the run ended, for exit handlers. */
  runStatus: () => "succeeded" | "failed" | "cancelled";
  /** The output artifacts a row produced, by output name. */
  outputArtifacts: (row: TaskRecord) => Promise<Record<string, ArtifactRecord>>;
}

function missing(row: TaskRecord, what: string): never {
  throw new ConveyorError(`task "${row.name}": ${what}`, undefined, "unresolved_input");
}

function itemOf(ctx: ResolveContext, row: TaskRecord, loop: string, path: string[]): Json {
  const items = ctx.instances.byName.get(loop)?.outputs?.items;
  if (!Array.isArray(items) || row.iteration === null) return missing(row, `the item of forEach "${loop}" is not known`);
  let value: Json | undefined = items[row.iteration];
  for (const key of path) {
    value = value !== null && typeof value === "object" && !Array.isArray(value) ? value[key] : undefined;
    if (value === undefined) return missing(row, `item ${row.iteration} of forEach "${loop}" has no field "${path.join(".")}"`);
  }
  return value as Json;
}

/** A parameter value. */
export function resolveValue(ctx: ResolveContext, row: TaskRecord, b: Binding): Json {
  if ("constant" in b) return b.constant;
  if ("param" in b) return ctx.params[b.param] ?? null;
  if ("runStatus" in b) return ctx.runStatus();
  if ("loopItem" in b) return itemOf(ctx, row, b.loopItem, b.path);
  if ("task" in b) {
    const up = ctx.instances.rowFor(b.task, row);
    const value = up?.outputs?.[b.output];
    return value === undefined ? missing(row, `output "${b.output}" of "${b.task}" is not available`) : value;
  }
  if ("array" in b) return b.array.map((item) => resolveValue(ctx, row, item));
  if ("object" in b) return Object.fromEntries(Object.entries(b.object).map(([key, field]) => [key, resolveValue(ctx, row, field)]));
  return ctx.instances
    .iterations(b.collect.task)
    .filter(isOk)
    .map((r) => r.outputs?.[b.collect.output] ?? null);
}

/** An artifact (or the collected list of them). */
export async function resolveArtifact(
  ctx: ResolveContext,
  row: TaskRecord,
  b: Binding,
): Promise<ArtifactRecord | ArtifactRecord[]> {
  const fromRow = async (up: TaskRecord | undefined, task: string, output: string) => {
    const found = up ? (await ctx.outputArtifacts(up))[output] : undefined;
    return found ?? missing(row, `artifact "${output}" of "${task}" is not available`);
  };
  if ("task" in b) return fromRow(ctx.instances.rowFor(b.task, row), b.task, b.output);
  if ("collect" in b) {
    const rows = ctx.instances.iterations(b.collect.task).filter(isOk);
    return Promise.all(rows.map((r) => fromRow(r, b.collect.task, b.collect.output)));
  }
  return missing(row, "an artifact input is bound to a value that is not an artifact");
}

function compare(op: string, left: Json, right: Json): boolean {
  if (op === "eq") return canonicalJson(left) === canonicalJson(right);
  if (op === "ne") return canonicalJson(left) !== canonicalJson(right);
  if (typeof left !== "number" || typeof right !== "number") return false;
  if (op === "gt") return left > right;
  if (op === "gte") return left >= right;
  if (op === "lt") return left < right;
  return left <= right;
}

export function evaluateCondition(ctx: ResolveContext, row: TaskRecord, c: ConditionIR): boolean {
  switch (c.op) {
    case "truthy":
      return Boolean(resolveValue(ctx, row, c.value));
    case "and":
      return c.args.every((a) => evaluateCondition(ctx, row, a));
    case "or":
      return c.args.some((a) => evaluateCondition(ctx, row, a));
    case "not":
      return !evaluateCondition(ctx, row, c.arg);
    default:
      return compare(c.op, resolveValue(ctx, row, c.left), resolveValue(ctx, row, c.right));
  }
}
