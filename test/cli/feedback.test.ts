/** `conveyor feedback`: labels from a CSV file, joined to the logged predictions. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { getColumn } from "../../src/ml/table.ts";
import { PredictionLog } from "../../src/serve/prediction-log/prediction-log.ts";
import { readLabelledPredictions } from "../../src/serve/prediction-log/read-predictions.ts";
import { openStore } from "../../src/store/open.ts";
import type { MetadataStore } from "../../src/store/types.ts";
import { record } from "../serve/prediction-records.ts";
import { assertOk, assertUserError, json, type Project, project } from "./harness.ts";

describe("conveyor feedback", () => {
  let p: Project;
  let store: MetadataStore;
  before(async () => {
    p = await project();
    store = await openStore({ root: p.dir, url: "" });
    const log = await PredictionLog.open({ store, root: p.dir });
    for (let i = 0; i < 5; i++) log.append(record(i));
    log.append(record(5, { requestId: "007", row: 1 }));
    await log.close();
  });
  after(() => store.close());

  it("records the labels of a file, joined by request id and row", async () => {
    await p.write("labels.csv", "id,label\nreq-1,1\nreq-2,0\n");
    assertOk(await p.cli("feedback", "--input", "labels.csv"));
    // Ids that look like numbers stay text: "007" is not 7.
    await p.write("outcomes.csv", "request,row,churned\n007,1,yes\nreq-4,0,no\n");
    assert.deepEqual(
      json(await p.cli("feedback", "--input", "outcomes.csv", "--id-column", "request", "--label-column", "churned", "--row-column", "row", "--json")),
      { labels: 2, segments: 1 },
    );
    const labelled = await readLabelledPredictions(store, { root: p.dir });
    assert.deepEqual(getColumn(labelled, "request_id").values, ["req-1", "req-2", "req-4", "007"]);
    assert.deepEqual(getColumn(labelled, "label").values, ["1.0", "0.0", "no", "yes"]);
  });

  it("refuses a file with a missing column or a bad row, naming it, and records nothing", async () => {
    const before = await p.fingerprint();
    await p.write("bad.csv", "id,label,row\nreq-1,1,0\n,1,0\nreq-3,,0\nreq-4,1,-1\n");
    assertUserError(await p.cli("feedback", "--input", "bad.csv", "--label-column", "outcome"), 'no column "outcome" (--label-column)', '"id", "label", "row"');
    assertUserError(await p.cli("feedback", "--input", "bad.csv"), "line 3", 'column "id"', "the request id is empty");
    await p.write("bad-label.csv", "id,label\nreq-1,1\nreq-3,\n");
    assertUserError(await p.cli("feedback", "--input", "bad-label.csv"), "line 3", "the label is empty");
    await p.write("bad-row.csv", "id,label,row\nreq-1,1,0\nreq-4,1,-1\n");
    assertUserError(await p.cli("feedback", "--input", "bad-row.csv", "--row-column", "row"), "line 3", "the row is -1");
    assertUserError(await p.cli("feedback", "--input", "missing.csv"), "missing.csv");
    assert.equal(await p.fingerprint(), before);
  });
});
