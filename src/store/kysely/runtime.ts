/**
 * Kysely's runtime values, from its CommonJS build. Its ES module build is 279 files, and under
 * tsx every ES module costs a round trip to tsx's loader thread: importing it took about 300 ms
 * of each `conveyor` command's start, requiring the CommonJS build takes 40-60 ms. The built
 * package requires that build bundled into one file by scripts/build.ts (dist/vendor/kysely.cjs),
 * about 4 times faster again; the sources require Kysely itself. Every runtime use of Kysely
 * goes through here, so one copy of its classes is loaded; types still come from "kysely".
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const fromSources = import.meta.url.endsWith(".ts");
const kysely = (fromSources ? require("kysely") : require("../../vendor/kysely.cjs")) as typeof import("kysely");

export const { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, SqliteDriver, sql } = kysely;
export type CompiledQuery<R = unknown> = import("kysely").CompiledQuery<R>;
export type Kysely<DB> = import("kysely").Kysely<DB>;
export type PostgresDialect = import("kysely").PostgresDialect;
export type SqliteDialect = import("kysely").SqliteDialect;
export type SqliteDriver = import("kysely").SqliteDriver;
