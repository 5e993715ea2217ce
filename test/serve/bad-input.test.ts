/** Bad requests get a 4xx naming what was wrong, in the protocol's error shape; the server never answers 5xx and stays up. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Endpoint } from "../../src/serve/endpoint.ts";
import { modelRefEndpoint } from "../../src/serve/model-ref-endpoint.ts";
import { silentLog } from "../../src/serve/serve-log.ts";
import { createModelServer, type ModelServer } from "../../src/serve/server.ts";
import { type TestProject, testProject } from "../helpers/project.ts";
import { churnTable, fit, post, priceTable, register, serve } from "./serving-fixtures.ts";

describe("model server bad input", () => {
  let project: TestProject;
  let server: ModelServer;
  let url: string;

  before(async () => {
    project = await testProject();
    await register(project, "churn", await fit(churnTable(), "churned", "logistic-regression"), "champion");
    await register(project, "price", await fit(priceTable(), "price", "linear-regression"), "champion");
    // No imputation: a missing value cannot reach this model.
    const strict = await fit(priceTable(), "price", "linear-regression", {}, [{ kind: "select", columns: ["size", "rooms"] }]);
    await register(project, "strict", strict, "champion");
    ({ server, url } = await serve(project, { models: ["models:/churn@champion", "models:/price@champion", "models:/strict@champion"], bodyLimit: 4096 }));
  });
  after(async () => {
    await server.close();
    await project.cleanup();
  });

  const tensor = (name: string, datatype: string, data: unknown[], shape: number[] = [data.length]) => ({ name, shape, datatype, data });
  const churnInputs = [tensor("tenure", "FP64", [3]), tensor("plan", "BYTES", ["pro"])];

  /** Posts to a V2 model's infer route and checks the status and the error message. */
  async function refused(model: string, body: unknown, status: number, message: string | RegExp, contentType?: string): Promise<void> {
    const response = await post(`${url}/v2/models/${model}/infer`, body, contentType);
    assert.equal(response.status, status, response.text);
    const error = (response.body as { error: string }).error;
    assert.equal(Object.keys(response.body as object).join(), "error");
    if (typeof message === "string") assert.equal(error, message);
    else assert.match(error, message);
  }

  it("refuses malformed JSON, an empty body, a wrong content type and a body over the limit", async () => {
    await refused("churn", '{"inputs": [', 400, "the body is not valid JSON");
    await refused("churn", "", 400, "the body is empty; send a JSON object");
    await refused("churn", "inputs=1", 415, "this route takes JSON bodies (Content-Type: application/json)", "text/plain");
    await refused("churn", "tenure,plan\n1,pro\n", 415, "/v2/models/churn/infer takes JSON bodies; CSV is read by /invocations", "text/csv");
    await refused("churn", { inputs: [tensor("tenure", "FP64", Array(3000).fill(1))] }, 413, "the body is larger than the server's limit; send fewer rows per request");
    const mlflow = await post(`${url}/invocations`, "{", "application/json");
    assert.deepEqual([mlflow.status, (mlflow.body as { error_code: string }).error_code], [400, "BAD_REQUEST"]);
  });

  it("refuses wrong structure, shapes and datatypes, naming the input and position", async () => {
    await refused("churn", [], 400, 'the request must be a JSON object with "inputs", got []');
    await refused("churn", { inputs: [] }, 400, '"inputs" must be a non-empty list of tensors ({ name, shape, datatype, data })');
    await refused("churn", { id: 7, inputs: churnInputs }, 400, '"id" must be a string, got 7');
    await refused("churn", { inputs: [tensor("tenure", "FP64", [1, 2], [3]), churnInputs[1]] }, 400, 'input "tenure": shape [3] holds 3 values, but "data" has 2');
    await refused("churn", { inputs: [tensor("tenure", "FP64", [1, 2], [1, 2]), churnInputs[1]] }, 400, 'input "tenure": a column tensor has shape [rows] or [rows, 1], got [1,2]');
    await refused("churn", { inputs: [tensor("tenure", "FP64", [1, 2]), churnInputs[1]] }, 400, 'input "plan" has 1 rows, but input "tenure" has 2');
    await refused("churn", { inputs: [tensor("tenure", "BYTES", ["3"]), churnInputs[1]] }, 400, 'input "tenure" is BYTES, but column "tenure" takes numbers: send FP64, FP32, INT64, INT32 or BOOL');
    await refused("churn", { inputs: [churnInputs[0], tensor("plan", "FP64", [1])] }, 400, 'input "plan" is FP64, but column "plan" takes text: send BYTES');
    await refused("churn", { inputs: [tensor("tenure", "INT32", [1.5]), churnInputs[1]] }, 400, 'input "tenure" at [0]: INT32 data must be whole numbers, got 1.5');
    await refused("churn", { inputs: [tensor("tenure", "FP32", ["3"]), churnInputs[1]] }, 400, 'input "tenure" at [0]: FP32 data must be numbers, got "3"');
    await refused("churn", { inputs: [tensor("tenure", "BOOL", [1]), churnInputs[1]] }, 400, 'input "tenure" at [0]: BOOL data must be true or false, got 1');
    await refused("churn", { inputs: [tensor("tenure", "UINT8", [1]), churnInputs[1]] }, 400, 'input "tenure": datatype "UINT8" is not served; use one of BOOL, INT32, INT64, FP32, FP64, BYTES');
    await refused("churn", { inputs: [churnInputs[0]] }, 400, 'no input for column "plan"; the model reads "tenure", "plan"');
    await refused("churn", { inputs: [...churnInputs, tensor("age", "FP64", [3])] }, 400, 'input "age" is not a column of the model; send one tensor per column ("tenure", "plan") or one 2-D tensor [rows, 2]');
    await refused("churn", { inputs: churnInputs, outputs: [{ name: "scores" }] }, 400, 'outputs[0].name must be "predict" or "predict_proba", got "scores"');
    await refused("price", { inputs: [tensor("x", "FP64", [1, 2, 3], [1, 3])] }, 400, 'input "x" has shape [1,3], but the model reads 2 columns ("size", "rooms"): [rows, 2]');
    await refused("price", { inputs: [tensor("x", "FP64", [], [0, 2])] }, 400, "the request has no rows");
    await refused("price", { inputs: [tensor("x", "FP64", [1, 2], [1, 2])], outputs: [{ name: "predict_proba" }] }, 400, 'models:/price/1 is a regressor: it has no "predict_proba" output, only "predict"');
  });

  it("refuses a missing value the model cannot take, naming the column and row, and scores it where the model imputes", async () => {
    await refused("strict", { inputs: [tensor("x", "FP64", [1, 2, null, 3], [2, 2])] }, 400, 'column "size" has a missing value at row 1');
    const imputed = await post(`${url}/v2/models/price/infer`, { inputs: [tensor("x", "FP64", [1, 2, null, 3], [2, 2])] });
    assert.equal(imputed.status, 200, imputed.text);
  });

  it("echoes a request id a header cannot carry in the body only, answering 200 rather than 500", async () => {
    for (const id of ["line\nbreak", "para\u2028graph", "emoji 🙂"]) {
      const response = await fetch(`${url}/v2/models/churn/infer`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ id, inputs: churnInputs }) });
      const body = (await response.json()) as { id: string };
      assert.deepEqual([response.status, body.id, response.headers.get("x-request-id")], [200, id, null]);
    }
    const plain = await post(`${url}/v2/models/churn/infer`, { id: "plain-1", inputs: churnInputs });
    assert.deepEqual([plain.status, (plain.body as { id: string }).id], [200, "plain-1"]);
  });

  it("answers 404 for an unknown model, version or route", async () => {
    await refused("nope", { inputs: churnInputs }, 404, 'no model "nope" is served here; it serves "churn", "price", "strict"');
    const version = await post(`${url}/v2/models/churn/versions/9/infer`, { inputs: churnInputs });
    assert.deepEqual([version.status, version.body], [404, { error: 'model "churn" has no version 9 loaded; it serves version 1' }]);
    const named = await fetch(`${url}/v2/models/churn/versions/latest`);
    assert.deepEqual([named.status, await named.json()], [404, { error: 'model "churn" has no version "latest"; versions are numbers from 1' }]);
    const v1 = await post(`${url}/v1/models/nope:predict`, { instances: [] });
    assert.equal(v1.status, 404);
    const route = await fetch(`${url}/v3/anything`);
    assert.deepEqual([route.status, await route.json()], [404, { error: "no route GET /v3/anything" }]);
  });

  it("refuses to start on a reference that cannot load, closing the endpoints it was given", async () => {
    const inner = await modelRefEndpoint({ store: project.store, artifacts: project.artifacts, reference: "models:/price@champion", log: silentLog });
    let closed = false;
    const endpoint: Endpoint = {
      name: inner.name,
      deployment: null,
      route: (request) => inner.route(request),
      version: (number) => inner.version(number),
      loaded: () => inner.loaded(),
      observe: (outcome) => inner.observe(outcome),
      close: async () => {
        closed = true;
        await inner.close();
      },
    };
    await assert.rejects(
      createModelServer({ endpoints: [endpoint], models: ["models:/churn@staging"], source: { store: project.store, artifacts: project.artifacts } }),
      (error: Error) => error.message === 'model "churn" has no alias "staging"',
    );
    assert.equal(closed, true);
  });

  it("answers a bounded fuzz of random requests with no 5xx and no stack trace, and stays up", async () => {
    let seed = 1;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const values = [0, -1, 1.5, 1e308, "x", "", null, true, false, [], {}, [1, [2]], "pro", 3, -0, 2 ** 53, "NaN"];
    const value = (depth: number): unknown => {
      if (depth > 2 || random() < 0.5) return pick(values);
      if (random() < 0.5) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(random() * 4) }, () => [pick(["name", "shape", "datatype", "data", "inputs", "id", "outputs", "tenure", "plan", "instances", "columns", "dataframe_split", "dataframe_records", "__proto__"]), value(depth + 1)]));
    };
    const tensorish = () => ({ name: pick(["tenure", "plan", "x", "size", "rooms"]), shape: pick([[1], [2], [1, 2], [2, 1], [-1], [0], "1", [1.5]]), datatype: pick(["FP64", "FP32", "INT32", "INT64", "BOOL", "BYTES", "STRING", 4]), data: value(1) });
    const bodies = [
      () => JSON.stringify({ inputs: [tensor("tenure", pick(["FP64", "INT64"]), [pick([3, 0, -7, 1e9, null])]), tensor("plan", "BYTES", [pick(["pro", "team", "unseen", "", null])])] }),
      () => JSON.stringify({ inputs: Array.from({ length: 1 + Math.floor(random() * 3) }, tensorish), ...(random() < 0.3 ? { outputs: [{ name: pick(["predict", "predict_proba", 1]) }] } : {}) }),
      () => JSON.stringify(value(0)),
      () => JSON.stringify({ instances: [value(1), value(1)] }),
      () => JSON.stringify({ [pick(["dataframe_split", "dataframe_records", "instances", "inputs"])]: value(1) }),
      () => JSON.stringify(value(0)).slice(0, Math.floor(random() * 20)),
      () => pick(["tenure,plan\n1,pro\n", "a,b\n\"x\n", ",,,\n", "size,rooms\n1,NaN\n"]),
    ];
    const paths = ["/v2/models/churn/infer", "/v2/models/price/infer", "/v2/models/strict/versions/1/infer", "/v1/models/churn:predict", "/v1/models/price:predict", "/invocations", "/v2/models/churn/versions/0/infer"];
    const statuses = new Map<number, number>();
    let sent = 0;
    const worker = async () => {
      while (sent < 2000) {
        sent += 1;
        const response = await fetch(`${url}${pick(paths)}`, {
          method: "POST",
          headers: { "content-type": pick(["application/json", "application/json", "application/json", "text/csv", "text/plain", "application/x-www-form-urlencoded"]) },
          body: pick(bodies)(),
        });
        const text = await response.text();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        assert.ok(response.status < 500, `${response.status}: ${text}`);
        assert.doesNotMatch(text, /\n\s+at |node_modules|\.ts:\d+/);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    assert.ok((statuses.get(400) ?? 0) > 100 && (statuses.get(200) ?? 0) > 0, JSON.stringify([...statuses]));
    assert.equal((await fetch(`${url}/v2/health/live`)).status, 200);
  });
});
