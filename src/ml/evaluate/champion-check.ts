/** "Better than the champion on the same evaluation data by at least X": shared by gateModel and registerModel. */
import { ConveyorError, isConveyorError } from "../../errors.ts";
import type { Table } from "../table.ts";
import type { TrainedModel } from "../trained-model.ts";
import { evaluateTrained } from "./evaluate-trained.ts";
import { championCheck, type GateCheck } from "./gate-checks.ts";

/** The metric compared when none is given: the headline score evaluateModel reports. */
export function defaultComparison(model: TrainedModel): string {
  return model.task === "classification" ? "accuracy" : "r2";
}

export interface ChampionComparison {
  readonly check: GateCheck;
  /** Every score of the champion on the same data. */
  readonly championScores: Record<string, number>;
}

/**
 * Scores the champion on `table` (the data the candidate's `scores` come from) and checks the
 * candidate against it. Models that predict different things cannot be compared.
 */
export async function checkAgainstChampion(
  candidate: TrainedModel,
  scores: Readonly<Record<string, number>>,
  champion: TrainedModel,
  table: Table,
  metric: string,
  minImprovement: number,
): Promise<ChampionComparison> {
  if (champion.task !== candidate.task || champion.target !== candidate.target) {
    throw new ConveyorError(
      `the champion does ${champion.task} of "${champion.target}", the model ${candidate.task} of "${candidate.target}"`,
      "compare models that predict the same target",
      "invalid_param",
    );
  }
  const championScores = await scoresOf(champion, table);
  return { check: championCheck(scores, championScores, metric, minImprovement), championScores };
}

/** The champion's scores; its failure to read the data is told as the champion's. */
async function scoresOf(champion: TrainedModel, table: Table): Promise<Record<string, number>> {
  try {
    return (await evaluateTrained(champion, table)).scores;
  } catch (error) {
    if (!isConveyorError(error)) throw error;
    throw new ConveyorError(`the champion model cannot score the data: ${error.message}`, error.hint, error.code);
  }
}
