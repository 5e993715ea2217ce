/** A throw-away Conveyor project for tests: its own store (SQLite or a fresh Postgres schema) and artifacts. */
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import pg from "pg";
import { LocalArtifactStore } from "../../src/artifacts/local.ts";
import { compile } from "../../src/compiler/compile.ts";
import { LocalEngine, type LocalEngineConfig } from "../../src/executors/local-engine.ts";
import type { AnyPipeline } from "../../src/sdk/pipeline.ts";
import { type OpenStoreOptions, openStore } from "../../src/store/open.ts";
import type { MetadataStore, RunOptions, RunRecord, TaskRecord } from "../../src/store/types.ts";

export const REPO_ROOT = resolve(import.meta.dirname, "../..");
export const POSTGRES_URL = process.env.CONVEYOR_TEST_PG ?? "postgres://root@127.0.0.1:5432/test";

export type StoreKind = "sqlite" | "postgres";

export interface TestProject {
  dir: string;
  /** What opens the project's store, from another process too. */
  storeOptions: OpenStoreOptions;
  store: MetadataStore;
  artifacts: LocalArtifactStore;
  engine(config?: Partial<LocalEngineConfig>): LocalEngine;
  /** Compiles and runs a pipeline to its end; returns the run and its tasks by name. */
  run(
    pipeline: AnyPipeline,
    params?: Record<string, unknown>,
    options?: Partial<RunOptions>,
  ): Promise<{ run: RunRecord; tasks: Record<string, TaskRecord> }>;
  tasksOf(runId: string): Promise<Record<string, TaskRecord>>;
  cleanup(): Promise<void>;
}

export async function testProject(kind: StoreKind = "sqlite"): Promise<TestProject> {
  const dir = await mkdtemp(join(tmpdir(), "conveyor-test-"));
  const schema = `test_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const storeOptions = kind === "sqlite" ? { root: dir, url: "" } : { url: POSTGRES_URL, schema };
  const store = await openStore(storeOptions);
  const artifacts = new LocalArtifactStore(dir);
  const engines: LocalEngine[] = [];
  const engine = (config: Partial<LocalEngineConfig> = {}) => {
    const e = new LocalEngine({ store, artifacts, root: REPO_ROOT, ...config });
    engines.push(e);
    return e;
  };
  const tasksOf = async (runId: string) => Object.fromEntries((await store.listTasks(runId)).map((t) => [t.name, t]));
  return {
    dir,
    storeOptions,
    store,
    artifacts,
    engine,
    tasksOf,
    async run(pipeline, params = {}, options = {}) {
      const e = engine();
      const ir = await compile(pipeline, { root: REPO_ROOT });
      const created = await e.createRun(ir, params, { concurrency: 4, ...options });
      const run = await e.execute(created.id);
      return { run, tasks: await tasksOf(run.id) };
    },
    async cleanup() {
      for (const e of engines) await e.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
      if (kind === "postgres") {
        const client = new pg.Client({ connectionString: POSTGRES_URL });
        await client.connect();
        await client.query(`drop schema if exists ${schema} cascade`);
        await client.end();
      }
    },
  };
}
