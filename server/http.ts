import type { IncomingMessage, ServerResponse } from "node:http";
import { nodeHTTPRequestHandler } from "@trpc/server/adapters/node-http";
import type { DbHandle } from "@/db/client";
import { CLIENT_ADDRESS_HEADER, clientAddressOf } from "./auth/client-address";
import { loadSessionUser, readSessionClaims, type SessionUser } from "./auth/session";
import type { Bus } from "./bus";
import { appRouter } from "./routers";
import { handleExportRequest, isExportPath } from "./services/export/http";
import { handleImportRequest } from "./services/import/http";
import type { Runtime } from "./runtime";
import { createContextFromHeaders } from "./trpc/context";

type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

/** Paths served without a session: the login page, next-auth, health and Next's static assets. */
function isPublicPath(pathname: string, dev: boolean): boolean {
  return (
    pathname === "/login" ||
    pathname === "/api/health" ||
    pathname === "/favicon.ico" ||
    pathname.startsWith("/api/auth/") ||
    pathname.startsWith("/_next/") ||
    (dev && pathname.startsWith("/__nextjs"))
  );
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

export type HttpDeps = {
  runtime: Runtime;
  database: DbHandle;
  /** Fan-out to other instances (health reports whether Redis is configured and its state). */
  bus: Bus;
  next: RequestHandler;
  dev: boolean;
};

/**
 * The one request handler of the process: health, tRPC and the login gate are handled here;
 * everything else (pages, next-auth, assets) goes to Next.
 */
export function createRequestHandler(deps: HttpDeps): RequestHandler {
  const { runtime, database } = deps;
  const sessionUserOf = async (req: IncomingMessage): Promise<SessionUser | null> =>
    loadSessionUser(database.db, await readSessionClaims(req.headers, runtime.authSecret, runtime.secureCookies));

  return async (req, res) => {
    // The client's address is decided here, never taken from the client's own headers.
    req.headers[CLIENT_ADDRESS_HEADER] = clientAddressOf(req, runtime.env.TRUST_PROXY);
    const url = new URL(req.url ?? "/", "http://localhost");
    const { pathname } = url;

    if (pathname === "/api/health") {
      let dbOk = true;
      try {
        await database.db.execute("select 1");
      } catch {
        dbOk = false;
      }
      // Without Redis an instance still serves its own clients: "ok" is about the database only.
      // `redis` says whether fan-out through Redis is configured; `redisState` whether it works now.
      const { bus } = deps;
      const redisState = bus.distributed ? (bus.connected() ? "connected" : "disconnected") : "off";
      sendJson(res, dbOk ? 200 : 503, {
        ok: dbOk,
        db: database.kind,
        redis: bus.distributed,
        redisState,
        instance: bus.instanceId,
      });
      return;
    }

    if (pathname.startsWith("/api/trpc/") || pathname === "/api/trpc") {
      await nodeHTTPRequestHandler({
        router: appRouter,
        req,
        res,
        path: pathname.slice("/api/trpc/".length),
        createContext: () =>
          createContextFromHeaders(
            database.db,
            req.headers,
            { secret: runtime.authSecret, secureCookies: runtime.secureCookies },
            String(req.headers[CLIENT_ADDRESS_HEADER]),
          ),
      });
      return;
    }

    if (!isPublicPath(pathname, deps.dev)) {
      const user = await sessionUserOf(req);
      if (!user) {
        if (pathname.startsWith("/api/")) {
          sendJson(res, 401, { error: "UNAUTHORIZED", message: "Not logged in" });
          return;
        }
        const next = pathname === "/" ? "" : `?next=${encodeURIComponent(pathname + url.search)}`;
        res.writeHead(302, { location: `/login${next}`, "cache-control": "no-store" });
        res.end();
        return;
      }
      if (pathname === "/api/import") {
        await handleImportRequest(req, res, { db: database.db, user, url, appOrigin: runtime.env.APP_ORIGIN });
        return;
      }
      if (isExportPath(pathname)) {
        await handleExportRequest(req, res, { db: database.db, user });
        return;
      }
    }
    await deps.next(req, res);
  };
}
