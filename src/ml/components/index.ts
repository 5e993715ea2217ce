/**
 * The built-in ML components, written against the SDK as any user's would be. Each sets
 * `version`: the cache key sees the source of `run` but not of the code it calls, so bump
 * the version when that code changes what the component produces.
 */
export { checkModel } from "./check-model.ts";
export { evaluateClassifier } from "./evaluate-classifier.ts";
export { ingestCsv } from "./ingest-csv.ts";
export { splitData } from "./split-data.ts";
export { trainLogisticRegression } from "./train-logistic-regression.ts";
export { validateData } from "./validate-data.ts";
