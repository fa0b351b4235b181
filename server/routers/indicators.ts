import { and, asc, desc, eq, ilike, type SQL } from "drizzle-orm";
import { z } from "zod";
import { departments, indicatorObservations, indicators } from "@/db/schema";
import {
  addObservation,
  createIndicator,
  deleteIndicator,
  getIndicator,
  PERIOD_PATTERN,
  progressTowardTarget,
  requireIndicator,
  setIndicatorArchived,
  updateIndicator,
} from "@/server/services/indicators";
import { exportObservationsCsv, importObservationsCsv } from "@/server/services/registry-csv";
import { procedure, router } from "@/server/trpc";
import { csvField, longTextField, registryNameField, searchField, shortTextField, uuidField } from "./inputs";

const valueField = z.number({ message: "must be a number" }).finite({ message: "must be a number" }).min(-1e15).max(1e15);
const yearField = z.number().int({ message: "must be a year" }).min(1949, { message: "must be a year" }).max(2100, { message: "must be a year" });
/** Every field, required; create fills the optional ones with defaults, update takes any subset. */
const indicatorFieldsShape = {
  name: registryNameField,
  unit: shortTextField.min(1, { message: "is required" }).max(20, { message: "must be at most 20 characters" }),
  category: shortTextField.min(1, { message: "is required" }),
  ownerDepartmentId: uuidField,
  direction: z.enum(["higher_is_better", "lower_is_better"]),
  baselineValue: valueField.nullable(),
  baselineYear: yearField.nullable(),
  targetValue: valueField.nullable(),
  targetYear: yearField.nullable(),
  description: longTextField,
};
const newIndicatorFields = z
  .object({
    ...indicatorFieldsShape,
    direction: indicatorFieldsShape.direction.default("higher_is_better"),
    baselineValue: indicatorFieldsShape.baselineValue.default(null),
    baselineYear: indicatorFieldsShape.baselineYear.default(null),
    targetValue: indicatorFieldsShape.targetValue.default(null),
    targetYear: indicatorFieldsShape.targetYear.default(null),
    description: indicatorFieldsShape.description.default(""),
  })
  .strict();
// No defaults here: in zod 4 `.partial()` keeps defaults, which would reset every omitted field.
const indicatorFieldChanges = z.object(indicatorFieldsShape).partial().strict();
const periodField = z.string().trim().regex(PERIOD_PATTERN, { message: "must be a year (2020), month (2020-09) or quarter (2020-Q3)" });

export const indicatorRouter = router({
  /** Indicators with their latest observation and progress toward the target. */
  list: procedure
    .meta({ action: "indicator.read" })
    .input(z.object({ ownerDepartmentId: uuidField.optional(), category: shortTextField.optional(), search: searchField.optional(), includeArchived: z.boolean().default(false) }).strict().optional())
    .query(async ({ ctx, input }) => {
      const filters: SQL[] = [];
      if (input?.ownerDepartmentId) filters.push(eq(indicators.ownerDepartmentId, input.ownerDepartmentId));
      if (input?.category) filters.push(eq(indicators.category, input.category));
      if (input?.search) filters.push(ilike(indicators.name, `%${input.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
      if (!input?.includeArchived) filters.push(eq(indicators.archived, false));
      const rows = await ctx.db
        .select({ indicator: indicators, departmentName: departments.name })
        .from(indicators)
        .innerJoin(departments, eq(departments.id, indicators.ownerDepartmentId))
        .where(filters.length ? and(...filters) : undefined)
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
          archived: indicator.archived,
          baseline: indicator.baselineValue === null ? null : { value: indicator.baselineValue, year: indicator.baselineYear },
          target: indicator.targetValue === null ? null : { value: indicator.targetValue, year: indicator.targetYear },
          latest: observation ? { period: observation.period, value: observation.value, source: observation.source, recordedAt: observation.createdAt } : null,
          progress: progressTowardTarget(indicator.baselineValue, indicator.targetValue, observation?.value ?? null),
          ownerDepartment: { id: indicator.ownerDepartmentId, name: departmentName },
          canEdit: ctx.can("indicator.edit", { ownerDepartmentId: indicator.ownerDepartmentId }),
        };
      });
    }),
  get: procedure
    .meta({ action: "indicator.read" })
    .input(z.object({ indicatorId: uuidField }).strict())
    .query(async ({ ctx, input }) => {
      const indicator = await getIndicator(ctx.db, input.indicatorId);
      return { ...indicator, canEdit: ctx.can("indicator.edit", { ownerDepartmentId: indicator.ownerDepartmentId }) };
    }),
  create: procedure
    .meta({ action: "indicator.write" })
    .input(z.object({ fields: newIndicatorFields }).strict())
    .mutation(({ ctx, input }) => {
      ctx.authorize("indicator.edit", { ownerDepartmentId: input.fields.ownerDepartmentId });
      return createIndicator(ctx.db, { actor: ctx.user, ...input });
    }),
  update: procedure
    .meta({ action: "indicator.write" })
    .input(z.object({ indicatorId: uuidField, fields: indicatorFieldChanges }).strict())
    .mutation(async ({ ctx, input }) => {
      ctx.authorize("indicator.edit", await requireIndicator(ctx.db, input.indicatorId));
      if (input.fields.ownerDepartmentId) ctx.authorize("indicator.edit", { ownerDepartmentId: input.fields.ownerDepartmentId });
      return updateIndicator(ctx.db, { actor: ctx.user, ...input });
    }),
  addObservation: procedure
    .meta({ action: "indicator.write" })
    .input(z.object({ indicatorId: uuidField, period: periodField, value: valueField, source: z.string().trim().min(1, { message: "is required" }).max(300) }).strict())
    .mutation(async ({ ctx, input }) => {
      ctx.authorize("indicator.edit", await requireIndicator(ctx.db, input.indicatorId));
      const { indicatorId, ...observation } = input;
      return addObservation(ctx.db, { actor: ctx.user, indicatorId, observation });
    }),
  delete: procedure
    .meta({ action: "indicator.write" })
    .input(z.object({ indicatorId: uuidField }).strict())
    .mutation(async ({ ctx, input }) => {
      ctx.authorize("indicator.edit", await requireIndicator(ctx.db, input.indicatorId));
      return deleteIndicator(ctx.db, { actor: ctx.user, ...input });
    }),
  setArchived: procedure
    .meta({ action: "indicator.write" })
    .input(z.object({ indicatorId: uuidField, archived: z.boolean() }).strict())
    .mutation(async ({ ctx, input }) => {
      ctx.authorize("indicator.edit", await requireIndicator(ctx.db, input.indicatorId));
      return setIndicatorArchived(ctx.db, { actor: ctx.user, ...input });
    }),
  /** Every observation as CSV (UTF-8 with BOM). */
  exportObservationsCsv: procedure.meta({ action: "indicator.read" }).query(({ ctx }) => exportObservationsCsv(ctx.db)),
  importObservationsCsv: procedure
    .meta({ action: "indicator.write" })
    .input(z.object({ csv: csvField }).strict())
    .mutation(({ ctx, input }) =>
      importObservationsCsv(ctx.db, { actor: ctx.user, csv: input.csv, canEdit: (ownerDepartmentId) => ctx.can("indicator.edit", { ownerDepartmentId }) }),
    ),
});
