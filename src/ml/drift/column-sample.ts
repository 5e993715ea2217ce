import { ConveyorError } from "../../errors.ts";
import { presentNumbers, presentStrings } from "../profile/present-values.ts";
import { type Category, countValues } from "../profile/value-counts.ts";
import type { Column } from "../table.ts";
import { countByBinIndex } from "./bin-index.ts";
import { type CategoryCounts, mergeCategoryCounts } from "./category-counts.ts";
import { chiSquareOfCounts } from "./chi-square.ts";
import { defaultDriftMethod, type DriftMethod, maxCategoricalDistinct } from "./drift-method.ts";
import { jensenShannonDistance } from "./jensen-shannon.ts";
import { ksStatisticAgainst } from "./ks-against-reference.ts";
import { type KsMethod, ksPValue } from "./ks-test.ts";
import { populationStabilityIndex } from "./psi.ts";
import { countSortedByInnerEdges } from "./quantile-bins.ts";
import { type ColumnReference, type NumberReference, referenceSize, requirePresent } from "./reference-profile.ts";
import { sortAlongReference } from "./sort-along-reference.ts";
import { wassersteinOfSorted } from "./wasserstein.ts";
import { proportionsZTestOfCounts } from "./z-test.ts";

/** A method's result on one column: a statistic, and a p-value for the tests. */
export interface Measurement {
  readonly statistic: number;
  readonly pValue?: number;
}

/**
 * A column of current data set against its reference profile, missing values left out.
 * Strings are compared as categories, and so are numbers with at most 5 distinct values
 * across both samples. What the methods share (the sorted values, the bin counts, the
 * category counts) is computed on first use, once.
 */
export class ColumnSample {
  readonly kind: "numeric" | "categorical";
  readonly size: number;
  private readonly numbers: Float64Array | undefined;
  private readonly strings: readonly string[] | undefined;
  private sortedNumbers: Float64Array | undefined;
  private counts: CategoryCounts | undefined;

  constructor(
    readonly reference: ColumnReference,
    current: Column,
    private readonly ksMethod: KsMethod = "auto",
  ) {
    if (reference.type !== current.type) {
      throw new ConveyorError(
        `column "${reference.name}" holds ${reference.type}s in the reference but ${current.type}s in the current data`,
        "compare data with the same schema; a schema expectation reports this before any drift test",
        "invalid_data",
      );
    }
    if (current.type === "number") {
      // The column itself when nothing is missing: a window's copy would cost as much as its test.
      this.numbers = current.values.includes(Number.NaN) ? presentNumbers(current.values) : current.values;
      this.size = this.numbers.length;
    } else {
      this.strings = presentStrings(current.values);
      this.size = this.strings.length;
    }
    this.kind = this.numbers === undefined || this.hasFewValues() ? "categorical" : "numeric";
  }

  get column(): string {
    return this.reference.name;
  }

  /** Evidently's method for the column (see drift-method.ts). */
  defaultMethod(): DriftMethod {
    const size = referenceSize(this.reference);
    if (this.kind === "numeric") return defaultDriftMethod("numeric", size);
    return defaultDriftMethod("categorical", size, this.categoryCounts().categories.length);
  }

  /** Runs one method; refuses an empty current sample and a method that does not fit the column. */
  measure(method: DriftMethod): Measurement {
    requirePresent(this.column, "current", this.size);
    switch (method) {
      case "ks": {
        const { sorted, rankIndex } = this.numberReference(method);
        const found = ksStatisticAgainst(sorted, rankIndex, this.sorted());
        const { statistic, pValue } = ksPValue(found, sorted.length, this.size, this.ksMethod);
        return { statistic, pValue };
      }
      case "wasserstein": {
        const reference = this.numberReference(method);
        const distance = wassersteinOfSorted(reference.sorted, this.sorted());
        // A constant reference divides by 0.001 instead of 0, as Evidently does.
        return { statistic: distance / Math.max(reference.standardDeviation, 0.001) };
      }
      case "chiSquare":
        return chiSquareOfCounts(this.categoryCounts(method));
      case "zTest":
        return proportionsZTestOfCounts(this.categoryCounts(method));
      case "psi":
        return { statistic: populationStabilityIndex(...this.binnedCounts()) };
      case "jensenShannon":
        return { statistic: jensenShannonDistance(...this.binnedCounts()) };
    }
  }

  /** Counts per category on both sides, over the categories either side holds. */
  categoryCounts(method?: DriftMethod): CategoryCounts {
    if (this.kind !== "categorical") {
      throw new ConveyorError(
        `the ${method} drift method compares categories, and column "${this.column}" is numeric (more than 5 distinct values)`,
        'use "ks", "wasserstein", "psi" or "jensenShannon" for a numeric column',
        "invalid_param",
      );
    }
    this.counts ??= mergeCategoryCounts(
      this.reference.categories!,
      countValues<Category>(this.numbers ?? this.strings!),
    );
    return this.counts;
  }

  /** Reference and current counts: per decile bin of the reference for numbers, per category otherwise. */
  private binnedCounts(): [readonly number[], readonly number[]] {
    if (this.kind === "categorical") {
      const counts = this.categoryCounts();
      return [counts.reference, counts.current];
    }
    const reference = this.reference as NumberReference;
    const current = this.sortedNumbers
      ? countSortedByInnerEdges(reference.innerEdges, this.sortedNumbers)
      : countByBinIndex(reference.binIndex, reference.rankIndex, reference.innerEdges, this.numbers!);
    return [reference.binCounts, current];
  }

  private numberReference(method: DriftMethod): NumberReference {
    if (this.reference.type === "number") return this.reference;
    throw new ConveyorError(
      `the ${method} drift method needs numbers, and column "${this.column}" holds strings`,
      'use "chiSquare", "zTest", "psi" or "jensenShannon" for a string column',
      "invalid_param",
    );
  }

  private sorted(): Float64Array {
    // A new array: the numbers may be the caller's column.
    this.sortedNumbers ??= sortAlongReference((this.reference as NumberReference).rankIndex, this.numbers!);
    return this.sortedNumbers;
  }

  /** Whether both samples together hold at most 5 distinct numbers. */
  private hasFewValues(): boolean {
    const categories = (this.reference as NumberReference).categories;
    if (!categories) return false;
    const distinct = new Set<number>(categories.keys());
    for (const value of this.numbers!) {
      distinct.add(value);
      if (distinct.size > maxCategoricalDistinct) return false;
    }
    return true;
  }
}
