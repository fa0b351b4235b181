import { createHash, hkdfSync } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { eq, sql } from "drizzle-orm";
import { jwtDecrypt } from "jose";
import { type Db, perDatabase } from "@/db/client";
import { departments, users } from "@/db/schema";
import type { Actor, Role } from "@/server/policy";

/** The logged-in user of a request, after the session-version check. */
export type SessionUser = Actor & {
  username: string;
  displayName: string;
  departmentName: string;
  sessionVersion: number;
};

/** Claims we put into the next-auth JWT. */
export type SessionClaims = { uid: string; sv: number };

export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  if (!header) return cookies;
  for (const part of header.split(";")) {
    const index = part.indexOf("=");
    if (index < 0) continue;
    const name = part.slice(0, index).trim();
    if (!name) continue;
    try {
      cookies[name] = decodeURIComponent(part.slice(index + 1).trim());
    } catch {
      cookies[name] = part.slice(index + 1).trim();
    }
  }
  return cookies;
}

/**
 * Decrypted tokens, briefly: decrypting a next-auth JWT derives its key each time (~1 ms of CPU),
 * and a page opens a socket per section. Safe to cache because revocation is decided by the
 * session version in the database, which is read on every request regardless.
 */
const decodedTokens = new Map<string, { claims: SessionClaims | null; until: number; exp: number }>();
const DECODED_TOKEN_TTL_MS = 30_000;
const DECODED_TOKEN_LIMIT = 5000;

/** next-auth's token encryption key for a secret (its `getDerivedEncryptionKey`), derived once. */
const encryptionKeys = new Map<string, Uint8Array>();
function encryptionKey(secret: string): Uint8Array {
  let key = encryptionKeys.get(secret);
  if (!key) {
    key = new Uint8Array(hkdfSync("sha256", secret, "", "NextAuth.js Generated Encryption Key", 32));
    encryptionKeys.set(secret, key);
  }
  return key;
}

/**
 * next-auth's JWT `decode` (a JWE, dir + A256GCM, 15 s clock tolerance) with the key derived once
 * per secret instead of per call; null for anything that does not decrypt and verify.
 */
export async function decodeSessionToken(raw: string, secret: string): Promise<Record<string, unknown> | null> {
  try {
    const { payload } = await jwtDecrypt(raw, encryptionKey(secret), { clockTolerance: 15 });
    return payload;
  } catch {
    return null;
  }
}

/** Reads and verifies the next-auth JWT from raw request headers (works for upgrades too). */
export async function readSessionClaims(
  headers: IncomingHttpHeaders,
  secret: string,
  secureCookie: boolean,
): Promise<SessionClaims | null> {
  const cookies = parseCookies(headers.cookie);
  const raw = cookies[secureCookie ? "__Secure-next-auth.session-token" : "next-auth.session-token"];
  if (!raw) return null;
  // A digest as the key: the raw token would keep the whole Cookie header alive.
  const cacheKey = createHash("sha256").update(secret).update("\0").update(raw).digest("base64");
  const now = Date.now();
  const cached = decodedTokens.get(cacheKey);
  if (cached && cached.until > now && cached.exp > now) return cached.claims;
  const token = await decodeSessionToken(raw, secret);
  const claims = token && typeof token.uid === "string" && typeof token.sv === "number" ? { uid: token.uid, sv: token.sv } : null;
  if (decodedTokens.size >= DECODED_TOKEN_LIMIT) decodedTokens.clear();
  const exp = typeof token?.exp === "number" ? token.exp * 1000 : now + DECODED_TOKEN_TTL_MS;
  decodedTokens.set(cacheKey, { claims, until: now + DECODED_TOKEN_TTL_MS, exp });
  return claims;
}

/** The columns a SessionUser is made of (users joined with their department); nothing else is read. */
export const sessionUserColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  role: users.role,
  departmentId: users.departmentId,
  disabled: users.disabled,
  sessionVersion: users.sessionVersion,
  departmentName: departments.name,
};
type SessionUserRow = { [K in keyof typeof sessionUserColumns]: (typeof sessionUserColumns)[K]["_"]["data"] };

/** Whether claims name a user at all (checked before anything asks the database). */
export function hasUserClaims(claims: SessionClaims | null): claims is SessionClaims {
  return claims !== null && /^[0-9a-f-]{36}$/i.test(claims.uid);
}

/** The session's user from its row; null when the user is gone, disabled, or the session was revoked. */
export function sessionUserFrom(row: SessionUserRow | undefined, claims: SessionClaims): SessionUser | null {
  if (!row || row.disabled || row.sessionVersion !== claims.sv) return null;
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role as Role,
    departmentId: row.departmentId,
    departmentName: row.departmentName,
    disabled: row.disabled,
    sessionVersion: row.sessionVersion,
  };
}

/** Every request runs it: prepared once per database (built once, planned once). */
const sessionUserQuery = perDatabase((db) =>
  db
    .select(sessionUserColumns)
    .from(users)
    .innerJoin(departments, eq(departments.id, users.departmentId))
    .where(eq(users.id, sql.placeholder("userId")))
    .prepare("session_user"),
);

/**
 * Loads the user behind the claims; null when the user is gone, disabled, or the session was
 * revoked (session version bumped by disable, password reset or force logout).
 */
export async function loadSessionUser(db: Db, claims: SessionClaims | null): Promise<SessionUser | null> {
  if (!hasUserClaims(claims)) return null;
  const [row] = await sessionUserQuery(db).execute({ userId: claims.uid });
  return sessionUserFrom(row, claims);
}
