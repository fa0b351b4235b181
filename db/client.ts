import fs from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { type AnyColumn, type ExtractTablesWithRelations, type SQL, sql } from "drizzle-orm";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import pg from "pg";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Either the database or an open transaction: services take this so callers can compose them. */
export type DbOrTx = Db | Tx;

export type DbKind = "pglite" | "postgres";

/**
 * `column = any($1::uuid[])`: a uuid column among many ids as one array parameter (both drivers
 * pass a JS array as a PostgreSQL array), where `inArray` makes a parameter per id that the query
 * builder assembles one by one — for lookups that run all the time with hundreds of ids.
 */
export function isAnyUuid(column: AnyColumn, ids: readonly string[]): SQL {
  return sql`${column} = any(${sql.param(ids)}::uuid[])`;
}

/** The same test in a prepared statement: the ids are given at execution as the placeholder `name`. */
export function isAnyUuidPlaceholder(column: AnyColumn, name: string): SQL {
  return sql`${column} = any(${sql.placeholder(name)}::uuid[])`;
}

/** One value per database handle, made on first use (e.g. a prepared statement). */
export function perDatabase<T>(make: (db: Db) => T): (db: Db) => T {
  const made = new WeakMap<Db, T>();
  return (db) => {
    let value = made.get(db);
    if (value === undefined) made.set(db, (value = make(db)));
    return value;
  };
}

export type DbHandle = {
  db: Db;
  kind: DbKind;
  /** Closes the underlying connection(s). */
  close: () => Promise<void>;
  /** For PGlite: the instance (used by tests and the migrator). */
  pglite?: PGlite;
  /** For PostgreSQL: the pool. */
  pool?: pg.Pool;
};

/** Connections of a PostgreSQL pool: all of them are opened at start (`warmPool`) and kept. */
export const POOL_SIZE = 10;

/**
 * A node-postgres pool that keeps its connections (`min` = `max`: pg-pool closes an idle client
 * only above `min`). Opening a connection costs ~12 ms alone and ~150 ms for eight at once
 * (PostgreSQL starts a backend for each); a pool that closed its idle clients made the first
 * burst of joins after a quiet spell wait for that (20 sockets joining a section at once: 8 of
 * them waited 110–180 ms in their permission check, bench/RESULTS.md session 11).
 */
export function createPool(databaseUrl: string, options: Omit<pg.PoolConfig, "connectionString" | "max" | "min"> = {}): pg.Pool {
  const pool = new pg.Pool({ ...options, connectionString: databaseUrl, max: POOL_SIZE, min: POOL_SIZE });
  pool.on("error", (error) => console.error("[db] idle client error:", error.message));
  return pool;
}

/** Opens every connection of the pool now (a server calls it before it accepts requests). */
export async function warmPool(pool: pg.Pool): Promise<void> {
  const clients = await Promise.all(Array.from({ length: POOL_SIZE }, () => pool.connect()));
  for (const client of clients) client.release();
}

export type DbConfig = { databaseUrl?: string; dataDir: string };

/**
 * Opens a database: node-postgres when a URL is given, otherwise PGlite in `dataDir/pglite`.
 * PGlite (Postgres compiled to WASM, ~60 MB of a process's memory once loaded) is imported only
 * when it is the database, so a deployment on PostgreSQL never loads it.
 */
export async function openDatabase(config: DbConfig): Promise<DbHandle> {
  if (config.databaseUrl) {
    const pool = createPool(config.databaseUrl);
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    return { db, kind: "postgres", pool, close: () => pool.end() };
  }
  const folder = path.join(config.dataDir, "pglite");
  fs.mkdirSync(config.dataDir, { recursive: true });
  const [{ PGlite }, { drizzle: drizzlePglite }] = await Promise.all([import("@electric-sql/pglite"), import("drizzle-orm/pglite")]);
  const pglite = new PGlite(folder);
  const db = drizzlePglite(pglite, { schema }) as unknown as Db;
  return { db, kind: "pglite", pglite, close: () => pglite.close() };
}

type GlobalWithDb = typeof globalThis & { __xzDbHandle?: DbHandle };

/**
 * The process-wide database handle. PGlite may only be opened once per process, and the custom
 * server and Next's bundled route handlers are separate module graphs, so the handle lives on
 * globalThis.
 */
export function setDatabase(handle: DbHandle): void {
  (globalThis as GlobalWithDb).__xzDbHandle = handle;
}

export function getDatabase(): DbHandle {
  const handle = (globalThis as GlobalWithDb).__xzDbHandle;
  if (!handle) throw new Error("Database not opened: call setDatabase(await openDatabase(...)) at start");
  return handle;
}

export function db(): Db {
  return getDatabase().db;
}
