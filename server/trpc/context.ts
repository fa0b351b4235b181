import type { IncomingHttpHeaders } from "node:http";
import type { Db } from "@/db/client";
import { loadSessionUser, readSessionClaims } from "@/server/auth/session";
import type { Context } from "./index";

/** Builds the tRPC context of a request: the session user after the revocation check. */
export async function createContextFromHeaders(
  db: Db,
  headers: IncomingHttpHeaders,
  auth: { secret: string; secureCookies: boolean },
  clientAddress: string,
): Promise<Context> {
  const claims = await readSessionClaims(headers, auth.secret, auth.secureCookies);
  return { db, user: await loadSessionUser(db, claims), clientAddress };
}
