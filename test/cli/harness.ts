/** Runs the real `conveyor` command in a throwaway project folder, as a user would. */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { after } from "node:test";

const BIN = fileURLToPath(new URL("../../bin/conveyor.js", import.meta.url));
/** Pipeline files in the temporary folder import the SDK by absolute path: it is not installed there. */
export const SDK = fileURLToPath(new URL("../../src/index.ts", import.meta.url));

export interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface Project {
  dir: string;
  write(name: string, content: string): Promise<string>;
  cli(...args: string[]): Promise<Result>;
  /** Starts the CLI without waiting for it; `done` resolves when it exits. */
  start(...args: string[]): { child: ChildProcess; done: Promise<Result> };
  /** Digest of every file under .conveyor/, to show that a command changed nothing. */
  fingerprint(): Promise<string>;
}

function env(): NodeJS.ProcessEnv {
  const { CONVEYOR_DB: _db, CONVEYOR_ROOT: _root, FORCE_COLOR: _force, ...rest } = process.env;
  return { ...rest, NO_COLOR: "1" };
}

function collect(child: ChildProcess): Promise<Result> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

const folders: string[] = [];
// Registered while the test file loads, so it runs when the whole file is done: an `after`
// called inside a `before` hook would run as soon as that hook ends.
after(() => Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true }))));

/**
 * A fresh folder, removed when the test file ends, whose package.json makes its .ts files ES
 * modules; or, given `dir`, that folder, left to the caller to remove. With `as`, the CLI runs
 * as that user (a test running as root needs another user for file modes to apply).
 */
export async function project(given?: string, as?: { uid: number; gid: number }): Promise<Project> {
  const dir = given ?? (await mkdtemp(join(tmpdir(), "conveyor-cli-")));
  if (!given) folders.push(dir);
  await writeFile(join(dir, "package.json"), `${JSON.stringify({ type: "module" })}\n`);
  const start = (...args: string[]) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: env(), stdio: ["ignore", "pipe", "pipe"], ...as });
    return { child, done: collect(child) };
  };
  return {
    dir,
    async write(name, content) {
      await writeFile(join(dir, name), content);
      return join(dir, name);
    },
    cli: (...args) => start(...args).done,
    start,
    async fingerprint() {
      const hash = createHash("sha256");
      const conveyor = join(dir, ".conveyor");
      for (const file of (await filesUnder(conveyor)).sort()) {
        // While another command has the database open, SQLite keeps an index (-shm) and a log
        // (-wal, empty unless something was written) beside it, and removes both on closing.
        if (file.endsWith("-shm")) continue;
        const content = await readFile(file).catch((error: NodeJS.ErrnoException) => {
          if (error.code === "ENOENT" && file.endsWith("-wal")) return Buffer.alloc(0);
          throw error;
        });
        if (file.endsWith("-wal") && content.length === 0) continue;
        hash.update(`${relative(conveyor, file)}\0`).update(content);
      }
      return hash.digest("hex");
    },
  };
}

export function assertOk(result: Result): void {
  assert.equal(result.code, 0, `exit ${result.code}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
}

/** A user error: exit 2, a short message naming what was wrong, and no stack trace. */
export function assertUserError(result: Result, ...mentions: (string | RegExp)[]): void {
  assert.equal(result.code, 2, `expected exit 2, got ${result.code}\nstderr: ${result.stderr}`);
  assert.match(result.stderr, /^error: /);
  assert.doesNotMatch(result.stderr, /^ {4}at /m, "a user error must not print a stack trace");
  assert.ok(result.stderr.trimEnd().split("\n").length <= 4, `the message should be at most 4 lines:\n${result.stderr}`);
  for (const m of mentions) {
    if (typeof m === "string") assert.ok(result.stderr.includes(m), `stderr should mention ${m}:\n${result.stderr}`);
    else assert.match(result.stderr, m);
  }
}

export function json<T = any>(result: Result): T {
  assertOk(result);
  return JSON.parse(result.stdout) as T;
}

/** The URL `conveyor serve` prints once it listens (bounded by the test's own timeout). */
export function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const match = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.on("exit", (code) => reject(new Error(`exited ${code} before listening: ${out}`)));
  });
}
