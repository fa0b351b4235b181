/**
 * A collaboration server alone in a process, for tests that kill it (see collab-process.ts).
 * Configured by the environment:
 *   COLLAB_DATABASE_URL (PostgreSQL) or COLLAB_DATA_DIR (PGlite on disk; must be migrated already),
 *   COLLAB_SECRET, COLLAB_PORT (0 for any), COLLAB_COMPACT_AFTER_ROWS (optional),
 *   COLLAB_REDIS_URL + COLLAB_REDIS_PREFIX (an instance among several), COLLAB_PERMISSION_CHECK_MS,
 *   COLLAB_RECONCILE_MS (optional).
 * Prints one line `{"port":N}` once it accepts sockets. On SIGTERM it stops the way server/main.ts
 * stops the app (exitOnSignals; app.ts close(): stop listening, collab.shutdown(), HTTP connections,
 * database) and exits 0.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { openDatabase } from "@/db/client";
import { createBus, setBus } from "@/server/bus";
import { CollabServer } from "@/server/collab";
import { exitOnSignals } from "@/server/shutdown";

async function main() {
  const database = await openDatabase({ databaseUrl: process.env.COLLAB_DATABASE_URL, dataDir: process.env.COLLAB_DATA_DIR ?? "" });
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(Number(process.env.COLLAB_PORT ?? 0), "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const compactAfterRows = Number(process.env.COLLAB_COMPACT_AFTER_ROWS ?? 0);
  const bus = createBus(process.env.COLLAB_REDIS_URL, process.env.COLLAB_REDIS_PREFIX);
  setBus(bus);
  const collab = new CollabServer({
    bus,
    ...(process.env.COLLAB_PERMISSION_CHECK_MS ? { permissionCheckMs: Number(process.env.COLLAB_PERMISSION_CHECK_MS) } : {}),
    ...(process.env.COLLAB_RECONCILE_MS ? { reconcileMs: Number(process.env.COLLAB_RECONCILE_MS) } : {}),
    db: database.db,
    secret: process.env.COLLAB_SECRET!,
    secureCookies: false,
    appOrigin: `http://127.0.0.1:${port}`,
    ...(compactAfterRows ? { room: { compactAfterRows } } : {}),
  });
  server.on("upgrade", (req, socket, head) => void collab.handleUpgrade(req, socket, head));

  exitOnSignals(async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    await collab.shutdown();
    server.closeAllConnections();
    await closed;
    await bus.close();
    await database.close();
  });
  process.stdout.write(`${JSON.stringify({ port })}\n`);
}

main().catch((error: unknown) => {
  console.error("collab server process failed:", error);
  process.exit(1);
});
