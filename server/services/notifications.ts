import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { departments, notifications, sections, users } from "@/db/schema";
import { publishUserEvent } from "@/server/events";

export type NotificationKind = (typeof notifications.$inferInsert)["kind"];

export type NewNotification = {
  kind: NotificationKind;
  actorId: string | null;
  sectionId?: string | null;
  threadId?: string | null;
  message?: string;
};

export type Delivered = { userId: string; notificationId: string }[];

/**
 * Writes one notification per recipient (the actor never notifies themselves; each recipient once).
 * Call inside the transaction of the change; call `deliver` with the result after it commits.
 */
export async function notify(tx: DbOrTx, recipients: Iterable<string>, notification: NewNotification): Promise<Delivered> {
  const userIds = [...new Set(recipients)].filter((userId) => userId !== notification.actorId);
  if (userIds.length === 0) return [];
  const rows = await tx
    .insert(notifications)
    .values(
      userIds.map((userId) => ({
        userId,
        kind: notification.kind,
        actorId: notification.actorId,
        sectionId: notification.sectionId ?? null,
        threadId: notification.threadId ?? null,
        message: notification.message ?? "",
      })),
    )
    .returning({ userId: notifications.userId, notificationId: notifications.id });
  return rows;
}

/** Tells open browsers about committed notifications (the bell updates without reload). */
export function deliver(delivered: Delivered): void {
  for (const { userId, notificationId } of delivered) publishUserEvent(userId, { type: "notification", notificationId });
}

/** Active editors of a section's owner department. */
export async function sectionEditors(tx: DbOrTx, sectionId: string): Promise<string[]> {
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .innerJoin(sections, eq(sections.ownerDepartmentId, users.departmentId))
    .where(and(eq(sections.id, sectionId), eq(users.role, "editor"), eq(users.disabled, false)));
  return rows.map((row) => row.id);
}

/** Active leaders (who review). */
export async function reviewers(tx: DbOrTx): Promise<string[]> {
  const rows = await tx.select({ id: users.id }).from(users).where(and(eq(users.role, "leader"), eq(users.disabled, false)));
  return rows.map((row) => row.id);
}

/** A user's notifications, newest first, with who acted and on which section; and the unread count. */
export async function listNotifications(db: Db, userId: string, options: { limit?: number } = {}) {
  const actors = db.select({ id: users.id, displayName: users.displayName, departmentName: departments.name }).from(users).innerJoin(departments, eq(departments.id, users.departmentId)).as("actors");
  const rows = await db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      message: notifications.message,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
      sectionId: notifications.sectionId,
      threadId: notifications.threadId,
      sectionTitle: sections.title,
      planId: sections.planId,
      actorId: actors.id,
      actorName: actors.displayName,
      actorDepartment: actors.departmentName,
    })
    .from(notifications)
    .leftJoin(sections, eq(sections.id, notifications.sectionId))
    .leftJoin(actors, eq(actors.id, notifications.actorId))
    .where(eq(notifications.userId, userId))
    .orderBy(desc(notifications.createdAt))
    .limit(options.limit ?? 50);
  const [{ unread }] = (await db
    .select({ unread: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))) as [{ unread: number }];
  return {
    unread,
    items: rows.map(({ actorId, actorName, actorDepartment, sectionId, sectionTitle, planId, ...row }) => ({
      ...row,
      actor: actorId ? { id: actorId, displayName: actorName!, departmentName: actorDepartment! } : null,
      section: sectionId ? { id: sectionId, title: sectionTitle!, planId: planId! } : null,
    })),
  };
}

/** Marks some (or all) of a user's notifications read; returns how many changed. */
export async function markNotificationsRead(db: Db, userId: string, ids: string[] | "all"): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt), ids === "all" ? undefined : inArray(notifications.id, ids.length ? ids : ["00000000-0000-0000-0000-000000000000"])))
    .returning({ id: notifications.id });
  return rows.length;
}
