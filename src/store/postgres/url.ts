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
  return { connectionString, schema: chosen, location: redact(parsed.toString()) };
}

/** Names of connection settings that hold a secret: password, sslpassword, and the like. */
const SECRET_SETTING = "\\w*(?:pass|secret|token|key)\\w*";
const SECRET_PARAM = new RegExp(`^${SECRET_SETTING}$`, "i");
/** `password=s3cret`, `password = 's3 cret'`, in a query string or a key=value connection string. */
const SECRET_PAIR = new RegExp(`\\b(${SECRET_SETTING})(\\s*=\\s*)('(?:[^'\\\\]|\\\\.)*'|[^\\s&]*)`, "gi");

/**
 * A connection string fit for messages, metadata and logs: every secret the pg driver would
 * read replaced by `***`, whichever form carries it: the URL's user-info
 * (`postgres://u:s3cret@h/db`), a query parameter (`?password=s3cret`, which the driver
 * honours), or a key=value pair (`host=h password=s3cret`). Also for text that does not parse.
 */
export function redact(connection: string): string {
  if (isPostgresUrl(connection)) {
    try {
      const parsed = new URL(connection);
      if (parsed.password) parsed.password = "***";
      for (const name of new Set(parsed.searchParams.keys())) if (SECRET_PARAM.test(name)) parsed.searchParams.set(name, "***");
      return parsed.toString();
    } catch {
      // Not a URL after all: the textual rules below still apply.
    }
  }
  return connection.replace(/\/\/([^:/@]*):[^@/]*@/, "//$1:***@").replace(SECRET_PAIR, "$1$2***");
}
