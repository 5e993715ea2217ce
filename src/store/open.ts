import { join } from "node:path";
import { ConveyorError } from "../errors.ts";
import { isPostgresUrl, redact } from "./postgres/url.ts";
import type { MetadataStore } from "./types.ts";
import { conveyorDir } from "./workspace.ts";

export interface OpenStoreOptions {
  /** Project folder whose `.conveyor/conveyor.db` is the SQLite store; defaults to the working folder. */
  root?: string;
  /** A postgres:// URL; defaults to the CONVEYOR_DB environment variable. Without one, or with "", SQLite. */
  url?: string;
  /** Postgres schema; overrides the URL's `?schema=`. */
  schema?: string;
}

/**
 * The SQLite store's modules: in the built package, bundled into one file by scripts/build.ts.
 * They are about 60 files, and loading each ES module has a cost of its own: the one file takes
 * about a third less of the start of every command that opens the store.
 */
const SQLITE_STORE = import.meta.url.endsWith(".ts") ? "./sqlite/open.ts" : "./sqlite/bundle.js";

/**
 * Each driver is imported when a store of its kind is opened: loading pg alone (it touches
 * Node's fetch implementation as it loads) was a large part of a SQLite command's start.
 */
export async function openStore(options: OpenStoreOptions = {}): Promise<MetadataStore> {
  const url = options.url ?? process.env.CONVEYOR_DB;
  if (!url) {
    const { openSqliteStore } = (await import(SQLITE_STORE)) as typeof import("./sqlite/open.ts");
    return openSqliteStore(join(conveyorDir(options.root ?? process.cwd()), "conveyor.db"));
  }
  if (isPostgresUrl(url)) {
    const { openPostgresStore } = await import("./postgres/open.ts");
    return openPostgresStore(url, options.schema);
  }
  // Silently falling back to SQLite would split a team's runs across two databases.
  throw new ConveyorError(
    `unsupported database URL "${redact(url)}" (from ${options.url ? "the url option" : "CONVEYOR_DB"})`,
    "use a postgres://user@host:5432/database URL, or unset CONVEYOR_DB to use SQLite under .conveyor/",
    "invalid_config",
  );
}
