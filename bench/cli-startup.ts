/**
 * The built `conveyor` command (dist/, as `npm install` builds it) in a user project that
 * imports Conveyor through node_modules (a symlink to this repository, as `npm link` makes),
 * each command's whole process beside `node -e 0`, the floor for any Node CLI, measured in the
 * same run: `conveyor --help` (target ≤ 2×), `conveyor runs list` on a store (≤ 2.5×), and
 * `conveyor run` of a chain of 40 tasks of 10 ms from its .ts file, start to exit (≤ 0.75 s;
 * its work alone, the 40 waits, is about 0.41 s). Each as the median and the best of its runs,
 * with the load average, as other processes' load moves every figure.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const cli = join(root, "dist", "cli", "main.js");
const RUNS = 7;

const CHAIN = `import { setTimeout as sleep } from "node:timers/promises";
import { component, param, pipeline } from "conveyor";

export const pause = component({
  name: "pause",
  inputs: { ms: param.int(), step: param.int({ default: 0 }) },
  outputs: { step: param.int() },
  run: async ({ ms, step }) => {
    await sleep(ms);
    return { step };
  },
});

export default pipeline({ name: "chain" }, () => {
  let previous = pause({ ms: 10, step: 0 }, { name: "step-0" });
  for (let i = 1; i < 40; i++) previous = pause({ ms: 10, step: previous.outputs.step }, { name: \`step-\${i}\` });
});
`;

/** Runs `args` with node in `cwd` to its end; its wall time in milliseconds. */
function timeMs(cwd: string, args: string[]): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
  if (result.status !== 0) throw new Error(`node ${args.join(" ")} exited with ${result.status}: ${result.stderr}`);
  return performance.now() - started;
}

/**
 * The median and the best time of each command. The commands take turns, one run of each per
 * round, so a change in the machine's load (it is shared) weighs on every command alike,
 * baseline included; the best of the rounds is the one least disturbed by other processes.
 */
function timesMs<K extends string>(cwd: string, commands: Record<K, string[]>): Record<K, { median: number; best: number }> {
  const times = Object.fromEntries(Object.keys(commands).map((name) => [name, [] as number[]])) as Record<K, number[]>;
  for (let round = 0; round < RUNS; round++) {
    for (const name of Object.keys(commands) as K[]) times[name].push(timeMs(cwd, commands[name]));
  }
  const summary = (list: number[]) => {
    const sorted = [...list].sort((a, b) => a - b);
    return { median: sorted[Math.floor(RUNS / 2)] as number, best: sorted[0] as number };
  };
  return Object.fromEntries(Object.entries(times).map(([name, list]) => [name, summary(list as number[])])) as Record<K, { median: number; best: number }>;
}

export async function cliStartup(): Promise<void> {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first`);
  const project = await mkdtemp(join(tmpdir(), "conveyor-cli-bench-"));
  try {
    await mkdir(join(project, "node_modules"));
    await symlink(root, join(project, "node_modules", "conveyor"), "dir");
    await writeFile(join(project, "package.json"), JSON.stringify({ type: "module" }));
    await writeFile(join(project, "chain.ts"), CHAIN);
    // One warm-up run creates the store that `runs list` reads.
    timeMs(project, [cli, "run", "chain.ts", "--no-cache"]);
    const load = loadavg()[0] as number;
    const { floor, help, list, chain } = timesMs(project, {
      floor: ["-e", "0"],
      help: [cli, "--help"],
      list: [cli, "runs", "list"],
      chain: [cli, "run", "chain.ts", "--no-cache"],
    });
    const line = (name: string, ms: { median: number; best: number }, note: string) =>
      console.log(`${name.padEnd(34)} ${ms.median.toFixed(0).padStart(5)} ms (best ${ms.best.toFixed(0).padStart(5)} ms) ${note}`);
    const ratios = (ms: { median: number; best: number }) => `${(ms.median / floor.median).toFixed(1)}× (best ${(ms.best / floor.best).toFixed(1)}×) node -e 0`;
    console.log(`median and best of ${RUNS} runs each; load average ${load.toFixed(1)} before, ${(loadavg()[0] as number).toFixed(1)} after, on ${availableParallelism()} cores`);
    line("node -e 0", floor, "(baseline)");
    line("conveyor --help", help, `= ${ratios(help)} (target ≤ 2×)`);
    line("conveyor runs list", list, `= ${ratios(list)} (target ≤ 2.5×)`);
    line("conveyor run chain.ts (40 × 10 ms)", chain, `= ${ratios(chain)}, whole process (target ≤ 750 ms)`);
  } finally {
    await rm(project, { recursive: true, force: true });
  }
}
