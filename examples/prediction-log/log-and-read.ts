/**
 * The prediction log from code: what a model server appends for each answered row, ground
 * truth posted later, and the windows a monitor reads back. Run it in a project folder:
 * `node --import tsx examples/prediction-log/log-and-read.ts [folder]` (default: the current one).
 */
import { type Column, openFeedbackLog, openStore, PredictionLog, readLabelledPredictions, readPredictions } from "conveyor";

const root = process.argv[2] ?? process.cwd();
const store = await openStore({ root });

// What `conveyor serve` does for each answered row (it never waits on the log).
const log = await PredictionLog.open({ store, root });
const start = Date.now() - 60_000;
for (let i = 0; i < 1000; i++) {
  const churns = i % 4 === 0;
  log.append({
    requestId: `req-${i}`,
    row: 0,
    time: new Date(start + i * 10),
    deployment: "churn-prod",
    model: "churn",
    version: 3,
    role: "primary",
    features: { tenure: i % 72, plan: i % 3 === 0 ? "pro" : "basic" },
    prediction: churns ? "yes" : "no",
    probabilities: churns ? [0.3, 0.7] : [0.8, 0.2],
    latencyMs: 0.4,
  });
}
await log.close();

// Ground truth arrives later, by request id: what POST /v2/feedback and `conveyor feedback` record.
const feedback = await openFeedbackLog({ store, root });
for (let i = 0; i < 1000; i += 10) feedback.append({ requestId: `req-${i}`, row: 0, label: i % 8 === 0 ? "yes" : "no", time: new Date() });
await feedback.close();

// A monitor's windows: the last minute of a deployment, and the part of it with labels.
const window = await readPredictions(store, { root, deployment: "churn-prod", from: new Date(start) });
console.log(`${window.rowCount} predictions; columns: ${window.columns.map((c) => c.name).join(", ")}`);

const labelled = await readLabelledPredictions(store, { root, deployment: "churn-prod", from: new Date(start) });
const column = (name: string) => labelled.columns.find((c) => c.name === name) as Column;
const [predicted, actual] = [column("prediction").values, column("label").values];
const correct = Array.from({ length: labelled.rowCount }, (_, i) => predicted[i] === actual[i]).filter(Boolean).length;
console.log(`${labelled.rowCount} labelled; accuracy ${(correct / labelled.rowCount).toFixed(2)}`);
await store.close();
