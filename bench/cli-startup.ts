/**
 * The built `conveyor` command (dist/, as `npm install` builds it) in a user project that
 * imports Conveyor through node_modules (a symlink to this repository, as `npm link` makes),
 * each command's whole process beside `node -e 0`, the floor for any Node CLI, measured in the
 * same run: `conveyor --help` (target ≤ 2×), `conveyor runs list` on a store (≤ 2.5×), and
 * `conveyor run` of a chain of 40 tasks of 10 ms from its .ts file, start to exit (≤ 0.75 s;
 * its work alone, the 40 waits, is about 0.41 s). Each as the median and the best of its runs,
 * with the load average, as other processes' load moves every figure; and, on Linux, the CPU
 * time each process used (user + system, to 10 ms), which waiting for a busy machine's cores
 * does not inflate as it does the wall time.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
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

/** The CPU time of this process's ended children, in milliseconds (Linux's clock ticks are 10 ms); undefined elsewhere. */
function childrenCpuMs(): number | undefined {
  if (!existsSync("/proc/self/stat")) return undefined;
  // The fields after the command's name (which may hold spaces), from the third: cutime and cstime are the 16th and 17th.
  const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

/** Runs `args` with node in `cwd` to its end; its wall time and CPU time in milliseconds. */
function timeMs(cwd: string, args: string[]): { wall: number; cpu: number | undefined } {
  const cpuBefore = childrenCpuMs();
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
  if (result.status !== 0) throw new Error(`node ${args.join(" ")} exited with ${result.status}: ${result.stderr}`);
  const wall = performance.now() - started;
  const cpuAfter = childrenCpuMs();
  return { wall, cpu: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore };
}

interface Times {
  median: number;
  best: number;
  /** The median CPU time, where it can be read. */
  cpu: number | undefined;
}

/**
 * The median and the best time of each command. The commands take turns, one run of each per
 * round, so a change in the machine's load (it is shared) weighs on every command alike,
 * baseline included; the best of the rounds is the one least disturbed by other processes.
 */
function timesMs<K extends string>(cwd: string, commands: Record<K, string[]>): Record<K, Times> {
  const times = Object.fromEntries(Object.keys(commands).map((name) => [name, [] as { wall: number; cpu: number | undefined }[]])) as Record<
    K,
    { wall: number; cpu: number | undefined }[]
  >;
  for (let round = 0; round < RUNS; round++) {
    for (const name of Object.keys(commands) as K[]) times[name].push(timeMs(cwd, commands[name]));
  }
  const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] as number;
  const summary = (list: { wall: number; cpu: number | undefined }[]): Times => {
    const cpu = list.map((t) => t.cpu).filter((t) => t !== undefined);
    return { median: median(list.map((t) => t.wall)), best: Math.min(...list.map((t) => t.wall)), cpu: cpu.length === list.length ? median(cpu) : undefined };
  };
  return Object.fromEntries(Object.entries(times).map(([name, list]) => [name, summary(list as { wall: number; cpu: number | undefined }[])])) as Record<K, Times>;
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
    const cpuText = (ms: Times) => (ms.cpu === undefined ? "" : `, CPU ${ms.cpu.toFixed(0)} ms`);
    const line = (name: string, ms: Times, note: string) =>
      console.log(`${name.padEnd(34)} ${ms.median.toFixed(0).padStart(5)} ms (best ${ms.best.toFixed(0).padStart(5)} ms${cpuText(ms)}) ${note}`);
    const cpuRatio = (ms: Times) => (ms.cpu === undefined || floor.cpu === undefined ? "" : `, CPU ${(ms.cpu / floor.cpu).toFixed(1)}×`);
    const ratios = (ms: Times) => `${(ms.median / floor.median).toFixed(1)}× (best ${(ms.best / floor.best).toFixed(1)}×${cpuRatio(ms)}) node -e 0`;
    console.log(`median and best of ${RUNS} runs each; load average ${load.toFixed(1)} before, ${(loadavg()[0] as number).toFixed(1)} after, on ${availableParallelism()} cores`);
    line("node -e 0", floor, "(baseline)");
    line("conveyor --help", help, `= ${ratios(help)} (target ≤ 2×)`);
    line("conveyor runs list", list, `= ${ratios(list)} (target ≤ 2.5×)`);
    line("conveyor run chain.ts (40 × 10 ms)", chain, `= ${ratios(chain)}, whole process (target ≤ 750 ms)`);
  } finally {
    await rm(project, { recursive: true, force: true });
  }
}
