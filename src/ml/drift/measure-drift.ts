import { ConveyorError } from "../../errors.ts";
import { countCategories } from "./category-counts.ts";
import { categoricalChiSquare } from "./chi-square.ts";
import type { DriftMethod } from "./drift-method.ts";
import { categoriesOf, type DriftSample } from "./drift-sample.ts";
import { jensenShannonDistance } from "./jensen-shannon.ts";
import { ksTest } from "./ks-test.ts";
import { populationStabilityIndex, quantileBinnedPsi } from "./psi.ts";
import { countByInnerEdges, referenceQuantileEdges } from "./quantile-bins.ts";
import { normedWassersteinDistance } from "./wasserstein.ts";
import { proportionsZTest } from "./z-test.ts";

/** Deciles, as PSI is usually binned; Jensen-Shannon on numbers uses the same bins. */
const numericBins = 10;

/** Runs one drift method on a sample: a statistic, and a p-value for the tests. */
export function measureDrift(method: DriftMethod, sample: DriftSample): { statistic: number; pValue?: number } {
  switch (method) {
    case "ks": {
      const { statistic, pValue } = ksTest(...numbers(sample, method));
      return { statistic, pValue };
    }
    case "wasserstein":
      return { statistic: normedWassersteinDistance(...numbers(sample, method)) };
    case "chiSquare":
      return categoricalChiSquare(...categories(sample, method));
    case "zTest":
      return proportionsZTest(...categories(sample, method));
    case "psi": {
      if (sample.kind === "categorical") return { statistic: populationStabilityIndex(...categoryCounts(sample)) };
      return { statistic: quantileBinnedPsi(...numbers(sample, method), numericBins).psi };
    }
    case "jensenShannon":
      if (sample.kind === "numeric") return { statistic: jensenShannonDistance(...decileCounts(sample)) };
      return { statistic: jensenShannonDistance(...categoryCounts(sample)) };
  }
}

function numbers(sample: DriftSample, method: DriftMethod): [Float64Array, Float64Array] {
  if (sample.reference instanceof Float64Array && sample.current instanceof Float64Array) {
    return [sample.reference, sample.current];
  }
  throw new ConveyorError(
    `the ${method} drift method needs numbers, and column "${sample.column}" holds strings`,
    'use "chiSquare", "zTest", "psi" or "jensenShannon" for a string column',
    "invalid_param",
  );
}

function categories(sample: DriftSample, method: DriftMethod) {
  if (sample.kind === "categorical") return [categoriesOf(sample.reference), categoriesOf(sample.current)] as const;
  throw new ConveyorError(
    `the ${method} drift method compares categories, and column "${sample.column}" is numeric (more than 5 distinct values)`,
    'use "ks", "wasserstein", "psi" or "jensenShannon" for a numeric column',
    "invalid_param",
  );
}

function categoryCounts(sample: DriftSample): [readonly number[], readonly number[]] {
  const counts = countCategories(categoriesOf(sample.reference), categoriesOf(sample.current));
  return [counts.reference, counts.current];
}

function decileCounts(sample: DriftSample): [readonly number[], readonly number[]] {
  const [reference, current] = numbers(sample, "jensenShannon");
  const edges = referenceQuantileEdges(reference.slice().sort(), numericBins);
  return [countByInnerEdges(edges, reference), countByInnerEdges(edges, current)];
}
