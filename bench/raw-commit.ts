/** The baseline: one committed insert into SQLite with the store's own settings (WAL, synchronous=NORMAL). */
import Database from "better-sqlite3";

export function rawCommitMicros(file: string, count = 2000): number {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.exec("create table if not exists bench (id integer primary key, payload text)");
  const insert = db.prepare("insert into bench (payload) values (?)");
  const begin = db.prepare("begin");
  const commit = db.prepare("commit");
  for (let i = 0; i < 200; i++) {
    begin.run();
    insert.run("warm-up");
    commit.run();
  }
  const started = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    begin.run();
    insert.run(`row ${i}`);
    commit.run();
  }
  const micros = Number(process.hrtime.bigint() - started) / 1000 / count;
  db.close();
  return micros;
}
