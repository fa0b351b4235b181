import { env, EnvError } from "./env";
import { startApp } from "./app";
import { limitHeapGrowth } from "./memory";
import { describeSeed } from "./seed-summary";
import { exitOnSignals } from "./shutdown";

async function main() {
  // `npm start -- --no-demo` creates only the admin account in an empty database.
  if (process.argv.includes("--no-demo")) process.env.SEED_DEMO = "false";
  let config;
  try {
    config = env();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  limitHeapGrowth(config.HEAP_GROWTH_PERCENT);
  const dev = config.NODE_ENV === "development";
  const started = Date.now();
  const app = await startApp(config, { dev });
  console.log(
    [
      ``,
      `许昌智造 plan workspace is running at ${app.url} (ready in ${Date.now() - started} ms)`,
      `  Database: ${app.dbKind === "pglite" ? `PGlite (embedded) in ${config.DATA_DIR}` : "PostgreSQL (DATABASE_URL)"}`,
      `  Redis: ${config.REDIS_URL ? "configured (REDIS_URL)" : "not configured (single instance)"}`,
      ...describeSeed(app.seed),
      ``,
    ].join("\n"),
  );
  exitOnSignals(app.close);
}

main().catch((error: unknown) => {
  console.error("Start-up failed:", error instanceof Error ? error.message : error);
  if (error instanceof Error && error.stack) console.error(error.stack);
  process.exit(1);
});
