import { and, desc, eq, gte, like, lt, lte, or, type SQL } from "drizzle-orm";
import { z } from "zod";
import { auditEvents, departments, users } from "@/db/schema";
import { procedure, router } from "@/server/trpc";
import { uuidField } from "./inputs";

/** The kinds of audited actions, by the prefix of their action name (e.g. "review.approved"). */
export const auditTypes = ["user", "department", "section", "version", "review", "comment", "project", "indicator"] as const;

const filters = z
  .object({
    /** Newest first, 50 a page; pass the last event's time as `before` for the next page. */
    before: z.date().optional(),
    actorId: uuidField.optional(),
    /** The acting person's department. */
    departmentId: uuidField.optional(),
    type: z.enum(auditTypes).optional(),
    /** Inclusive day range, as dates like 2026-11-26 (server time zone). */
    from: z.iso.date({ message: "must be a date like 2020-09-18" }).optional(),
    to: z.iso.date({ message: "must be a date like 2020-09-18" }).optional(),
  })
  .strict();

export const auditRouter = router({
  list: procedure
    .meta({ action: "audit.read" })
    .input(filters.optional())
    .query(async ({ ctx, input }) => {
      const conditions: (SQL | undefined)[] = [];
      if (input?.before) conditions.push(lt(auditEvents.createdAt, input.before));
      if (input?.actorId) conditions.push(eq(auditEvents.actorId, input.actorId));
      if (input?.departmentId) conditions.push(eq(users.departmentId, input.departmentId));
      if (input?.type) conditions.push(or(like(auditEvents.action, `${input.type}.%`), eq(auditEvents.targetType, input.type)));
      if (input?.from) conditions.push(gte(auditEvents.createdAt, new Date(`${input.from}T00:00:00`)));
      if (input?.to) conditions.push(lte(auditEvents.createdAt, new Date(`${input.to}T23:59:59.999`)));
      const rows = await ctx.db
        .select({ event: auditEvents, actorName: users.displayName, actorUsername: users.username, actorDepartment: departments.name })
        .from(auditEvents)
        .leftJoin(users, eq(users.id, auditEvents.actorId))
        .leftJoin(departments, eq(departments.id, users.departmentId))
        .where(and(...conditions))
        .orderBy(desc(auditEvents.createdAt))
        .limit(50);
      return rows.map(({ event, actorName, actorUsername, actorDepartment }) => ({
        ...event,
        actor: event.actorId ? { id: event.actorId, displayName: actorName, username: actorUsername, departmentName: actorDepartment } : null,
      }));
    }),
});
