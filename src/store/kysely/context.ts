import type { Kysely } from "kysely";
import type { StoreDialect } from "./dialect.ts";
import type { Tables } from "./tables.ts";

/** What every group of queries needs. */
export interface StoreContext {
  db: Kysely<Tables>;
  dialect: StoreDialect;
  location: string;
}
