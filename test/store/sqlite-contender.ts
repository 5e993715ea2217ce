/**
 * A separate process sharing the SQLite store under `root`, for the cross-process test.
 * `sqlite-contender.ts <root> <owner>` prints "ready" once loaded and waits for a line on stdin,
 * so that all contenders open the store at the same moment; then it opens the store, creates
 * a run and prints its id; then it reads a run id, tries to take that run's lease and prints
 * whether it did.
 */
import { createInterface } from "node:readline";
import { openStore } from "../../src/store/open.ts";

const [root, owner] = process.argv.slice(2);
if (!root || !owner) throw new Error("usage: sqlite-contender.ts <root> <owner>");
const stdin = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
process.stdout.write("ready\n");
await stdin.next();

const store = await openStore({ root, url: "" });
try {
  const run = await store.createRun(
    {
      pipeline: { digest: "sha256:p", name: "p", ir: {} },
      params: {},
      options: { concurrency: 1, noCache: false, failFast: true },
      trigger: owner,
    },
    [{ name: "a", node: "a", iteration: null }],
  );
  process.stdout.write(`${run.id}\n`);
  const contested: string = (await stdin.next()).value;
  const won = (await store.acquireLease(contested, owner, new Date(Date.now() + 60_000))) !== undefined;
  process.stdout.write(`${won}\n`);
} finally {
  await store.close();
}
