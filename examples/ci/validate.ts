/**
 * CI step "data validation": the training data has the columns, types, ranges and size the
 * model expects. A failed check fails the run, and `conveyor run` exits non-zero.
 */
import { ingestCsv, param, pipeline, validateData } from "conveyor";
import { FEATURES, TARGET } from "./columns.ts";

export default pipeline(
  { name: "iris-validate", params: { path: param.string({ default: "data/iris.csv", description: "the data the model trains on" }) } },
  (p) => {
    const raw = ingestCsv({ path: p.path });
    validateData({
      data: raw.outputs.data,
      expectations: [
        { kind: "schema", columns: Object.fromEntries([...FEATURES, TARGET].map((name) => [name, "number"])) },
        ...FEATURES.map((column) => ({ kind: "range", column, min: 0, max: 10 })),
        { kind: "notNull", column: TARGET },
        { kind: "inSet", column: TARGET, values: [0, 1, 2] },
        { kind: "rowCount", min: 100 },
      ],
    });
  },
);
