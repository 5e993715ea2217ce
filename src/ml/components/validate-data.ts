import { ConveyorError } from "../../errors.ts";
import { Artifact, component, Dataset, describe, optional, param } from "../../sdk/index.ts";
import { readDataset } from "../dataset-file.ts";

/**
 * Checks a dataset against declarative expectations (see src/ml/validate/expectation.ts).
 * A failure halts the pipeline with the report as the error, unless `warnOnly`. Downstream
 * tasks keep using the dataset this one checked: it passes nothing through. `reference` is
 * the dataset sameDistribution and noDrift compare with, usually the training data.
 */
export const validateData = component({
  name: "validate-data",
  version: "2",
  isolation: "thread",
  description: "Check a dataset's schema, missing values, ranges and row count",
  inputs: {
    data: Dataset,
    expectations: param.json({ description: "a list of Expectation objects" }),
    reference: optional(describe(Dataset, "the data sameDistribution and noDrift compare with, usually the training data")),
    warnOnly: param.boolean({ default: false, description: "log a failed check instead of failing the task" }),
  },
  outputs: {
    report: describe(Artifact("application/json"), "each expectation with what was observed"),
    passed: param.boolean(),
  },
  run: async ({ data, expectations, reference, warnOnly, report }, ctx) => {
    const { parseExpectations } = await import("../validate/parse-expectations.ts");
    const { renderReport } = await import("../validate/render-report.ts");
    const { validateTable } = await import("../validate/validate-table.ts");
    const options = reference ? { reference: await readDataset(reference) } : {};
    const result = validateTable(await readDataset(data), parseExpectations(expectations), options);
    if (!result.passed && !warnOnly) {
      throw new ConveyorError(
        renderReport(result, { failuresOnly: true }),
        "fix the data, or the expectations if they are wrong",
        "validation_failed",
      );
    }
    await report.writeJson(result);
    if (result.passed) ctx.log.info(renderReport(result));
    else ctx.log.warn(renderReport(result, { failuresOnly: true }));
    return { passed: result.passed };
  },
});
