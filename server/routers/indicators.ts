import { asc, desc, eq } from "drizzle-orm";
import { departments, indicatorObservations, indicators } from "@/db/schema";
import { procedure, router } from "@/server/trpc";

export const indicatorRouter = router({
  /** Indicators with their latest observation. */
  list: procedure.meta({ action: "indicator.read" }).query(async ({ ctx }) => {
    const rows = await ctx.db
      .select({ indicator: indicators, departmentName: departments.name })
      .from(indicators)
      .innerJoin(departments, eq(departments.id, indicators.ownerDepartmentId))
      .orderBy(asc(indicators.createdAt));
    const observations = await ctx.db
      .select()
      .from(indicatorObservations)
      .orderBy(asc(indicatorObservations.indicatorId), desc(indicatorObservations.period));
    const latest = new Map<string, (typeof observations)[number]>();
    for (const observation of observations) if (!latest.has(observation.indicatorId)) latest.set(observation.indicatorId, observation);
    return rows.map(({ indicator, departmentName }) => {
      const observation = latest.get(indicator.id);
      return {
        id: indicator.id,
        name: indicator.name,
        unit: indicator.unit,
        category: indicator.category,
        direction: indicator.direction,
        baseline: indicator.baselineValue === null ? null : { value: indicator.baselineValue, year: indicator.baselineYear },
        target: indicator.targetValue === null ? null : { value: indicator.targetValue, year: indicator.targetYear },
        latest: observation ? { period: observation.period, value: observation.value, source: observation.source } : null,
        ownerDepartment: { id: indicator.ownerDepartmentId, name: departmentName },
        canEdit: ctx.can("indicator.edit", { ownerDepartmentId: indicator.ownerDepartmentId }),
      };
    });
  }),
});
