/**
 * A pipeline whose artifacts live in an S3-compatible bucket: nothing in it says so, the
 * configuration does (CONVEYOR_ARTIFACTS and the AWS_* variables; see docs/artifacts.md).
 * `make` writes a dataset, which is uploaded; `fit` reads it as a local file, fetched from the
 * bucket (and checked against its digest) when this machine has no copy.
 *
 *   CONVEYOR_ARTIFACTS=s3://ml-artifacts/forest AWS_ENDPOINT_URL=http://127.0.0.1:9000 \
 *   AWS_ACCESS_KEY_ID=... AWS_SECRET_ACCESS_KEY=... node bin/conveyor.js run examples/s3-artifacts/pipeline.ts
 */
import { readFile } from "node:fs/promises";
import { component, Dataset, Model, param, pipeline } from "conveyor";

export const make = component({
  name: "make",
  inputs: {},
  outputs: { data: Dataset },
  async run({ data }) {
    await data.writeText("x\n1\n2\n");
  },
});

export const fit = component({
  name: "fit",
  inputs: { data: Dataset, trees: param.int() },
  outputs: { model: Model },
  async run({ data, trees, model }) {
    const rows = (await readFile(data.path, "utf8")).trim().split("\n").length - 1;
    await model.writeJson({ trees, rows });
  },
});

// Every run makes the same dataset (a second run reuses it from the cache) and its own model.
export default pipeline({ name: "forest", params: { trees: param.int({ default: 1 }) } }, (p) => {
  const m = make({});
  fit({ data: m.outputs.data, trees: p.trees });
});
