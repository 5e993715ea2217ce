import { isConveyorError } from "../../errors.ts";
import { scorerFor, scoreFolds, type PreparedFold } from "../tuning/cross-validate.ts";
import { modelKind } from "../models/model-kinds.ts";
import type { Params } from "../models/model-params.ts";

/** One rung of successive halving as the pool receives it: the folds, once, and the candidates to score on them. */
export interface StageJob {
  readonly folds: readonly PreparedFold[];
  readonly scoring: string;
  readonly candidates: readonly { readonly kind: string; readonly params: Params }[];
  /** Epoch milliseconds after which no candidate starts (Infinity: no time limit). */
  readonly deadline: number;
}

export type StageScore =
  | { readonly foldScores: number[]; readonly seconds: number }
  | { readonly skipped: true }
  | { readonly error: string };

/**
 * Cross-validates candidate `index` of the job on its folds, or skips it when the time is up.
 * A forest grows its trees on this thread alone: the candidates already fill the threads. A
 * candidate the data does not suit (a user error, such as more neighbours than rows) is
 * reported as failed and the search goes on.
 */
export async function scoreStageCandidate(job: StageJob, index: number): Promise<StageScore> {
  if (now() > job.deadline) return { skipped: true };
  const { kind: name, params } = job.candidates[index]!;
  const kind = modelKind(name, params);
  const started = now();
  const fitParams = kind.params.includes("threads") ? { ...params, threads: 1 } : params;
  try {
    const foldScores = await scoreFolds(job.folds, kind, fitParams, scorerFor(kind, job.scoring));
    return { foldScores, seconds: (now() - started) / 1000 };
  } catch (error) {
    if (!isConveyorError(error)) throw error;
    return { error: error.message };
  }
}

/** Epoch milliseconds, sub-millisecond and comparable across threads. */
export function now(): number {
  return performance.timeOrigin + performance.now();
}
