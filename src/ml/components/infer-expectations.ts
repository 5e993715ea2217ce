import { Artifact, component, Dataset, describe, param } from "../../sdk/index.ts";
import type { Json } from "../../json.ts";
import { readDataset } from "../dataset-file.ts";
import { countChecks } from "../validate/count-checks.ts";
import { inferredKinds, inferSuite } from "../validate/infer-suite.ts";

/**
 * Proposes an expectation suite from a reference dataset (usually the training data): types,
 * no missing values where there were none, observed ranges widened a little, small sets of
 * text values. Feed `expectations` to validate-data, or review the `suite` file and commit it.
 * `kinds` chooses what to infer; `rowCountTolerance` how far the row count may move (a suite
 * inferred on training rows and checked on test rows needs about 1 / testFraction).
 */
export const inferExpectations = component({
  name: "infer-expectations",
  version: "2",
  isolation: "thread",
  description: "Infer a validation suite (schema, not-null, ranges, value sets) from a reference dataset",
  inputs: {
    data: Dataset,
    kinds: param.list(param.enum(inferredKinds), {
      default: [...inferredKinds],
      min: 1,
      description: "the kinds of expectation to infer",
    }),
    rowCountTolerance: param.number({
      default: 2,
      min: 1,
      description: "the row count may be this many times smaller or larger than the reference's",
    }),
  },
  outputs: {
    suite: describe(Artifact("application/json"), "the inferred expectations, to review and commit"),
    expectations: param.json(),
  },
  run: async ({ data, kinds, rowCountTolerance, suite }, ctx) => {
    const inferred = inferSuite(await readDataset(data), { kinds, rowCountTolerance });
    const expectations = inferred as unknown as Json;
    await suite.writeJson(expectations);
    // Counted as validate-data's report counts checks, so the two numbers can be compared.
    const { total, byKind } = countChecks(inferred);
    const perKind = Object.entries(byKind).map(([kind, count]) => `${count} ${kind}`);
    ctx.log.info(`inferred ${inferred.length} expectations making ${total} checks: ${perKind.join(", ")}`, { checks: byKind });
    return { expectations };
  },
});
