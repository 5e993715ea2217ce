import type { ModelFamily } from "../models/model-families.ts";
import type { Params } from "../models/model-params.ts";
import { sampleParameters } from "../tuning/parameter-sampler.ts";
import { searchSpaces } from "./search-spaces.ts";

export interface Candidate {
  /** Its place in the order candidates are drawn: the same for a seed on every run. */
  readonly id: number;
  readonly family: ModelFamily;
  readonly params: Params;
}

/**
 * An endless, seeded stream of candidates: every family's defaults first (a search that
 * stops early has still tried each kind as it comes), then draws from each family's space in
 * turn, round after round (families with an empty space drop out after their defaults).
 */
export function* candidateStream(families: readonly ModelFamily[], seed: number): Generator<Candidate> {
  let id = 0;
  for (const family of families) yield { id: id++, family, params: {} };
  const tunable = families.filter((f) => Object.keys(searchSpaces[f]).length > 0);
  if (tunable.length === 0) return;
  for (let round = 0; ; round++) {
    for (const [f, family] of tunable.entries()) {
      // One draw per family and round, each from a seed of its own.
      const [params] = sampleParameters(searchSpaces[family], 1, seed * 7919 + round * 104_729 + f * 31);
      yield { id: id++, family, params: params! };
    }
  }
}
