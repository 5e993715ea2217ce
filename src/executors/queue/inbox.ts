/**
 * A process's inbox: one Redis stream, read by one blocking loop on a connection of its own, its
 * messages handed to whoever waits for their job. A driver has one for all its attempts (their
 * logs, metrics, registry calls and results), a worker one for all its jobs (cancellations,
 * registry replies): a stream per attempt would need a blocking connection each.
 */
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";

/** How long a stream outlives its last message: a dead process's inbox goes away on its own. */
const INBOX_TTL_MS = 3_600_000;
/** Enough for every message in flight; older ones were read long ago. */
const INBOX_MAX_LENGTH = 100_000;

export interface InboxMessage<M> {
  jobId: string;
  /** The sender's inbox, to answer it. */
  from: string;
  message: M;
}

export class Inbox<M> {
  private readonly handlers = new Map<string, (message: InboxMessage<M>) => void>();
  private readonly reader: Redis;
  private closed = false;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly redis: Redis,
    readonly key: string,
  ) {
    this.reader = redis.duplicate();
    this.reader.on("error", () => {});
  }

  /** Hands each message for `jobId` to `handler` until `off`. */
  on(jobId: string, handler: (message: InboxMessage<M>) => void): void {
    this.handlers.set(jobId, handler);
  }

  off(jobId: string): void {
    this.handlers.delete(jobId);
  }

  start(): void {
    this.loop ??= this.read();
  }

  private async read(): Promise<void> {
    // The stream is new (its key holds a random id): every message in it is for this process.
    let last = "0";
    while (!this.closed) {
      let batch: [string, [string, string[]][]][] | null;
      try {
        batch = (await this.reader.xread("COUNT", 1000, "BLOCK", 1000, "STREAMS", this.key, last)) as typeof batch;
      } catch {
        // Redis restarting, or the connection closed by `close`: read again once it is back.
        if (!this.closed) await new Promise((resolve) => setTimeout(resolve, 100));
        continue;
      }
      for (const [, entries] of batch ?? []) {
        for (const [id, fields] of entries) {
          last = id;
          const [, jobId = "", , from = "", , body = "null"] = fields;
          this.handlers.get(jobId)?.({ jobId, from, message: JSON.parse(body) as M });
        }
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.reader.disconnect();
    await this.loop;
    await this.redis.del(this.key).catch(() => {});
  }
}

/** A new inbox key for a process: its role, host and pid say whose it is, the random part keeps it its own. */
export function inboxId(role: "driver" | "worker"): string {
  return `${role}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/**
 * Appends a message to an inbox and renews the inbox's expiry; answers whether each further key
 * exists. One command, where a MULTI of the same costs this process several times the CPU
 * (measured on the worker: most of its time went to writing MULTIs).
 */
const SEND = `
redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'j', ARGV[2], 'f', ARGV[3], 'm', ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
local found = {}
for i = 2, #KEYS do found[i - 1] = redis.call('EXISTS', KEYS[i]) end
return found`;

type Sending = Redis & { conveyorSend(keys: number, ...args: (string | number)[]): Promise<number[]> };

function sending(redis: Redis): Sending {
  const sender = redis as Sending;
  // Defined once per connection; ioredis then sends it by its digest (EVALSHA).
  if (typeof sender.conveyorSend !== "function") redis.defineCommand("conveyorSend", { lua: SEND });
  return sender;
}

/**
 * Sends `message` about `jobId` to the inbox `to`, saying it comes from the inbox `from`;
 * resolves to whether each key of `exists` exists once the message is in.
 */
export async function sendTo<M>(redis: Redis, to: string, from: string, jobId: string, message: M, exists: string[] = []): Promise<boolean[]> {
  const keys = [to, ...exists];
  const found = await sending(redis).conveyorSend(keys.length, ...keys, INBOX_MAX_LENGTH, jobId, from, JSON.stringify(message), INBOX_TTL_MS);
  return found.map((n) => n === 1);
}
