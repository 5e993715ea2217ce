import { resolve } from "node:path";
import type { MetadataStore } from "../types.ts";
import { connectSqlite } from "./connect.ts";

interface SharedConnection {
  store: Promise<MetadataStore>;
  users: number;
}

/**
 * One connection per database file per process, shared by every store opened on it.
 * better-sqlite3 waits for locks synchronously: a second connection in the same process
 * waiting for the first one's write lock would block the event loop the first one needs to
 * finish its transaction, and both would stall until busy_timeout. Kysely's connection mutex
 * serializes the shared connection's transactions instead.
 */
const connections = new Map<string, SharedConnection>();

/** Opens (creating if missing) the SQLite database at `file`; close each store it returns. */
export async function openSqliteStore(file: string): Promise<MetadataStore> {
  const location = resolve(file);
  const shared = connections.get(location) ?? connect(location);
  shared.users += 1;
  let store: MetadataStore;
  try {
    store = await shared.store;
  } catch (error) {
    shared.users -= 1;
    throw error;
  }
  let closed = false;
  return {
    ...store,
    async close() {
      if (closed) return;
      closed = true;
      shared.users -= 1;
      if (shared.users > 0) return;
      if (connections.get(location) === shared) connections.delete(location);
      await store.close();
    },
  };
}

function connect(location: string): SharedConnection {
  const shared: SharedConnection = { store: connectSqlite(location), users: 0 };
  connections.set(location, shared);
  // A failed open is not kept: the next open tries again.
  shared.store.catch(() => {
    if (connections.get(location) === shared) connections.delete(location);
  });
  return shared;
}
