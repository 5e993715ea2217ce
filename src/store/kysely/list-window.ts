/** Reads only a window of a list: LIMIT and OFFSET, or by name after a key, the same on SQLite and PostgreSQL. */
import type { SelectQueryBuilder } from "kysely";
import type { ListWindow, NameWindow } from "../types.ts";
import type { StoreDialect } from "./dialect.ts";

export function inWindow<DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>, window: ListWindow | undefined): SelectQueryBuilder<DB, TB, O> {
  return window ? query.limit(window.limit).offset(window.offset) : query;
}

/** Orders `query` by `column` compared by code point, and reads only the names in `window`. */
export function byNameInWindow<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  column: string,
  dialect: StoreDialect,
  window: NameWindow | undefined,
): SelectQueryBuilder<DB, TB, O> {
  const name = dialect.byCodePoint(column);
  const ordered = query.orderBy(name);
  if (!window) return ordered;
  return (window.after === undefined ? ordered : ordered.where(name, ">", window.after)).limit(window.limit);
}
