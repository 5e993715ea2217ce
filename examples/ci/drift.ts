/**
 * CI step "drift check": the incoming data is compared, column by column, with the reference
 * data (what the serving model was trained on) using Evidently's default tests for each column;
 * the run fails, and `conveyor run` exits non-zero, when half the columns or more drifted.
 */
import { ingestCsv, param, pipeline, validateData } from "conveyor";

export default pipeline(
  {
    name: "iris-drift",
    params: {
      reference: param.string({ default: "data/iris.csv", description: "the data the serving model was trained on" }),
      current: param.string({ default: "data/iris.csv", description: "the incoming data" }),
    },
  },
  (p) => {
    const reference = ingestCsv({ path: p.reference });
    const current = ingestCsv({ path: p.current });
    validateData({ data: current.outputs.data, reference: reference.outputs.data, expectations: [{ kind: "noDrift" }] });
  },
);
