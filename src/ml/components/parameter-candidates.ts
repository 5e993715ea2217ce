import { component, param } from "../../sdk/index.ts";
import { typedModelParams } from "../model-call.ts";
import { modelFamilies } from "../models/model-family-names.ts";

/**
 * The parameter sets of a search, as a list for `forEach` to fan out over: one task per
 * candidate (cross-validate-model), then select-best to fan in. Every set is checked against
 * the model's parameters here, so a misspelt name fails before any task is spread.
 */
export const parameterCandidates = typedModelParams(
  component({
    name: "parameter-candidates",
    version: "1",
    description: "Expand a grid, or draw a random sample, of model parameters into a list",
    inputs: {
      kind: param.enum(modelFamilies, { description: "the model whose parameters these are" }),
      search: param.enum(["grid", "random"], { default: "grid" }),
      space: param.json({
        description: 'grid: { "maxDepth": [3, 5] }; random: lists or { "uniform" | "logUniform" | "integers": [low, high] }',
      }),
      iterations: param.int({ default: 10, min: 1, description: "candidates a random search draws" }),
      seed: param.int({ default: 0, min: 0, description: "the random search's seed" }),
    },
    outputs: { candidates: param.list(param.json<Record<string, number | string | boolean>>()), count: param.int() },
    run: async ({ kind, search, space, iterations, seed }, ctx) => {
      const { candidateParams } = await import("../tuning/search-space.ts");
      const { checkFamilyParams } = await import("../models/model-families.ts");
      const candidates = candidateParams(space, search, { iterations, seed }).map((params) => ({ ...params }));
      for (const params of candidates) checkFamilyParams(kind, params);
      ctx.log.info(`${candidates.length} candidates for ${kind}`);
      return { candidates, count: candidates.length };
    },
  }),
);
