/** Runs wrk against a URL and reads its figures: the load generator of the serving bench. */
import { spawn, spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A server the bench loads: where it answers, and how to stop it. */
export interface RunningServer {
  readonly url: string;
  /** What to finish after the warm-up, before the measured run, if anything. */
  readonly settle?: () => Promise<void>;
  close(): Promise<void>;
}

export interface LoadFigures {
  readonly requestsPerSecond: number;
  readonly p99Ms: number;
  /** Non-2xx answers and socket errors (connect, read, write, timeout). */
  readonly errors: number;
}

/** wrk's threads and connections: the issue's `wrk -t2 -c32`. */
const THREADS = 2;
const CONNECTIONS = 32;

/** Whether wrk is installed; when not, says how to install it. */
export function haveWrk(): boolean {
  if (spawnSync("wrk", ["--version"]).error === undefined) return true;
  console.log("wrk is not installed: install it with `apt-get install -y wrk`. Skipping the HTTP part.");
  return false;
}

/**
 * `wrk -t2 -c32 --latency` for `seconds` against url: a GET, or a POST of `body` (JSON) when
 * given, through a Lua script written to a temporary file for the run. Asynchronous, so a
 * server in this very process keeps answering while wrk runs.
 */
export async function runWrk(url: string, seconds: number, body?: string): Promise<LoadFigures> {
  const dir = await mkdtemp(join(tmpdir(), "conveyor-wrk-"));
  try {
    const args = [`-t${THREADS}`, `-c${CONNECTIONS}`, `-d${seconds}s`, "--latency"];
    if (body !== undefined) {
      const script = join(dir, "post.lua");
      await writeFile(
        script,
        `wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = ${luaString(body)}\n`,
      );
      args.push("-s", script);
    }
    return parseWrk(await output("wrk", [...args, url]));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A Lua long string holds the JSON as is, whatever quotes it has. */
function luaString(text: string): string {
  let equals = "";
  while (text.includes(`]${equals}]`)) equals += "=";
  return `[${equals}[${text}]${equals}]`;
}

function output(command: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let text = "";
    child.stdout.on("data", (chunk: Buffer) => {
      text += chunk;
    });
    child.stderr.on("data", (chunk: Buffer) => {
      text += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(text) : reject(new Error(`${command} exited ${code}:\n${text}`))));
  });
}

function parseWrk(text: string): LoadFigures {
  const rate = /Requests\/sec:\s+([\d.]+)/.exec(text);
  const p99 = /^\s+99%\s+([\d.]+)(us|ms|s)\b/m.exec(text);
  if (!rate || !p99) throw new Error(`cannot read wrk's output:\n${text}`);
  const scale = { us: 0.001, ms: 1, s: 1000 }[p99[2] as "us" | "ms" | "s"];
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(text)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  const socketErrors = socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
  return { requestsPerSecond: Number(rate[1]), p99Ms: Number(p99[1]) * scale, errors: non2xx + socketErrors };
}
