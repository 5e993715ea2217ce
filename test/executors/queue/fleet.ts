/**
 * A fleet for tests: real Redis under a key prefix of the test's own (so tests never see each
 * other's queues), `conveyor worker` processes started and killed by the test, and a queue engine
 * over a test project's store.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { createInterface } from "node:readline";
import type { Redis } from "ioredis";
import type { Engine } from "../../../src/engine/engine.ts";
import { openQueueEngine } from "../../../src/executors/queue/queue-engine.ts";
import { connectRedis } from "../../../src/executors/queue/redis.ts";
import { REPO_ROOT, type TestProject } from "../../helpers/project.ts";

export const REDIS_URL = process.env.CONVEYOR_TEST_REDIS ?? "redis://127.0.0.1:6379";

export interface WorkerProcess {
  child: ChildProcess;
  pid: number;
  /** Every line it printed so far. */
  lines: string[];
  exited: Promise<number | null>;
}

export class Fleet {
  readonly prefix = `conveyor-test-${randomUUID().slice(0, 8)}`;
  private readonly workers: WorkerProcess[] = [];
  private readonly engines: Engine[] = [];

  private constructor(readonly redis: Redis) {}

  static async open(): Promise<Fleet> {
    return new Fleet(await connectRedis({ redisUrl: REDIS_URL }));
  }

  get env(): NodeJS.ProcessEnv {
    const { CONVEYOR_DB: _db, CONVEYOR_ROOT: _root, FORCE_COLOR: _force, ...rest } = process.env;
    return { ...rest, NO_COLOR: "1", CONVEYOR_REDIS: REDIS_URL, CONVEYOR_QUEUE_PREFIX: this.prefix };
  }

  async engine(project: TestProject, leaseMs?: number): Promise<Engine> {
    const engine = await openQueueEngine(
      { store: project.store, artifacts: project.artifacts, root: REPO_ROOT, leaseMs },
      { redisUrl: REDIS_URL, queuePrefix: this.prefix },
    );
    this.engines.push(engine);
    return engine;
  }

  /** Starts `conveyor worker` with `args`; resolves once it takes jobs. */
  async startWorker(args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<WorkerProcess> {
    const child = spawn(process.execPath, ["bin/conveyor.js", "worker", "--lock-ms", "3000", ...args], {
      cwd: REPO_ROOT,
      env: { ...this.env, ...env },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const lines: string[] = [];
    const exited = once(child, "exit").then(([code]) => code as number | null);
    const started = new Promise<void>((resolve, reject) => {
      createInterface({ input: child.stdout }).on("line", (line) => {
        lines.push(line);
        if (line.startsWith("worker ")) resolve();
      });
      void exited.then((code) => reject(new Error(`the worker exited with ${code} before starting: ${lines.join("\n")}`)));
    });
    await started;
    const worker = { child, pid: child.pid as number, lines, exited };
    this.workers.push(worker);
    return worker;
  }

  async stopWorker(worker: WorkerProcess, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
    if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill(signal);
    await worker.exited;
  }

  /** Deletes every key of this fleet: what a FLUSHDB does to it, without touching anyone else's. */
  async flush(): Promise<number> {
    let deleted = 0;
    let cursor = "0";
    do {
      const [next, keys] = await this.redis.scan(cursor, "MATCH", `${this.prefix}:*`, "COUNT", 1000);
      cursor = next;
      if (keys.length > 0) deleted += await this.redis.del(...keys);
    } while (cursor !== "0");
    return deleted;
  }

  async close(): Promise<void> {
    for (const worker of this.workers) await this.stopWorker(worker, "SIGKILL");
    for (const engine of this.engines) await engine.close();
    await this.flush();
    await this.redis.quit();
  }
}
