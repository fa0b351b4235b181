import { and, count, eq, gt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { loginAttempts, users } from "@/db/schema";
import { PASSWORD_MAX_LENGTH, verifyAgainstDummy, verifyPassword } from "./password";

export type LoginLimits = { maxFailures: number; windowMinutes: number };

export type LoginInput = { username: string; password: string; clientAddress: string };

export type LoginResult =
  | { ok: true; user: { id: string; username: string; displayName: string; sessionVersion: number } }
  /** "invalid" covers both an unknown user and a wrong password: the caller cannot tell them apart. */
  | { ok: false; reason: "invalid" | "throttled" | "disabled" };

export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase();
}

/**
 * Whether this account or this client address has used up its failed attempts in the window.
 * An account's count starts again after its last successful login.
 */
async function isThrottled(db: Db, username: string, clientAddress: string, limits: LoginLimits) {
  const windowStart = sql`now() - make_interval(mins => ${limits.windowMinutes})`;
  const lastSuccess = sql`coalesce((select max(${loginAttempts.attemptedAt}) from ${loginAttempts}
    where ${loginAttempts.username} = ${username} and ${loginAttempts.succeeded}), '-infinity'::timestamptz)`;
  const [byAccount] = await db
    .select({ failures: count() })
    .from(loginAttempts)
    .where(
      and(
        eq(loginAttempts.username, username),
        eq(loginAttempts.succeeded, false),
        gt(loginAttempts.attemptedAt, windowStart),
        gt(loginAttempts.attemptedAt, lastSuccess),
      ),
    );
  if (byAccount!.failures >= limits.maxFailures) return true;
  const [byClient] = await db
    .select({ failures: count() })
    .from(loginAttempts)
    .where(
      and(
        eq(loginAttempts.clientAddress, clientAddress),
        eq(loginAttempts.succeeded, false),
        gt(loginAttempts.attemptedAt, windowStart),
      ),
    );
  return byClient!.failures >= limits.maxFailures;
}

/**
 * Checks a username and password, with throttling: after `maxFailures` failed attempts within the
 * window for one account or one client address, attempts are refused until the window has passed.
 * Refused attempts are not counted, so the lock ends when the window does.
 */
export async function verifyLogin(db: Db, input: LoginInput, limits: LoginLimits): Promise<LoginResult> {
  const username = normalizeUsername(input.username).slice(0, 64);
  const clientAddress = input.clientAddress.slice(0, 100) || "unknown";
  if (await isThrottled(db, username, clientAddress, limits)) return { ok: false, reason: "throttled" };

  const record = (succeeded: boolean) => db.insert(loginAttempts).values({ username, clientAddress, succeeded });
  const password = input.password.slice(0, PASSWORD_MAX_LENGTH + 1);
  const [user] = username ? await db.select().from(users).where(eq(users.username, username)) : [];
  if (!user) {
    await verifyAgainstDummy(password);
    await record(false);
    return { ok: false, reason: "invalid" };
  }
  if (!(await verifyPassword(user.passwordHash, password))) {
    await record(false);
    return { ok: false, reason: "invalid" };
  }
  if (user.disabled) {
    await record(false);
    return { ok: false, reason: "disabled" };
  }
  await record(true);
  return {
    ok: true,
    user: { id: user.id, username: user.username, displayName: user.displayName, sessionVersion: user.sessionVersion },
  };
}
