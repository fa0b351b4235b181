/**
 * Our collaboration server for the benchmark: a CollabServer with its production defaults
 * (permission re-check every 1 s, 40 ms flush, compaction after 500 rows; the heap growth that
 * server/main.ts sets) on a plain HTTP server,
 * as server/testing/collab.ts#startCollabServer builds it, with persistence on:
 * - BENCH_DB_URL set: PostgreSQL through db/client.ts' pool, opened at start and kept as the app
 *   server does (the runner accounts its backends' CPU time from /proc);
 * - otherwise PGlite on disk in BENCH_PGLITE_DIR (in this process, so its CPU counts as ours).
 * The database was created, migrated and seeded by the runner. With BENCH_REDIS_URL it is one of
 * several instances sharing that Redis (channel prefix BENCH_REDIS_PREFIX).
 */
import http from "node:http";
import { drizzle } from "drizzle-orm/node-postgres";
import { createPool, openDatabase, type Db, warmPool } from "@/db/client";
import * as schema from "@/db/schema";
import { createBus, setBus } from "@/server/bus";
import { CollabServer } from "@/server/collab";
import { limitHeapGrowth } from "@/server/memory";
import { reportFailure, reportReady, requirePort } from "./report";

async function main() {
  // As server/main.ts does in production (its default HEAP_GROWTH_PERCENT).
  limitHeapGrowth();
  const port = requirePort();
  const secret = process.env.BENCH_SECRET;
  if (!secret) throw new Error("BENCH_SECRET is required");
  let db: Db;
  let kind: string;
  if (process.env.BENCH_DB_URL) {
    const pool = createPool(process.env.BENCH_DB_URL);
    await warmPool(pool);
    db = drizzle(pool, { schema }) as unknown as Db;
    kind = "postgres";
  } else {
    const dir = process.env.BENCH_PGLITE_DIR;
    if (!dir) throw new Error("BENCH_DB_URL or BENCH_PGLITE_DIR is required");
    db = (await openDatabase({ dataDir: dir })).db;
    kind = "pglite";
  }
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  const origin = `http://127.0.0.1:${port}`;
  // BENCH_REDIS_URL: one of several instances fanning out through Redis (the cross-instance scenario).
  const bus = createBus(process.env.BENCH_REDIS_URL || undefined, process.env.BENCH_REDIS_PREFIX);
  setBus(bus);
  (globalThis as { __benchBusStats?: () => { published: number; received: number } }).__benchBusStats = () => bus.stats();
  const collab = new CollabServer({ db, secret, secureCookies: false, appOrigin: origin, bus });
  server.on("upgrade", (req, socket, head) => void collab.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  reportReady(port, { db: kind });
}

main().catch(reportFailure);
