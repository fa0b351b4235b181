import type { DbHandle } from "./client";
import { runMigrations } from "./migrate";
import { type SeedOptions, type SeedResult, seedDatabase } from "./seed";
import { backfillSearchIndex } from "@/server/services/search";

/** Arbitrary constant key of the advisory lock that serialises start-up work across app instances. */
const SETUP_LOCK_KEY = 73402020;

/** Seeds an empty database, then indexes for search whatever has no (current) index rows. */
async function seedAndIndex(handle: DbHandle, seed: SeedOptions): Promise<SeedResult> {
  const result = await seedDatabase(handle.db, seed);
  await backfillSearchIndex(handle.db);
  return result;
}

/**
 * Applies migrations, seeds an empty database and brings the search index up to date. On
 * PostgreSQL, instances starting at the same time take turns under an advisory lock, so migrations
 * and the seed run exactly once.
 */
export async function prepareDatabase(handle: DbHandle, seed: SeedOptions): Promise<SeedResult> {
  if (handle.kind === "pglite") {
    await runMigrations(handle);
    return seedAndIndex(handle, seed);
  }
  const client = await handle.pool!.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [SETUP_LOCK_KEY]);
    await runMigrations(handle);
    return await seedAndIndex(handle, seed);
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [SETUP_LOCK_KEY]).catch(() => undefined);
    client.release();
  }
}
