import { randomBytes } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import pg from "pg";
import type { Db, DbHandle } from "@/db/client";
import * as schema from "@/db/schema";
import { runMigrations } from "@/db/migrate";

/**
 * A fresh, migrated database for one test file: a new database on the PostgreSQL server of
 * TEST_DATABASE_URL when set (as in CI), otherwise an in-memory PGlite.
 */
export async function createTestDatabase(): Promise<DbHandle & { drop: () => Promise<void> }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const pglite = new PGlite();
    const handle: DbHandle = { db: drizzlePglite(pglite, { schema }) as unknown as Db, kind: "pglite", pglite, close: () => pglite.close() };
    await runMigrations(handle);
    return { ...handle, drop: () => pglite.close() };
  }
  const name = `xz_test_${Date.now()}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 5 });
  const handle: DbHandle = { db: drizzlePg(pool, { schema }) as unknown as Db, kind: "postgres", pool, close: () => pool.end() };
  await runMigrations(handle);
  return {
    ...handle,
    drop: async () => {
      // pool.end() resolves before its sockets have closed, so the forced DROP below can still end
      // one; that "terminating connection" error is expected here.
      pool.on("error", () => undefined);
      await pool.end();
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
