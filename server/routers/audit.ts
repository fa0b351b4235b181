import { desc, eq, lt } from "drizzle-orm";
import { z } from "zod";
import { auditEvents, users } from "@/db/schema";
import { procedure, router } from "@/server/trpc";

export const auditRouter = router({
  /** Newest first, 50 a page; pass the last event's time as `before` for the next page. */
  list: procedure
    .meta({ action: "audit.read" })
    .input(z.object({ before: z.date().optional() }).strict().optional())
    .query(async ({ ctx, input }) => {
      const rows = await ctx.db
        .select({ event: auditEvents, actorName: users.displayName, actorUsername: users.username })
        .from(auditEvents)
        .leftJoin(users, eq(users.id, auditEvents.actorId))
        .where(input?.before ? lt(auditEvents.createdAt, input.before) : undefined)
        .orderBy(desc(auditEvents.createdAt))
        .limit(50);
      return rows.map(({ event, actorName, actorUsername }) => ({
        ...event,
        actor: event.actorId ? { id: event.actorId, displayName: actorName, username: actorUsername } : null,
      }));
    }),
});
