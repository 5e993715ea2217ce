/** The baseline: one committed insert into SQLite with the store's own settings (WAL, synchronous=NORMAL). */
import { setTimeout as sleep } from "node:timers/promises";
import Database from "better-sqlite3";

/**
 * The median time of one committed insert, back to back, or each after `pauseMs` idle: a
 * chain of 10 ms tasks commits after every pause, and a commit on a CPU that has just idled
 * (cold caches, lowered clock) takes several times as long as one in a tight loop.
 */
export async function rawCommitMicros(file: string, { count = 2000, pauseMs }: { count?: number; pauseMs?: number } = {}): Promise<number> {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.exec("create table if not exists bench (id integer primary key, payload text)");
  const insert = db.prepare("insert into bench (payload) values (?)");
  const begin = db.prepare("begin");
  const commit = db.prepare("commit");
  const once = (payload: string): number => {
    const started = process.hrtime.bigint();
    begin.run();
    insert.run(payload);
    commit.run();
    return Number(process.hrtime.bigint() - started) / 1000;
  };
  for (let i = 0; i < 200; i++) once("warm-up");
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    if (pauseMs !== undefined) await sleep(pauseMs);
    times.push(once(`row ${i}`));
  }
  db.close();
  return times.sort((a, b) => a - b)[Math.floor(count / 2)] as number;
}
