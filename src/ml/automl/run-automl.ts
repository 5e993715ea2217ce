import { availableParallelism } from "node:os";
import { ConveyorError } from "../../errors.ts";
import { fitModel } from "../fit-model.ts";
import { familyKind } from "../models/model-families.ts";
import { type ModelTask, modelKind } from "../models/model-kinds.ts";
import { seeded } from "../models/model-params.ts";
import type { Table } from "../table.ts";
import { takeRows } from "../table-rows.ts";
import { targetColumn, taskTarget } from "../target-column.ts";
import type { FittedModel } from "../trained-model.ts";
import { trainingSteps } from "../training-steps.ts";
import { type PreparedFold, prepareFolds, scorerFor } from "../tuning/cross-validate.ts";
import { kFold } from "../tuning/k-fold.ts";
import { stratifiedKFold } from "../tuning/stratified-k-fold.ts";
import { candidateStream } from "./candidates.ts";
import { type FeatureSelection, selectFeatures } from "./feature-selection.ts";
import { type LeaderboardEntry, rankLeaderboard, type UnrankedEntry } from "./leaderboard.ts";
import { familiesFor } from "./search-spaces.ts";
import { now } from "./stage-job.ts";
import { stageRows } from "./stage-rows.ts";
import { type BracketCandidate, runBracket } from "./successive-halving.ts";

export interface AutoMLOptions {
  readonly target: string;
  readonly task: ModelTask;
  /** A scikit-learn scoring name; empty: accuracy for classification, r2 for regression. */
  readonly scoring: string;
  readonly folds: number;
  readonly seed: number;
  /** Candidates to try, at most; 0: as many as the time allows. */
  readonly trials: number;
  /** Seconds of searching, at most; 0: no limit (then trials must be given). */
  readonly seconds: number;
  /** Threads scoring candidates at once; 0: every core. */
  readonly threads: number;
  readonly log?: (line: string) => void;
}

export interface AutoMLResult {
  readonly model: FittedModel;
  readonly best: LeaderboardEntry;
  readonly leaderboard: LeaderboardEntry[];
  readonly features: FeatureSelection;
  readonly scoring: string;
}

/** Each rung keeps a third of its candidates and gives them three times the rows. */
const ETA = 3;
/** Rungs below this many rows would rank candidates mostly by noise. */
const MIN_RUNG_ROWS = 100;
/**
 * Cross-validation sees at most this many rows (a seeded sample): past it scores barely move
 * while every fit grows; the chosen model is refitted on all rows.
 */
const MAX_SEARCH_ROWS = 20_000;

/**
 * Feature selection, then brackets of successive halving over the families' candidates until
 * the trial or time budget is spent, then the best candidate (highest cross-validated score
 * on the most rows) refitted on every row with the kept features. With a trial budget and no
 * time limit the search, the leaderboard and the model are the same on every run.
 */
export async function runAutoML(table: Table, options: AutoMLOptions): Promise<AutoMLResult> {
  const { target, task, seed, trials, seconds } = options;
  const log = options.log ?? (() => {});
  if (trials === 0 && seconds === 0) {
    throw new ConveyorError("AutoML was given no budget", "give trials (candidates to try) or seconds (time to search), or both", "invalid_param");
  }
  const started = now();
  const deadline = seconds > 0 ? started + seconds * 1000 : Number.POSITIVE_INFINITY;
  const y = taskTarget(table, target, task);
  const features = selectFeatures(table, target, task);
  for (const d of features.dropped) log(`dropped feature "${d.name}": ${d.reason}, ${d.detail}`);
  const steps = trainingSteps(table, target, features.kept.map((f) => f.name), "auto");
  const families = familiesFor[task];
  const kindOf = (family: (typeof families)[number]) => familyKind(family, task, targetColumn(table, target));
  const scoring = options.scoring || (task === "classification" ? "accuracy" : "r2");
  scorerFor(kindOf(families[0]!), scoring);
  const prepared = new Map<number, { folds: readonly PreparedFold[]; rows: number }>();
  const foldsFor = (size: number) => {
    const cached = prepared.get(size);
    if (cached) return cached;
    const rows = stageRows(y, task, size, seed, options.folds);
    const sample = takeRows(table, rows);
    const splitOptions = { folds: options.folds, shuffleSeed: seed };
    const splits = task === "classification" ? stratifiedKFold(targetColumn(sample, target).values, splitOptions) : kFold(rows.length, splitOptions);
    const made = { folds: prepareFolds({ table: sample, target, preprocessing: steps }, splits, task), rows: rows.length };
    prepared.set(size, made);
    return made;
  };
  const stream = candidateStream(families, seed);
  const entries: UnrankedEntry[] = [];
  let tried = 0;
  for (let bracket = 0; (trials === 0 || tried < trials) && now() < deadline; bracket++) {
    const size = Math.min(families.length * ETA, trials === 0 ? Number.POSITIVE_INFINITY : trials - tried);
    const candidates: BracketCandidate[] = [];
    // next() rather than for-of, which would close the stream at the first break.
    for (let drawn = stream.next(); !drawn.done; drawn = stream.next()) {
      const { id, family, params } = drawn.value;
      const kind = kindOf(family);
      candidates.push({ id, kind: kind.name, params: seeded(params, kind.params, seed) });
      if (candidates.length === size) break;
    }
    if (candidates.length === 0) break;
    tried += candidates.length;
    const { entries: reached, timedOut } = await runBracket(candidates, {
      bracket,
      finalRows: Math.min(table.rowCount, MAX_SEARCH_ROWS),
      eta: ETA,
      minRows: MIN_RUNG_ROWS,
      scoring,
      deadline,
      threads: options.threads || availableParallelism(),
      foldsFor,
      log,
    });
    entries.push(...reached);
    if (timedOut) break;
  }
  const leaderboard = rankLeaderboard(entries);
  const best = leaderboard[0];
  if (best?.score === null) {
    throw new ConveyorError(
      `every AutoML candidate failed; the first: ${best.kind}: ${best.error}`,
      "check the data against the message",
      "invalid_data",
    );
  }
  if (best === undefined) {
    throw new ConveyorError(
      `the AutoML budget ran out before any candidate was cross-validated (${seconds} s, spent ${((now() - started) / 1000).toFixed(2)} s on feature selection and preparing folds)`,
      "give more seconds, or a trial budget instead (trials: 1 scores one candidate)",
      "invalid_param",
    );
  }
  log(`best: ${best.kind} ${JSON.stringify(best.params)}, ${scoring} ${best.score} on ${best.rows} rows`);
  const model = await fitModel(table, { target, kind: modelKind(best.kind, best.params), params: best.params, steps });
  return { model, best, leaderboard, features, scoring };
}
