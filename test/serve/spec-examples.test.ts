/**
 * The published examples, sent as their documentation writes them: KServe's iris requests (V1
 * and Open Inference, from its scikit-learn "first inference" guides) to an iris classifier, and
 * the request bodies of MLflow's local inference server page to a model reading a, b and c.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { readCsv } from "../../src/ml/io/csv.ts";
import { createTable } from "../../src/ml/table.ts";
import { REPO_ROOT, type TestProject, testProject } from "../helpers/project.ts";
import { fit, post, register, serve } from "./serving-fixtures.ts";

describe("the protocols' published examples", () => {
  let project: TestProject;
  before(async () => {
    project = await testProject();
    const iris = await readCsv(join(REPO_ROOT, "data", "iris.csv"));
    await register(project, "sklearn-iris", await fit(iris, "target", "logistic-regression"), "champion");
    const a = Float64Array.from({ length: 30 }, (_, i) => i % 7);
    const b = Float64Array.from({ length: 30 }, (_, i) => (i * 3) % 11);
    const c = Float64Array.from({ length: 30 }, (_, i) => (i * 5) % 13);
    const y = a.map((v, i) => v + 2 * b[i]! + 3 * c[i]!);
    const abc = createTable([
      { name: "a", type: "number", values: a },
      { name: "b", type: "number", values: b },
      { name: "c", type: "number", values: c },
      { name: "y", type: "number", values: y },
    ]);
    await register(project, "abc", await fit(abc, "y", "linear-regression", {}, [{ kind: "select", columns: ["a", "b", "c"] }]), "champion");
  });
  after(() => project.cleanup());

  it("answers KServe's iris examples, V1 and Open Inference, with the classes the guides show", async () => {
    const { server, url } = await serve(project, { models: ["models:/sklearn-iris@champion"] });
    try {
      const v1 = await post(`${url}/v1/models/sklearn-iris:predict`, '{"instances": [[6.8, 2.8, 4.8, 1.4], [6.0, 3.4, 4.5, 1.6]]}');
      assert.equal(v1.text, '{"predictions":[1,1]}');
      const v2 = await post(
        `${url}/v2/models/sklearn-iris/infer`,
        '{"inputs": [{"name": "input-0", "shape": [2, 4], "datatype": "FP32", "data": [[6.8, 2.8, 4.8, 1.4], [6.0, 3.4, 4.5, 1.6]]}]}',
      );
      assert.equal(v2.text, '{"model_name":"sklearn-iris","model_version":"1","outputs":[{"name":"predict","shape":[2],"datatype":"INT64","data":[1,1]}]}');
    } finally {
      await server.close();
    }
  });

  it("reads the bodies of MLflow's scoring examples", async () => {
    const { server, url } = await serve(project, { models: ["models:/abc@champion"] });
    try {
      const bodies = [
        '{"dataframe_split": {"columns": ["a", "b", "c"], "data": [[1, 2, 3], [4, 5, 6]]}}',
        '{"dataframe_records": [{"a": 1,"b": 2,"c": 3}, {"a": 4,"b": 5,"c": 6}]}',
        '{"inputs": [[1, 2, 3], [4, 5, 6]]}',
        '{"inputs": {"a": [1, 4], "b": [2, 5], "c": [3, 6]}}',
      ];
      for (const body of bodies) {
        const response = await post(`${url}/invocations`, body);
        assert.equal(response.status, 200, `${body}: ${response.text}`);
        const { predictions } = response.body as { predictions: number[] };
        assert.deepEqual(Object.keys(response.body as object), ["predictions"]);
        assert.ok(Math.abs(predictions[0]! - 14) < 1e-9 && Math.abs(predictions[1]! - 32) < 1e-9, `${body}: ${response.text}`);
      }
      const csv = await post(`${url}/invocations`, "a,b,c\n1,2,3\n4,5,6\n", "text/csv");
      assert.equal(csv.status, 200, csv.text);
    } finally {
      await server.close();
    }
  });
});
