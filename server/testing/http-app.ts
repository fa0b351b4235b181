import http from "node:http";
import type { AddressInfo } from "node:net";
import { encode } from "next-auth/jwt";
import type { DbHandle } from "@/db/client";
import { type Bus, LocalBus } from "@/server/bus";
import { parseEnv } from "@/server/env";
import { createRequestHandler } from "@/server/http";

/** The secret the HTTP test app signs and reads session cookies with. */
export const HTTP_TEST_SECRET = "http-test-secret-http-test-secret-http-test-secret";

/** A session cookie of `user` for the HTTP test app. */
export async function httpSessionCookie(user: { id: string; sessionVersion: number }): Promise<string> {
  return `next-auth.session-token=${await encode({ token: { uid: user.id, sv: user.sessionVersion }, secret: HTTP_TEST_SECRET })}`;
}

/**
 * The app's one request handler on a loopback port, with a stand-in for Next that answers
 * `nextStatus` and "next" (the tests are about what is handled before Next).
 */
export async function startHttpApp(database: DbHandle, options: { bus?: Bus; nextStatus?: number } = {}) {
  const handler = createRequestHandler({
    runtime: { env: parseEnv({}), authSecret: HTTP_TEST_SECRET, secureCookies: false },
    database,
    bus: options.bus ?? new LocalBus(),
    next: (_req, res) => {
      res.writeHead(options.nextStatus ?? 200, { "content-type": "text/plain" });
      res.end("next");
    },
    dev: false,
  });
  const server = http.createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}
