import { ConveyorError } from "../../errors.ts";
import type { ModelTask } from "../models/model-kinds.ts";
import type { Column, Table } from "../table.ts";
import { targetColumn } from "../target-column.ts";
import { featureRelevance } from "./feature-relevance.ts";
import { targetLeak } from "./target-leak.ts";

export interface KeptFeature {
  readonly name: string;
  /** 1 for the feature that alone explains most of the target. */
  readonly rank: number;
  /** The share of the target's variance the feature alone explains, in [0, 1] (feature-relevance.ts). */
  readonly relevance: number;
}

export interface DroppedFeature {
  readonly name: string;
  readonly reason: "constant" | "duplicate" | "identifier" | "leak";
  readonly detail: string;
}

export interface FeatureSelection {
  readonly kept: KeptFeature[];
  readonly dropped: DroppedFeature[];
}

/**
 * The features AutoML trains on, from every column but the target, checked in this order:
 * constant columns (one value, or none) and duplicates of an earlier column teach nothing; an
 * identifier (a different text, or whole number, in every row) fits the training rows and
 * nothing else; a column that leaks the target (target-leak.ts) would win every comparison
 * and fail in use. The rest are kept and ranked by relevance.
 */
export function selectFeatures(table: Table, target: string, task: ModelTask): FeatureSelection {
  const answer = targetColumn(table, target);
  const dropped: DroppedFeature[] = [];
  const candidates: Column[] = [];
  for (const column of table.columns) {
    if (column.name === target) continue;
    const reason = dropReason(column, candidates, answer, task);
    if (reason) dropped.push({ name: column.name, ...reason });
    else candidates.push(column);
  }
  if (candidates.length === 0) {
    throw new ConveyorError(
      `no usable feature is left to predict "${target}": ${dropped.map((d) => `"${d.name}" (${d.reason})`).join(", ")}`,
      "add columns that carry information about the target",
      "invalid_data",
    );
  }
  const scored = candidates.map((c) => ({ name: c.name, relevance: featureRelevance(c, answer, task) }));
  // Ties keep the table's order, so the ranking is the same on every run.
  const order = scored.map((_, i) => i).sort((a, b) => scored[b]!.relevance - scored[a]!.relevance || a - b);
  const kept = order.map((i, position) => ({ name: scored[i]!.name, rank: position + 1, relevance: scored[i]!.relevance }));
  return { kept, dropped };
}

function dropReason(
  column: Column,
  earlier: readonly Column[],
  target: Column,
  task: ModelTask,
): Omit<DroppedFeature, "name"> | undefined {
  const distinct = distinctValues(column);
  if (distinct <= 1) return { reason: "constant", detail: distinct === 0 ? "no values" : "the same value in every row" };
  const twin = earlier.find((other) => sameValues(column, other));
  if (twin) return { reason: "duplicate", detail: `the same values as "${twin.name}"` };
  if (distinct === column.values.length && column.values.length >= 20 && isIdentifierType(column)) {
    return { reason: "identifier", detail: `a different ${column.type === "string" ? "text" : "whole number"} in every row` };
  }
  const leak = targetLeak(column, target, task);
  return leak ? { reason: "leak", detail: leak } : undefined;
}

/** Distinct present values (NaN and null are missing, not values). */
function distinctValues(column: Column): number {
  const seen = new Set<number | string>();
  for (const value of column.values) {
    if (value === null || (typeof value === "number" && Number.isNaN(value))) continue;
    seen.add(value);
  }
  return seen.size;
}

function sameValues(a: Column, b: Column): boolean {
  if (a.type !== b.type) return false;
  for (let r = 0; r < a.values.length; r++) {
    const x = a.values[r];
    const y = b.values[r];
    if (x !== y && !(Number.isNaN(x) && Number.isNaN(y))) return false;
  }
  return true;
}

/** Text, or whole numbers: what a key looks like (a measurement in every row differs too, but is not a key). */
function isIdentifierType(column: Column): boolean {
  return column.type === "string" || column.values.every((v) => Number.isInteger(v));
}
