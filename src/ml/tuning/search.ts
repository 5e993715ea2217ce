import { ConveyorError } from "../../errors.ts";
import type { Split } from "../split.ts";
import { type LabelledTable, prepareFolds, scoreFolds, scorerFor } from "./cross-validate.ts";
import { foldSummary } from "./fold-summary.ts";
import { modelKind } from "../models/model-kinds.ts";
import type { Params } from "../models/model-params.ts";
import { type ParamGrid, parameterGrid } from "./parameter-grid.ts";
import { type ParamSpace, sampleParameters } from "./parameter-sampler.ts";

export interface SearchOptions {
  readonly data: LabelledTable;
  /** A model kind's name (see model-kinds.ts). */
  readonly model: string;
  readonly folds: readonly Split[];
  /** A scoring name, greater is better (see scoring.ts). */
  readonly scoring: string;
}

export interface CandidateResult {
  readonly params: Params;
  readonly foldScores: number[];
  readonly meanScore: number;
  /** Population standard deviation over folds, as scikit-learn's std_test_score. */
  readonly stdScore: number;
  /** 1 for the best mean score; equal means share a rank (scikit-learn's rank_test_score). */
  readonly rank: number;
}

export interface SearchResult {
  readonly scoring: string;
  /** One per candidate, in the order tried. */
  readonly results: CandidateResult[];
  /** The candidate with the highest mean score; the first of those on a tie. */
  readonly best: CandidateResult;
}

/** Cross-validates every combination of the grid's values (scikit-learn's GridSearchCV, without refit). */
export async function gridSearch(options: SearchOptions & { readonly grid: ParamGrid }): Promise<SearchResult> {
  return searchCandidates(options, parameterGrid(options.grid));
}

/** Cross-validates `iterations` parameter sets drawn from the space with the seed (RandomizedSearchCV, without refit). */
export async function randomSearch(
  options: SearchOptions & { readonly space: ParamSpace; readonly iterations: number; readonly seed: number },
): Promise<SearchResult> {
  return searchCandidates(options, sampleParameters(options.space, options.iterations, options.seed));
}

/**
 * Scores each candidate on the same folds, preprocessed once per fold.
 * Sequential, not a worker_threads pool: the models here fit in milliseconds on the data
 * sizes Conveyor's built-in components see (a 6 × 5-fold logistic search on wine: ~150 ms),
 * while two workers running TypeScript took ~1 s to start on a 2-core machine (tsx loads in
 * each) and must be sent every fold's matrices; larger searches are better
 * spread as separate pipeline tasks, which the engine already runs in parallel. (A random
 * forest still grows its trees on worker threads, within each fit.)
 */
export async function searchCandidates(options: SearchOptions, candidates: readonly Params[]): Promise<SearchResult> {
  if (candidates.length === 0) {
    throw new ConveyorError("there are no candidates to search", "give at least one parameter set", "invalid_param");
  }
  // Every candidate is checked before any is fitted, so a typo fails fast.
  for (const params of candidates) modelKind(options.model, params);
  const kind = modelKind(options.model);
  const score = scorerFor(kind, options.scoring);
  const folds = prepareFolds(options.data, options.folds, kind.task);
  const scored: Omit<CandidateResult, "rank">[] = [];
  for (const params of candidates) {
    const foldScores = await scoreFolds(folds, kind, params, score);
    scored.push({ params, foldScores, ...foldSummary(foldScores) });
  }
  const results = scored.map((r) => ({ ...r, rank: 1 + scored.filter((other) => other.meanScore > r.meanScore).length }));
  const best = results.reduce((a, b) => (b.meanScore > a.meanScore ? b : a));
  return { scoring: options.scoring, results, best };
}
