/** `conveyor --help` start-up time beside `node -e 0`, the floor for any Node CLI. */
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");

function medianMs(args: string[], runs = 7): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const result = spawnSync(process.execPath, args, { cwd: root, stdio: "ignore" });
    if (result.status !== 0) throw new Error(`node ${args.join(" ")} exited with ${result.status}`);
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)] as number;
}

export function cliStartup(): void {
  const floor = medianMs(["-e", "0"]);
  const help = medianMs(["bin/conveyor.js", "--help"]);
  console.log(`node -e 0                  ${floor.toFixed(0).padStart(5)} ms (baseline)`);
  console.log(`conveyor --help            ${help.toFixed(0).padStart(5)} ms = ${(help / floor).toFixed(1)}× node -e 0`);
}
