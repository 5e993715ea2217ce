import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import pg from "pg";
import { openStore } from "../../src/store/open.ts";
import { deletionSuite } from "./deletion-suite.ts";
import { deploymentSuite } from "./deployment-suite.ts";
import { logSegmentSuite } from "./log-segment-suite.ts";
import { conveyorError } from "./expect-conveyor-error.ts";
import { registrySuite } from "./registry-suite.ts";
import { type StoreHarness, type StorePlace, storeSuite } from "./store-suite.ts";
import { trackingSuite } from "./tracking-suite.ts";

/** The project's machines trust local connections as `postgres` or as `root`; CONVEYOR_TEST_PG overrides. */
const CANDIDATES = process.env.CONVEYOR_TEST_PG
  ? [process.env.CONVEYOR_TEST_PG]
  : ["postgres://postgres@127.0.0.1:5432/test", "postgres://root@127.0.0.1:5432/test"];

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

let baseUrl = "";
let admin: pg.Client;
const schemas: string[] = [];

before(async () => {
  for (const url of CANDIDATES) {
    if (await reachable(url)) {
      baseUrl = url;
      break;
    }
  }
  assert.ok(baseUrl, `no PostgreSQL at ${CANDIDATES.join(" or ")}; start it (see DEVELOPERS.md) or set CONVEYOR_TEST_PG`);
  admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
});

after(async () => {
  for (const schema of schemas.splice(0)) await admin.query(`drop schema if exists ${schema} cascade`);
  await admin.end();
});

/** A random schema per place, so parallel test runs never see each other's data. */
function freshSchema(): string {
  const schema = `conveyor_test_${randomBytes(6).toString("hex")}`;
  schemas.push(schema);
  return schema;
}

function place(schema: string): StorePlace {
  const url = `${baseUrl}?schema=${schema}`;
  return {
    location: url,
    open: () => openStore({ url }),
    async exec(sql) {
      await admin.query(`create schema if not exists ${schema}; set search_path to ${schema}; ${sql}; reset search_path`);
    },
    async fingerprint() {
      const tables = await admin.query<{ name: string }>(
        `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = $1 and c.relkind = 'r' order by 1`,
        [schema],
      );
      const columns = await admin.query(
        `select table_name, column_name, data_type from information_schema.columns
         where table_schema = $1 order by 1, 2`,
        [schema],
      );
      const contents: Record<string, string[]> = {};
      for (const { name } of tables.rows) {
        const rows = await admin.query(`select * from ${schema}.${name}`);
        contents[name] = rows.rows.map((r) => JSON.stringify(r)).sort();
      }
      return JSON.stringify({ columns: columns.rows, contents });
    },
  };
}

const harness: StoreHarness = {
  backend: "postgres",
  fresh: async () => place(freshSchema()),
  // The schemas are dropped in the top-level `after`, once the admin connection is no longer needed.
  dispose: async () => {},
};
storeSuite("PostgreSQL", harness);
trackingSuite("PostgreSQL", harness);
registrySuite("PostgreSQL", harness);
deletionSuite("PostgreSQL", harness);
deploymentSuite("PostgreSQL", harness);
logSegmentSuite("PostgreSQL", harness);

describe("PostgreSQL store connections", () => {
  it("creates the schema it is given and names it in its location, without the password", async () => {
    const schema = freshSchema();
    const url = new URL(baseUrl);
    url.password = "s3cret";
    url.searchParams.set("schema", "ignored_by_option");
    const store = await openStore({ url: url.toString(), schema });
    try {
      assert.ok(!store.location.includes("s3cret"), store.location);
      assert.ok(store.location.endsWith(`?schema=${schema}`), store.location);
      const found = await admin.query("select 1 from pg_namespace where nspname = $1", [schema]);
      assert.equal(found.rowCount, 1);
    } finally {
      await store.close();
    }
  });

  it("is chosen by CONVEYOR_DB when no url is given", async () => {
    const schema = freshSchema();
    const saved = process.env.CONVEYOR_DB;
    process.env.CONVEYOR_DB = baseUrl.replace(/^postgres:/, "postgresql:");
    try {
      const store = await openStore({ schema });
      assert.match(store.location, /^postgresql:\/\//);
      await store.close();
    } finally {
      if (saved === undefined) delete process.env.CONVEYOR_DB;
      else process.env.CONVEYOR_DB = saved;
    }
  });

  it("refuses schema names that Postgres would fold or quote", async () => {
    await assert.rejects(openStore({ url: baseUrl, schema: "Runs" }), conveyorError("invalid_config", "Runs"));
    await assert.rejects(openStore({ url: `${baseUrl}?schema=a;drop` }), conveyorError("invalid_config", "a;drop"));
  });

  it("says which server it could not reach", async () => {
    await assert.rejects(
      openStore({ url: "postgres://nobody:pw@127.0.0.1:1/none" }),
      conveyorError("store_unavailable", "postgres://nobody@127.0.0.1:1/none"),
    );
  });
});
