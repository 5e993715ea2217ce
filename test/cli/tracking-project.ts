/**
 * A project with runs to track and models to register: four runs of `forest` (one in
 * experiment "big") and one run made with the tracking API.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { json, type Project, project, SDK } from "./harness.ts";

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

export const FOREST = `import { component, Model, param, pipeline } from ${JSON.stringify(SDK)};
export const fit = component({
  name: "fit",
  inputs: { trees: param.int({ default: 100 }) },
  outputs: { model: Model },
  async run({ trees, model }, ctx) {
    ctx.metric("auc", 0.8 + trees / 10000, 1);
    ctx.metric("loss", 100 / trees);
    await model.writeJson({ trees });
  },
});
export default pipeline({ name: "forest", params: { trees: param.int({ default: 100 }) } }, (p) => {
  fit({ trees: p.trees });
});
`;

const TRACKED = `import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { endRun, logArtifact, logMetric, startRun } from ${JSON.stringify(SDK)};
await startRun({ experiment: "notebook", params: { lr: 0.1 } });
logMetric("auc", 0.77);
const file = join(process.env.CONVEYOR_ROOT, "weights.json");
await writeFile(file, JSON.stringify({ w: [1, 2, 3] }));
await logArtifact(file, { type: "Model" });
console.log((await endRun()).id);
`;

export interface TrackingProject {
  p: Project;
  /** Run ids by trees: 50, 150, 300 (experiment forest), 1000 (experiment big). */
  runs: Record<50 | 150 | 300 | 1000, string>;
  tracked: string;
}

export async function trackingProject(): Promise<TrackingProject> {
  const p = await project();
  await p.write("forest.ts", FOREST);
  const run = async (trees: number, ...extra: string[]) =>
    json<{ run: { id: string } }>(await p.cli("run", "forest.ts", "--param", `trees=${trees}`, "--json", ...extra)).run.id;
  const runs = {
    50: await run(50, "--tag", "team=x"),
    150: await run(150, "--tag", "team=x"),
    300: await run(300, "--tag", "team=y", "--tag", "owner=ada"),
    1000: await run(1000, "--experiment", "big"),
  };
  // Tracking from a plain script, run from the sources with tsx's ES module hooks (the package's
  // `--import conveyor/register` is checked in test/package); the project comes from CONVEYOR_ROOT.
  const script = await p.write("track.ts", TRACKED);
  const { CONVEYOR_DB: _db, ...env } = process.env;
  const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx/esm", script], {
    cwd: REPO_ROOT,
    env: { ...env, CONVEYOR_ROOT: p.dir },
  });
  return { p, runs, tracked: stdout.trim() };
}
