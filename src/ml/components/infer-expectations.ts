import { Artifact, component, Dataset, describe, param } from "../../sdk/index.ts";
import type { Json } from "../../sdk/json.ts";
import { readDataset } from "../dataset-file.ts";
import { inferSuite } from "../validate/infer-suite.ts";

/**
 * Proposes an expectation suite from a reference dataset (usually the training data): types,
 * no missing values where there were none, observed ranges widened a little, small sets of
 * text values. Feed `expectations` to validate-data, or review the `suite` file and commit it.
 */
export const inferExpectations = component({
  name: "infer-expectations",
  version: "1",
  isolation: "thread",
  description: "Infer a validation suite (schema, not-null, ranges, value sets) from a reference dataset",
  inputs: { data: Dataset },
  outputs: {
    suite: describe(Artifact("application/json"), "the inferred expectations, to review and commit"),
    expectations: param.json(),
  },
  run: async ({ data, suite }, ctx) => {
    const expectations = inferSuite(await readDataset(data)) as unknown as Json;
    await suite.writeJson(expectations);
    ctx.log.info(`inferred ${(expectations as Json[]).length} expectations`);
    return { expectations };
  },
});
