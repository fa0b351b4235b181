import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import next from "next";
import { getDatabase, openDatabase, setDatabase, warmPool } from "@/db/client";
import { prepareDatabase } from "@/db/setup";
import type { SeedResult } from "@/db/seed";
import { resolveAuthSecret } from "./auth/secret";
import type { Env } from "./env";
import { createRequestHandler } from "./http";
import { CollabServer } from "./collab";
import { setDocumentHost } from "./collab/host";
import { createBus, setBus } from "./bus";
import { setRuntime } from "./runtime";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export type StartedApp = {
  url: string;
  collab: CollabServer;
  dbKind: "pglite" | "postgres";
  seed: SeedResult;
  close: () => Promise<void>;
};

/**
 * Starts the one process: opens and prepares the database, then serves Next pages, next-auth,
 * tRPC and health on one port.
 */
export async function startApp(env: Env, options: { dev: boolean }): Promise<StartedApp> {
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
  setDatabase(database);
  if (database.pool) await warmPool(database.pool);
  const seed = await prepareDatabase(database, {
    demo: env.SEED_DEMO,
    adminPassword: env.ADMIN_PASSWORD,
    demoPassword: env.DEMO_PASSWORD,
  });
  const authSecret = await resolveAuthSecret(database.db, env.AUTH_SECRET);
  const runtime = { env, authSecret, secureCookies: env.APP_ORIGIN.startsWith("https://") };
  setRuntime(runtime);
  // next-auth v4 derives its own URLs from the request's Host when this is set.
  process.env.AUTH_TRUST_HOST = "true";

  const bus = createBus(env.REDIS_URL, env.REDIS_PREFIX);
  setBus(bus);
  const server = http.createServer();
  const nextApp = next({ dev: options.dev, dir: projectRoot, hostname: "localhost", port: env.PORT, httpServer: server });
  await nextApp.prepare();
  const nextHandler = nextApp.getRequestHandler();
  const handle = createRequestHandler({ runtime, database, bus, next: (req, res) => nextHandler(req, res), dev: options.dev });
  server.on("request", (req, res) => {
    Promise.resolve(handle(req, res)).catch((error: unknown) => {
      console.error("[http] request failed:", error);
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      res.end("Internal server error");
    });
  });
  const collab = new CollabServer({
    db: database.db,
    secret: authSecret,
    secureCookies: runtime.secureCookies,
    appOrigin: env.APP_ORIGIN,
    bus,
  });
  setDocumentHost(collab);
  server.on("upgrade", (req, socket, head) => {
    if (req.url?.startsWith("/collab/")) {
      void collab.handleUpgrade(req, socket, head);
      return;
    }
    // Next attaches its own upgrade listener for dev HMR (/_next/…); in production nothing else upgrades.
    if (!options.dev) socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(env.PORT, env.HOST, () => resolve());
  });

  let closed = false;
  return {
    url: env.APP_ORIGIN,
    collab,
    dbKind: database.kind,
    seed,
    close: async () => {
      if (closed) return;
      closed = true;
      setDocumentHost(undefined);
      // No new connections from here on; browsers retry until the next server listens.
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      await collab.shutdown();
      server.closeAllConnections();
      await stopped;
      await nextApp.close?.();
      await bus.close();
      setBus(undefined);
      await getDatabase().close();
    },
  };
}
