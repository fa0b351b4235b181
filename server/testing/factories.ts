import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { departments, users } from "@/db/schema";
import { hashPassword } from "@/server/auth/password";
import { loadSessionUser, type SessionUser } from "@/server/auth/session";
import type { Role } from "@/server/policy";
import { appRouter } from "@/server/routers";
import { createCallerFactory } from "@/server/trpc";

export const TEST_PASSWORD = "test-password-1";
let cachedHash: Promise<string> | undefined;

export async function makeDepartment(db: Db, overrides: Partial<{ name: string; code: string }> = {}) {
  const suffix = randomBytes(3).toString("hex").toUpperCase();
  const [department] = await db
    .insert(departments)
    .values({ name: overrides.name ?? `测试部门${suffix}`, code: overrides.code ?? `T${suffix}` })
    .returning();
  return department!;
}

export async function makeUser(
  db: Db,
  options: { role: Role; departmentId: string; username?: string; disabled?: boolean; password?: string },
) {
  const passwordHash = options.password ? await hashPassword(options.password) : await (cachedHash ??= hashPassword(TEST_PASSWORD));
  const [user] = await db
    .insert(users)
    .values({
      username: options.username ?? `${options.role}_${randomBytes(3).toString("hex")}`,
      displayName: `测试${options.role}`,
      role: options.role,
      departmentId: options.departmentId,
      passwordHash,
      disabled: options.disabled ?? false,
    })
    .returning();
  return user!;
}

/** The session user exactly as a request would load it (null if disabled or revoked). */
export async function sessionOf(db: Db, user: { id: string; sessionVersion: number }): Promise<SessionUser | null> {
  return loadSessionUser(db, { uid: user.id, sv: user.sessionVersion });
}

const createCaller = createCallerFactory(appRouter);

/** A tRPC caller acting as `user` (or anonymous with null), going through every middleware. */
export function callerFor(db: Db, user: SessionUser | null, clientAddress = "127.0.0.1") {
  return createCaller({ db, user, clientAddress });
}

export async function reloadUser(db: Db, userId: string) {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  return user!;
}
