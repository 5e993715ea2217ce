import type { Params } from "../models/model-params.ts";
import { mapOnPool } from "../pool-map.ts";
import type { PreparedFold } from "../tuning/cross-validate.ts";
import { foldSummary } from "../tuning/fold-summary.ts";
import { automlPool } from "./automl-pool.ts";
import type { UnrankedEntry } from "./leaderboard.ts";
import { type StageJob, scoreStageCandidate } from "./stage-job.ts";
import { rungSizes } from "./stage-rows.ts";

/** A candidate ready to fit: the concrete model kind and its parameters (seed included). */
export interface BracketCandidate {
  readonly id: number;
  readonly kind: string;
  readonly params: Params;
}

export interface BracketOptions {
  readonly bracket: number;
  /** Rows of the last rung (all training rows, up to a cap). */
  readonly finalRows: number;
  /** Keep 1 of every `eta` candidates at each rung, on `eta` times the rows. */
  readonly eta: number;
  readonly minRows: number;
  readonly scoring: string;
  readonly deadline: number;
  readonly threads: number;
  /** The prepared folds of the rung that trains on (about) this many rows. */
  readonly foldsFor: (rows: number) => { folds: readonly PreparedFold[]; rows: number };
  readonly log: (line: string) => void;
}

/**
 * One bracket of successive halving (Jamieson & Talwalkar; Hyperband's inner loop): every
 * candidate is cross-validated on a small sample of the rows, the best third goes on to three
 * times the rows, and so on up to all rows; candidates of a rung run in parallel on the pool.
 * Returns each candidate at the last rung it reached, and whether the time ran out.
 */
export async function runBracket(
  candidates: readonly BracketCandidate[],
  options: BracketOptions,
): Promise<{ entries: UnrankedEntry[]; timedOut: boolean }> {
  const rungs = rungSizes(options.finalRows, candidates.length, options.eta, options.minRows);
  const reached = new Map<number, UnrankedEntry>();
  let alive = [...candidates];
  for (const [stage, size] of rungs.entries()) {
    const { folds, rows } = options.foldsFor(size);
    options.log(`bracket ${options.bracket + 1}, rung ${stage + 1} of ${rungs.length}: ${alive.length} candidates on ${rows} rows`);
    const job: StageJob = { folds, scoring: options.scoring, candidates: alive, deadline: options.deadline };
    const scores = await mapOnPool(automlPool, job, alive.length, options.threads, scoreStageCandidate);
    const scored: UnrankedEntry[] = [];
    let timedOut = false;
    for (const [i, candidate] of alive.entries()) {
      const result = scores[i]!;
      if ("skipped" in result) {
        timedOut = true;
        continue;
      }
      const before = reached.get(candidate.id)?.seconds ?? 0;
      const common = { ...candidate, stage: stage + 1, stages: rungs.length, rows, bracket: options.bracket };
      const entry: UnrankedEntry =
        "error" in result
          ? { ...common, score: null, foldScores: [], seconds: before, error: result.error }
          : { ...common, score: foldSummary(result.foldScores).meanScore, foldScores: result.foldScores, seconds: before + result.seconds };
      reached.set(candidate.id, entry);
      if (entry.score !== null) scored.push(entry);
    }
    if (timedOut) return { entries: [...reached.values()], timedOut };
    const keep = Math.max(1, Math.floor(alive.length / options.eta));
    const promoted = new Set(scored.sort((a, b) => b.score! - a.score! || a.id - b.id).slice(0, keep).map((e) => e.id));
    alive = alive.filter((c) => promoted.has(c.id));
  }
  return { entries: [...reached.values()], timedOut: false };
}
