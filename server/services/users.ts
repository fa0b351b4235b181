import { and, eq, ne, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { departments, users } from "@/db/schema";
import { hashPassword, verifyPassword } from "@/server/auth/password";
import { normalizeUsername } from "@/server/auth/login";
import type { Role } from "@/server/policy";
import { recordAuditEvent } from "./audit";
import { DomainError, isUniqueViolation } from "./errors";

type Actor = { id: string };

async function requireDepartment(db: Db, departmentId: string) {
  const [department] = await db.select().from(departments).where(eq(departments.id, departmentId));
  if (!department) throw new DomainError("BAD_REQUEST", "Unknown department", "departmentId");
  return department;
}

async function requireUser(db: Db, userId: string) {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) throw new DomainError("NOT_FOUND", "Unknown user", "userId");
  return user;
}

/** Refuses a change that would leave no enabled admin. */
async function assertAnotherEnabledAdmin(db: Db, userId: string) {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(users)
    .where(and(eq(users.role, "admin"), eq(users.disabled, false), ne(users.id, userId)));
  if (!row || row.count === 0) throw new DomainError("BAD_REQUEST", "The last enabled admin cannot lose that role", "userId");
}

export type CreateUserInput = {
  actor: Actor;
  username: string;
  displayName: string;
  role: Role;
  departmentId: string;
  password: string;
};

export async function createUser(db: Db, input: CreateUserInput) {
  await requireDepartment(db, input.departmentId);
  const passwordHash = await hashPassword(input.password);
  const username = normalizeUsername(input.username);
  try {
    return await db.transaction(async (tx) => {
      const [user] = await tx
        .insert(users)
        .values({ username, displayName: input.displayName, role: input.role, departmentId: input.departmentId, passwordHash })
        .returning({ id: users.id });
      await recordAuditEvent(tx, {
        actorId: input.actor.id,
        action: "user.create",
        targetType: "user",
        targetId: user!.id,
        details: { username, displayName: input.displayName, role: input.role, departmentId: input.departmentId },
      });
      return { id: user!.id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("CONFLICT", "Username already taken", "username");
    throw error;
  }
}

export type UpdateUserInput = {
  actor: Actor;
  userId: string;
  displayName?: string;
  role?: Role;
  departmentId?: string;
};

/** Changes display name, role or department. A role or department change ends the user's sessions' old rights at once, as every request reloads the user. */
export async function updateUser(db: Db, input: UpdateUserInput) {
  const user = await requireUser(db, input.userId);
  if (input.departmentId) await requireDepartment(db, input.departmentId);
  if (input.role && input.role !== "admin" && user.role === "admin") await assertAnotherEnabledAdmin(db, user.id);
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  if (input.displayName !== undefined && input.displayName !== user.displayName)
    changes.displayName = { from: user.displayName, to: input.displayName };
  if (input.role !== undefined && input.role !== user.role) changes.role = { from: user.role, to: input.role };
  if (input.departmentId !== undefined && input.departmentId !== user.departmentId)
    changes.departmentId = { from: user.departmentId, to: input.departmentId };
  if (Object.keys(changes).length === 0) return { id: user.id, changed: false };
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({
        displayName: input.displayName ?? user.displayName,
        role: input.role ?? user.role,
        departmentId: input.departmentId ?? user.departmentId,
        updatedAt: new Date(),
      })
      .where(eq(users.id, user.id));
    await recordAuditEvent(tx, { actorId: input.actor.id, action: "user.update", targetType: "user", targetId: user.id, details: changes });
  });
  return { id: user.id, changed: true };
}

/** Disables (ending every session) or re-enables an account. */
export async function setUserDisabled(db: Db, input: { actor: Actor; userId: string; disabled: boolean }) {
  const user = await requireUser(db, input.userId);
  if (input.disabled && user.id === input.actor.id) throw new DomainError("BAD_REQUEST", "You cannot disable your own account", "userId");
  if (input.disabled && user.role === "admin") await assertAnotherEnabledAdmin(db, user.id);
  if (user.disabled === input.disabled) return { id: user.id, changed: false };
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({
        disabled: input.disabled,
        sessionVersion: input.disabled ? sql`${users.sessionVersion} + 1` : users.sessionVersion,
        updatedAt: new Date(),
      })
      .where(eq(users.id, user.id));
    await recordAuditEvent(tx, {
      actorId: input.actor.id,
      action: input.disabled ? "user.disable" : "user.enable",
      targetType: "user",
      targetId: user.id,
      details: { username: user.username },
    });
  });
  return { id: user.id, changed: true };
}

/** Sets a new password chosen by an admin and ends every session of the user. */
export async function resetUserPassword(db: Db, input: { actor: Actor; userId: string; newPassword: string }) {
  const user = await requireUser(db, input.userId);
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: new Date() })
      .where(eq(users.id, user.id));
    await recordAuditEvent(tx, {
      actorId: input.actor.id,
      action: "user.resetPassword",
      targetType: "user",
      targetId: user.id,
      details: { username: user.username },
    });
  });
  return { id: user.id };
}

/** Ends every session of the user (they must log in again). */
export async function forceLogout(db: Db, input: { actor: Actor; userId: string }) {
  const user = await requireUser(db, input.userId);
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: new Date() })
      .where(eq(users.id, user.id));
    await recordAuditEvent(tx, {
      actorId: input.actor.id,
      action: "user.forceLogout",
      targetType: "user",
      targetId: user.id,
      details: { username: user.username },
    });
  });
  return { id: user.id };
}

/**
 * Changes one's own password after checking the old one. Other sessions of the user end; the
 * caller's own session continues only if it re-authenticates (the UI logs in again).
 */
export async function changeOwnPassword(db: Db, input: { actor: Actor; oldPassword: string; newPassword: string }) {
  const user = await requireUser(db, input.actor.id);
  if (!(await verifyPassword(user.passwordHash, input.oldPassword)))
    throw new DomainError("BAD_REQUEST", "The current password is wrong", "oldPassword");
  if (input.oldPassword === input.newPassword)
    throw new DomainError("BAD_REQUEST", "The new password must differ from the current one", "newPassword");
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: new Date() })
      .where(eq(users.id, user.id));
    await recordAuditEvent(tx, { actorId: user.id, action: "user.changePassword", targetType: "user", targetId: user.id });
  });
  return { id: user.id };
}
