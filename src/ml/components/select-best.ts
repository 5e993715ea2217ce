import { ConveyorError } from "../../errors.ts";
import { component, Metrics, param } from "../../sdk/index.ts";

/**
 * The fan-in of a search spread with `forEach`: given each candidate's cross-validation score
 * and parameters (collected in the same order), picks the highest score (scores are
 * greater-is-better, as scikit-learn's scoring names make them), the first on a tie, and
 * ranks them all in `results`.
 */
export const selectBest = component({
  name: "select-best",
  version: "1",
  description: "Pick the best-scoring parameters of a fanned-out search",
  inputs: {
    scores: param.list(param.number(), { description: "each candidate's score, greater is better" }),
    candidates: param.list(param.json<Record<string, number | string | boolean>>(), {
      description: "each candidate's parameters, in the same order",
    }),
  },
  outputs: {
    params: param.json<Record<string, number | string | boolean>>(),
    score: param.number(),
    index: param.int(),
    results: Metrics,
  },
  run: async ({ scores, candidates, results }, ctx) => {
    if (scores.length !== candidates.length) {
      throw new ConveyorError(
        `${scores.length} scores but ${candidates.length} candidates`,
        "collect both from the same forEach iterations",
        "invalid_param",
      );
    }
    if (scores.length === 0) {
      throw new ConveyorError("there are no scored candidates to choose from", "check that the cross-validation tasks succeeded", "invalid_param");
    }
    const index = scores.reduce((best, score, i) => (score > scores[best]! ? i : best), 0);
    const ranked = scores.map((score, i) => ({
      params: candidates[i]!,
      score,
      rank: 1 + scores.filter((other) => other > score).length,
    }));
    await results.writeJson({ best: index, candidates: ranked });
    ctx.log.info(`best of ${scores.length}: ${scores[index]} with ${JSON.stringify(candidates[index])}`);
    return { params: candidates[index]!, score: scores[index]!, index };
  },
});
