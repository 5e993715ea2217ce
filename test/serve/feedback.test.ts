import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import Fastify, { type FastifyInstance } from "fastify";
import { getColumn, type Table } from "../../src/ml/table.ts";
import { type FeedbackLog, openFeedbackLog } from "../../src/serve/prediction-log/feedback-log.ts";
import { feedbackRoutes } from "../../src/serve/prediction-log/feedback-route.ts";
import { PredictionLog } from "../../src/serve/prediction-log/prediction-log.ts";
import { readLabelledPredictions } from "../../src/serve/prediction-log/read-predictions.ts";
import { type TestProject, testProject } from "../helpers/project.ts";
import { record, T0 } from "./prediction-records.ts";

const values = (table: Table, name: string): (number | string | null)[] => Array.from<number | string | null>(getColumn(table, name).values);

describe("feedback", () => {
  let project: TestProject;
  let feedback: FeedbackLog;
  let app: FastifyInstance;
  let url: string;
  before(async () => {
    project = await testProject("sqlite");
    feedback = await openFeedbackLog({ store: project.store, root: project.dir, maxBufferedRows: 100 });
    app = Fastify();
    await app.register(feedbackRoutes(feedback));
    url = `${await app.listen({ host: "127.0.0.1", port: 0 })}/v2/feedback`;
  });
  after(async () => {
    await app.close();
    await feedback.close();
    await project.cleanup();
  });

  const post = async (body: string, contentType = "application/json") => {
    const response = await fetch(url, { method: "POST", headers: { "content-type": contentType }, body });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it("takes one label or a list, and joins the latest label of each row to its prediction", async () => {
    const log = await PredictionLog.open({ store: project.store, root: project.dir });
    for (let i = 0; i < 10; i++) log.append(record(i));
    log.append(record(10, { requestId: "batch", row: 0 }));
    log.append(record(11, { requestId: "batch", row: 1 }));
    await log.close();

    assert.deepEqual(await post(JSON.stringify({ id: "req-3", label: 1 })), { status: 202, body: { accepted: 1 } });
    assert.deepEqual(await post(JSON.stringify({ id: "req-4", row: 0, label: 0 })), { status: 202, body: { accepted: 1 } });
    assert.deepEqual(
      await post(JSON.stringify([{ id: "batch", row: 1, label: 1 }, { id: "req-3", label: 0 }, { id: "unknown", label: 1 }])),
      { status: 202, body: { accepted: 3 } },
    );
    await feedback.flush();

    const labelled = await readLabelledPredictions(project.store, { root: project.dir, deployment: "churn-prod", from: new Date(T0) });
    assert.deepEqual(values(labelled, "request_id"), ["req-3", "req-4", "batch"]);
    assert.deepEqual(values(labelled, "row"), [0, 0, 1]);
    // req-3 was labelled twice: the later label counts.
    assert.deepEqual(values(labelled, "label"), [0, 0, 1]);
    assert.deepEqual(values(labelled, "prediction"), [1, 0, 0]);
    assert.ok(values(labelled, "label_time").every((t) => typeof t === "number" && t > T0));
    assert.equal(getColumn(labelled, "feature.tenure").type, "number");

    const none = await readLabelledPredictions(project.store, { root: project.dir, deployment: "nobody" });
    assert.equal(none.rowCount, 0);
    assert.ok(none.columns.some((c) => c.name === "label"));
  });

  it("answers 400 naming the bad field, and keeps serving", async () => {
    const cases: [string, RegExp][] = [
      ["{", /JSON/i],
      ["[]", /the body is an empty list/],
      ['"x"', /the body is "x", not an object/],
      ['{"label": 1}', /"id" is missing/],
      ['{"id": 7, "label": 1}', /"id" is 7/],
      ['{"id": "a", "row": -1, "label": 1}', /"row" is -1/],
      ['{"id": "a", "row": 0.5, "label": 1}', /"row" is 0.5/],
      ['{"id": "a"}', /"label" is missing/],
      ['{"id": "a", "label": null}', /"label" is null/],
      ['[{"id": "a", "label": 1}, {"id": "b", "label": [1]}]', /\[1\]\.label is a list/],
      ['{"id": "a", "lable": 1}', /"lable" is not a field of a label/],
    ];
    for (const [body, message] of cases) {
      const answer = await post(body);
      assert.equal(answer.status, 400, body);
      assert.match(String(answer.body.error), message, body);
    }
    assert.equal((await post('<label id="a">1</label>', "application/xml")).status, 415);
    assert.deepEqual(await post(JSON.stringify({ id: "still-up", label: true })), { status: 202, body: { accepted: 1 } });
  });

  it("answers 503 when the buffer cannot take the labels", async () => {
    const many = Array.from({ length: 150 }, (_, i) => ({ id: `full-${i}`, label: 1 }));
    const answer = await post(JSON.stringify(many));
    assert.equal(answer.status, 503);
    assert.match(String(answer.body.error), /post them again/);
  });
});
