/**
 * Every entry of fixtures/drift/values.json (scipy 1.10 / numpy 1.24) reproduced to a
 * relative error of 1e-6: the test walks the whole file, so an entry without a computed
 * counterpart fails instead of being skipped.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  countByInnerEdges,
  jensenShannonDistance,
  jensenShannonDivergence,
  ksLimitPValue,
  ksTest,
  quantileBinnedPsi,
  referenceQuantileEdges,
  wassersteinDistance,
} from "../../src/ml/drift/index.ts";
import { countInBins, equalWidthEdges } from "../../src/ml/profile/histogram.ts";
import { standardDeviation } from "../../src/ml/profile/moments.ts";
import { profileColumn } from "../../src/ml/profile/profile-column.ts";
import { readFixtureText, readSample, sha256OfFixture } from "./drift-fixtures.ts";

type Json = number | string | boolean | null | Json[] | { [key: string]: Json };

const expected = JSON.parse(readFixtureText("values.json")) as Json;

/** Prose and generator versions: nothing to compute. */
const notComputed = new Set(["definitions", "software.scipy", "software.numpy"]);

const files = {
  reference: "drift_reference.txt",
  current_01: "drift_current_01.txt",
  current_05: "drift_current_05.txt",
};
const samples = {
  reference: readSample(files.reference),
  current_01: readSample(files.current_01),
  current_05: readSample(files.current_05),
};

function inputEntry(name: keyof typeof files): Json {
  return { file: files[name], sha256: sha256OfFixture(files[name]), n: samples[name].length };
}

function summary(values: Float64Array): Json {
  const profile = profileColumn({ name: "x", type: "number", values });
  return {
    mean: profile.numeric!.mean,
    std_ddof0: standardDeviation(values, 0),
    min: profile.numeric!.min,
    max: profile.numeric!.max,
  };
}

function comparison(reference: Float64Array, current: Float64Array): Json {
  const auto = ksTest(reference, current);
  const exact = ksTest(reference, current, "exact");
  const asymp = ksTest(reference, current, "asymp");
  const psi = quantileBinnedPsi(reference, current, 10);

  const sorted = reference.slice().sort();
  const deciles = referenceQuantileEdges(sorted, 10);
  const decileCounts = [countByInnerEdges(deciles, reference), countByInnerEdges(deciles, current)] as const;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const value of [...reference, ...current]) {
    min = Math.min(min, value);
    max = Math.max(max, value);
  }
  const edges = equalWidthEdges(min, max, 50);
  const widthCounts = [countInBins(edges, reference), countInBins(edges, current)] as const;

  return {
    ks: {
      statistic: auto.statistic,
      pvalue_auto: auto.pValue,
      auto_method_used: auto.method,
      pvalue_exact: exact.pValue,
      pvalue_asymp_scipy_kstwo: asymp.pValue,
      pvalue_kolmogorov_limit: ksLimitPValue(auto.statistic, reference.length, current.length),
      statistic_location: auto.location,
      statistic_sign: auto.sign,
    },
    psi_10_ref_quantile_bins: {
      psi: psi.psi,
      inner_edges: [...psi.innerEdges],
      reference_counts: [...psi.referenceCounts],
      current_counts: [...psi.currentCounts],
    },
    wasserstein: wassersteinDistance(reference, current),
    jensen_shannon_distance: {
      equal_width_50: {
        base2: jensenShannonDistance(...widthCounts, 2),
        base_e: jensenShannonDistance(...widthCounts),
        divergence_base2: jensenShannonDivergence(...widthCounts, 2),
        bin_range: [edges[0]!, edges[50]!],
      },
      reference_deciles: {
        base2: jensenShannonDistance(...decileCounts, 2),
        base_e: jensenShannonDistance(...decileCounts),
        divergence_base2: jensenShannonDivergence(...decileCounts, 2),
      },
    },
  };
}

const computed: Json = {
  inputs: {
    reference: inputEntry("reference"),
    current_01: inputEntry("current_01"),
    current_05: inputEntry("current_05"),
  },
  input_summary: {
    reference: summary(samples.reference),
    current_01: summary(samples.current_01),
    current_05: summary(samples.current_05),
  },
  values: {
    current_01: comparison(samples.reference, samples.current_01),
    current_05: comparison(samples.reference, samples.current_05),
    reference_vs_itself: {
      ks_statistic: ksTest(samples.reference, samples.reference).statistic,
      psi: quantileBinnedPsi(samples.reference, samples.reference).psi,
      wasserstein: wassersteinDistance(samples.reference, samples.reference),
    },
  },
};

/** Every leaf of a JSON value with its dotted path (array elements by index). */
function leaves(value: Json, path = ""): [string, Json][] {
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([key, child]) => leaves(child, path ? `${path}.${key}` : key));
  }
  return [[path, value]];
}

function lookup(value: Json | undefined, path: string): Json | undefined {
  for (const key of path.split(".")) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, Json>)[key];
  }
  return value;
}

test("every entry of values.json is reproduced to a relative error of 1e-6", () => {
  const entries = leaves(expected);
  let checked = 0;
  for (const [path, want] of entries) {
    if (notComputed.has(path)) continue;
    const got = lookup(computed, path);
    assert.notEqual(got, undefined, `values.json entry ${path} has no computed counterpart`);
    if (typeof want === "number" && typeof got === "number") {
      const error = want === 0 ? Math.abs(got) : Math.abs(got - want) / Math.abs(want);
      assert.ok(error <= 1e-6, `${path}: computed ${got}, scipy ${want} (relative error ${error})`);
    } else {
      assert.equal(got, want, path);
    }
    checked++;
  }
  assert.equal(checked + notComputed.size, entries.length);
  // The file as written: 3 inputs x 3 fields, 3 summaries x 4, 2 comparisons x 47, 3 self-checks.
  assert.equal(checked, 118);
});
