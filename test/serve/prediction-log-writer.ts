/**
 * A server's prediction log in its own process, for the kill test: `prediction-log-writer.ts
 * <root> <first> <indexDelayMs>` appends rows without end from request number `first`, in
 * small segments, and prints "indexing" as it starts to index a segment (after the segment's
 * file is in place), then waits `indexDelayMs` (a slow store) before it does, until it is killed.
 */
import { setImmediate, setTimeout } from "node:timers/promises";
import { PredictionLog } from "../../src/serve/prediction-log/prediction-log.ts";
import { openStore } from "../../src/store/open.ts";
import { record } from "./prediction-records.ts";

const [root, first, indexDelayMs] = process.argv.slice(2);
if (!root || !first || !indexDelayMs) throw new Error("usage: prediction-log-writer.ts <root> <first> <indexDelayMs>");
const store = await openStore({ root, url: "" });
const announcing = {
  ...store,
  addLogSegment: async (segment: Parameters<typeof store.addLogSegment>[0]) => {
    // Synchronous on a pipe: the parent may kill this process before the next line runs.
    process.stdout.write("indexing\n");
    await setTimeout(Number(indexDelayMs));
    return store.addLogSegment(segment);
  },
};
const log = await PredictionLog.open({ store: announcing, root, segmentRows: 3000, maxBufferedRows: 1_000_000 });
for (let i = Number(first); ; i++) {
  log.append(record(i, { deployment: "killed" }));
  if (i % 500 === 0) await setImmediate();
}
