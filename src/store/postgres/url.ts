import { ConveyorError } from "../../errors.ts";

export interface PostgresTarget {
  /** The URL handed to `pg`, without Conveyor's own `schema` parameter. */
  connectionString: string;
  schema: string;
  /** The URL without its password, with the schema, for messages. */
  location: string;
}

/**
 * Lowercase only: Postgres folds unquoted names to lowercase, so any other name would mean
 * one schema in `search_path` and another in the catalog.
 */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** `schema` (an option) wins over `?schema=` in the URL; the default is Postgres's own, `public`. */
export function parsePostgresUrl(url: string, schema?: string): PostgresTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConveyorError(
      `"${redact(url)}" is not a valid Postgres URL`,
      "use the form postgres://user:password@host:5432/database?schema=conveyor",
      "invalid_config",
    );
  }
  const chosen = schema ?? parsed.searchParams.get("schema") ?? "public";
  if (!SCHEMA_NAME.test(chosen)) {
    throw new ConveyorError(
      `Postgres schema name "${chosen}" in ${redact(url)} is not supported`,
      "use lowercase letters, digits and underscores, starting with a letter or underscore (at most 63 characters)",
      "invalid_config",
    );
  }
  parsed.searchParams.delete("schema");
  const connectionString = parsed.toString();
  parsed.searchParams.set("schema", chosen);
  parsed.password = "";
  return { connectionString, schema: chosen, location: parsed.toString() };
}

/** For messages about URLs that may not parse: drops anything that looks like a password. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]*):[^@/]*@/, "//$1@");
}
