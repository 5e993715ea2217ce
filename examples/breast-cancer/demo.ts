/**
 * `npm run demo`: runs the breast cancer pipeline twice through the `conveyor` CLI, as a
 * user would, then checks in the store that the second run was served wholly from the cache
 * and prints the held-out metrics. Exits non-zero if a run failed or the cache missed.
 */
import { spawnSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { LocalArtifactStore } from "../../src/artifacts/local.ts";
import { openStore } from "../../src/store/open.ts";
import type { ArtifactRecord, MetadataStore } from "../../src/store/types.ts";

const root = resolve(import.meta.dirname, "../..");
const pipelineFile = "examples/breast-cancer/pipeline.ts";
const pipelineName = "breast-cancer";
// The CLI's project root decides where runs are stored; pin it so this script reads the same store.
const env = { ...process.env, CONVEYOR_ROOT: root };

async function latestRunId(): Promise<string | undefined> {
  const store = await openStore({ root });
  try {
    return (await store.listRuns({ pipelineName, limit: 1 }))[0]?.id;
  } finally {
    await store.close();
  }
}

/** Runs the pipeline with live progress; returns the new run's id, or exits if the run failed. */
async function runPipeline(title: string, extraArgs: string[]): Promise<string> {
  console.log(`\n=== ${title} ===\n`);
  const before = await latestRunId();
  const cli = spawnSync(process.execPath, ["bin/conveyor.js", "run", pipelineFile, ...extraArgs], {
    cwd: root,
    env,
    stdio: "inherit",
  });
  const runId = await latestRunId();
  if (cli.status !== 0 || runId === undefined || runId === before) {
    console.error(`\ndemo: the run failed (conveyor exited with ${cli.status ?? cli.signal})`);
    process.exit(1);
  }
  return runId;
}

async function printMetrics(artifact: ArtifactRecord): Promise<void> {
  const path = await new LocalArtifactStore(root).open(artifact.uri, artifact.digest);
  const metrics = JSON.parse(await readFile(path, "utf8")) as {
    rows: number;
    scores: Record<string, number>;
    confusionMatrix: { matrix: number[][] };
  };
  console.log(`held-out metrics (${metrics.rows} rows):`);
  for (const name of ["accuracy", "precision", "recall", "f1", "rocAuc"]) {
    console.log(`  ${name.padEnd(10)} ${metrics.scores[name]!.toFixed(4)}`);
  }
  console.log(`  confusion  ${JSON.stringify(metrics.confusionMatrix.matrix)}`);
}

/** Problems with the second run: tasks that were not cache hits, or no metrics to show. */
async function checkSecondRun(store: MetadataStore, runId: string): Promise<string[]> {
  const tasks = await store.listTasks(runId);
  const problems = tasks.filter((t) => t.status !== "cached").map((t) => `task ${t.name} was ${t.status}, not cached`);
  const evaluation = tasks.find((t) => t.name === "evaluate-model");
  const lineage = evaluation ? await store.taskLineage(evaluation.id) : [];
  const metrics = lineage.find((e) => e.kind === "output" && e.name === "metrics")?.artifact;
  if (metrics) await printMetrics(metrics);
  else problems.push("the run has no evaluation metrics");
  if (problems.length === 0) console.log(`\nall ${tasks.length} tasks of the second run were reused from the cache`);
  return problems;
}

// --no-cache: the first run executes every task even when an earlier demo left results behind.
await runPipeline("first run: every task executes", ["--no-cache"]);
const secondRunId = await runPipeline("second run: every task should be a cache hit", []);

console.log("\n=== result ===\n");
const store = await openStore({ root });
try {
  const problems = await checkSecondRun(store, secondRunId);
  console.log(`run ${secondRunId} is stored in ${store.location}`);
  console.log(`inspect it with: node bin/conveyor.js runs show ${secondRunId}   (or: lineage ${secondRunId})`);
  for (const problem of problems) console.error(`demo: ${problem}`);
  if (problems.length > 0) process.exitCode = 1;
} finally {
  await store.close();
}
