import { asc, sql } from "drizzle-orm";
import { z } from "zod";
import { plans } from "@/db/schema";
import { planConsistencyWarnings } from "@/server/services/consistency";
import { getPlanWithSections } from "@/server/services/plans";
import { procedure, router } from "@/server/trpc";
import { uuidField } from "./inputs";

export const planRouter = router({
  list: procedure.meta({ action: "plan.read" }).query(({ ctx }) =>
    ctx.db
      .select({
        id: plans.id,
        title: plans.title,
        periodStart: plans.periodStart,
        periodEnd: plans.periodEnd,
        status: plans.status,
        summary: plans.summary,
        // Spelled out with aliases: drizzle leaves columns unqualified inside a scalar subquery.
        sectionCount: sql<number>`(select count(*)::int from "sections" as s where s."plan_id" = "plans"."id")`,
      })
      .from(plans)
      .orderBy(asc(plans.createdAt)),
  ),
  /** Figures in the text that contradict the registry, by section (with department). */
  consistencyWarnings: procedure
    .meta({ action: "plan.read" })
    .input(z.object({ planId: uuidField }).strict())
    .query(({ ctx, input }) => planConsistencyWarnings(ctx.db, ctx.user, input.planId)),
  get: procedure
    .meta({ action: "plan.read" })
    .input(z.object({ planId: uuidField }).strict())
    .query(({ ctx, input }) => getPlanWithSections(ctx.db, ctx.user, input.planId)),
});
