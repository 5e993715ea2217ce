/**
 * A fully cached re-run of the demo pipeline, in process: the cost of checking six cache keys
 * (including hashing the input CSV) beside the first, uncached run measured in the same run.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { LocalArtifactStore } from "../src/artifacts/local.ts";
import { LocalEngine } from "../src/executors/local-engine.ts";
import { compile } from "../src/compiler/compile.ts";
import { openStore } from "../src/store/open.ts";
import demo from "../examples/breast-cancer/pipeline.ts";

const root = resolve(import.meta.dirname, "..");

export async function cachedDemo(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "conveyor-bench-demo-"));
  const store = await openStore({ root: dir, url: "" });
  const engine = new LocalEngine({ store, artifacts: new LocalArtifactStore(dir), root });
  try {
    const ir = await compile(demo, { root });
    const timed = async () => {
      const started = performance.now();
      const run = await engine.execute((await engine.createRun(ir)).id);
      if (run.status !== "succeeded") throw new Error(`demo run ${run.id} ${run.status}: ${run.error}`);
      return performance.now() - started;
    };
    const first = await timed();
    const cached = await timed();
    console.log(`demo, first run            ${first.toFixed(0).padStart(5)} ms (baseline)`);
    console.log(`demo, fully cached re-run  ${cached.toFixed(0).padStart(5)} ms = ${(cached / first).toFixed(3)}× the first run`);
  } finally {
    await engine.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}
