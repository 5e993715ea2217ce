/** A SQLite store in a temporary folder whose registry holds model "churn" at versions 1..n (aliases as asked). */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore } from "../../src/store/open.ts";
import type { MetadataStore } from "../../src/store/types.ts";
import { newRun, TASKS } from "../store/store-suite.ts";

export interface RegistryFixture {
  store: MetadataStore;
  dispose(): Promise<void>;
}

export async function registryFixture(versions: number, aliases: Record<string, number> = {}): Promise<RegistryFixture> {
  const root = mkdtempSync(join(tmpdir(), "conveyor-deploy-"));
  const store = await openStore({ root, url: "" });
  const run = await store.createRun(newRun(), TASKS);
  const task = (await store.listTasks(run.id)).find((t) => t.name === "train");
  assert.ok(task);
  for (let i = 1; i <= versions; i++) {
    const hex = i.toString(16).padStart(64, "0");
    const artifact = await store.putArtifact({ digest: `sha256:${hex}`, uri: `file:///m/${hex}`, size: 10, mediaType: "application/json", type: "Model", metadata: {} });
    await store.createModelVersion({ model: "churn", runId: run.id, taskId: task.id, artifactId: artifact.id, actor: "ada" });
  }
  for (const [alias, version] of Object.entries(aliases)) await store.setAlias("churn", alias, version, { actor: "ada" });
  return {
    store,
    async dispose() {
      await store.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
