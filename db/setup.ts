import type { DbHandle } from "./client";
import { runMigrations } from "./migrate";
import { type SeedOptions, type SeedResult, seedDatabase } from "./seed";

/** Arbitrary constant key of the advisory lock that serialises start-up work across app instances. */
const SETUP_LOCK_KEY = 73402020;

/**
 * Applies migrations and seeds an empty database. On PostgreSQL, instances starting at the same
 * time take turns under an advisory lock, so migrations and the seed run exactly once.
 */
export async function prepareDatabase(handle: DbHandle, seed: SeedOptions): Promise<SeedResult> {
  if (handle.kind === "pglite") {
    await runMigrations(handle);
    return seedDatabase(handle.db, seed);
  }
  const client = await handle.pool!.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [SETUP_LOCK_KEY]);
    await runMigrations(handle);
    return await seedDatabase(handle.db, seed);
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [SETUP_LOCK_KEY]).catch(() => undefined);
    client.release();
  }
}
