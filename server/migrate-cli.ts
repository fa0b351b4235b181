/**
 * `npm run db:migrate` (or `tsx server/migrate-cli.ts`): applies the database migrations and seeds an
 * empty database, then exits. Same configuration as the app (server/env.ts): DATABASE_URL,
 * SEED_DEMO, ADMIN_PASSWORD, DEMO_PASSWORD… Run once before starting several app instances (the
 * compose file's `migrate` service); the apps still run the same step at start and find nothing to do.
 * Exit code 0 when the database is ready, 1 otherwise.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { type DbHandle, openDatabase } from "@/db/client";
import { prepareDatabase } from "@/db/setup";
import { env, EnvError } from "./env";
import { describeSeed } from "./seed-summary";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Migrations shipped with this build (drizzle-kit's journal). */
function shippedMigrations(): number {
  const journal = path.join(projectRoot, "db", "migrations", "meta", "_journal.json");
  return (JSON.parse(fs.readFileSync(journal, "utf8")) as { entries: unknown[] }).entries.length;
}

/** Migrations recorded as applied in this database (0 before the first run). */
async function appliedMigrations(handle: DbHandle): Promise<number> {
  const rowsOf = (result: unknown) => (result as { rows: Record<string, unknown>[] }).rows;
  const [table] = rowsOf(await handle.db.execute(sql`select to_regclass('drizzle.__drizzle_migrations') as name`));
  if (!table?.name) return 0;
  const [row] = rowsOf(await handle.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`));
  return Number(row?.n ?? 0);
}

function describeDatabase(databaseUrl: string | undefined, dataDir: string): string {
  if (!databaseUrl) return `PGlite (embedded) in ${dataDir} — stop the app first: only one process may open it`;
  const url = new URL(databaseUrl);
  return `PostgreSQL at ${url.host}${url.pathname} (DATABASE_URL)`;
}

async function main(): Promise<number> {
  if (process.argv.includes("--no-demo")) process.env.SEED_DEMO = "false";
  let config;
  try {
    config = env();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  const started = Date.now();
  console.log(`Preparing the database: ${describeDatabase(config.DATABASE_URL, config.DATA_DIR)}`);
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    const before = await appliedMigrations(database);
    // The same step as the app's start: migrations, then the seed of an empty database, under the
    // advisory lock on PostgreSQL (apps starting meanwhile wait, then find nothing to do).
    const seed = await prepareDatabase(database, {
      demo: config.SEED_DEMO,
      adminPassword: config.ADMIN_PASSWORD,
      demoPassword: config.DEMO_PASSWORD,
    });
    const after = await appliedMigrations(database);
    const applied = after - before;
    console.log(
      `  Migrations: ${applied > 0 ? `applied ${applied}` : "none pending"} (${after} applied, ${shippedMigrations()} in this build)`,
    );
    if (seed.seeded) {
      console.log(`  Seed: empty database, created ${seed.demo ? "the demo plan and its accounts" : "the admin account only (SEED_DEMO=false)"}`);
      for (const line of describeSeed(seed)) console.log(line);
    } else {
      console.log("  Seed: skipped (the database already has accounts)");
    }
    console.log(`Database ready in ${Date.now() - started} ms.`);
    return 0;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    // drizzle wraps driver errors ("Failed query: …"); the cause says why (refused, auth, …).
    const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : "";
    console.error(`Migration failed: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}${cause}`);
    if (error instanceof Error && error.stack) console.error(error.stack);
    process.exit(1);
  },
);
