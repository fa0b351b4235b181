import { and, asc, eq, ilike, type SQL } from "drizzle-orm";
import { z } from "zod";
import { departments, projects } from "@/db/schema";
import { createProject, deleteProject, getProject, requireProject, setProjectArchived, updateProject } from "@/server/services/projects";
import { exportProjectsCsv, importProjectsCsv } from "@/server/services/registry-csv";
import { procedure, router } from "@/server/trpc";
import { csvField, isoDateField, longTextField, registryNameField, searchField, shortTextField, uuidField } from "./inputs";

export const projectStatuses = ["planned", "under_construction", "in_production", "completed", "suspended"] as const;
const statusField = z.enum(projectStatuses, { message: `must be one of ${projectStatuses.join(", ")}` });
const investmentField = z.number({ message: "must be a number" }).min(0, { message: "must be 0 or more" }).max(1_000_000).nullable();
const figureField = z.object({ label: shortTextField.min(1), value: z.number({ message: "must be a number" }), unit: shortTextField }).strict();
const milestoneField = z.object({ title: registryNameField, dueDate: isoDateField.nullable(), done: z.boolean() }).strict();

/** Every field, required; create fills the optional ones with defaults, update takes any subset. */
const projectFieldsShape = {
  name: registryNameField,
  category: shortTextField.min(1, { message: "is required" }),
  ownerDepartmentId: uuidField,
  status: statusField,
  totalInvestment: investmentField,
  startDate: isoDateField.nullable(),
  endDate: isoDateField.nullable(),
  location: shortTextField,
  description: longTextField,
  figures: z.array(figureField).max(50),
};
const newProjectFields = z
  .object({
    ...projectFieldsShape,
    totalInvestment: projectFieldsShape.totalInvestment.default(null),
    startDate: projectFieldsShape.startDate.default(null),
    endDate: projectFieldsShape.endDate.default(null),
    location: projectFieldsShape.location.default(""),
    description: projectFieldsShape.description.default(""),
    figures: projectFieldsShape.figures.default([]),
  })
  .strict();
// No defaults here: in zod 4 `.partial()` keeps defaults, which would reset every omitted field.
const projectFieldChanges = z.object(projectFieldsShape).partial().strict();

export const projectRouter = router({
  /** The registry, filtered by status, owner department, category and a search over the name. */
  list: procedure
    .meta({ action: "project.read" })
    .input(
      z
        .object({
          status: statusField.optional(),
          ownerDepartmentId: uuidField.optional(),
          category: shortTextField.optional(),
          search: searchField.optional(),
          includeArchived: z.boolean().default(false),
        })
        .strict()
        .optional(),
    )
    .query(async ({ ctx, input }) => {
      const filters: SQL[] = [];
      if (input?.status) filters.push(eq(projects.status, input.status));
      if (input?.ownerDepartmentId) filters.push(eq(projects.ownerDepartmentId, input.ownerDepartmentId));
      if (input?.category) filters.push(eq(projects.category, input.category));
      if (input?.search) filters.push(ilike(projects.name, `%${input.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
      if (!input?.includeArchived) filters.push(eq(projects.archived, false));
      const rows = await ctx.db
        .select({ project: projects, departmentName: departments.name })
        .from(projects)
        .innerJoin(departments, eq(departments.id, projects.ownerDepartmentId))
        .where(filters.length ? and(...filters) : undefined)
        .orderBy(asc(projects.createdAt));
      return rows.map(({ project, departmentName }) => ({
        id: project.id,
        name: project.name,
        category: project.category,
        status: project.status,
        totalInvestment: project.totalInvestment,
        startDate: project.startDate,
        endDate: project.endDate,
        location: project.location,
        description: project.description,
        figures: project.figures,
        archived: project.archived,
        ownerDepartment: { id: project.ownerDepartmentId, name: departmentName },
        canEdit: ctx.can("project.edit", { ownerDepartmentId: project.ownerDepartmentId }),
      }));
    }),
  get: procedure
    .meta({ action: "project.read" })
    .input(z.object({ projectId: uuidField }).strict())
    .query(async ({ ctx, input }) => {
      const project = await getProject(ctx.db, input.projectId);
      return { ...project, canEdit: ctx.can("project.edit", { ownerDepartmentId: project.ownerDepartmentId }) };
    }),
  create: procedure
    .meta({ action: "project.write" })
    .input(z.object({ fields: newProjectFields, milestones: z.array(milestoneField).max(100).default([]) }).strict())
    .mutation(({ ctx, input }) => {
      ctx.authorize("project.edit", { ownerDepartmentId: input.fields.ownerDepartmentId });
      return createProject(ctx.db, { actor: ctx.user, ...input });
    }),
  update: procedure
    .meta({ action: "project.write" })
    .input(z.object({ projectId: uuidField, fields: projectFieldChanges, milestones: z.array(milestoneField).max(100).optional() }).strict())
    .mutation(async ({ ctx, input }) => {
      const project = await requireProject(ctx.db, input.projectId);
      ctx.authorize("project.edit", project);
      if (input.fields.ownerDepartmentId) ctx.authorize("project.edit", { ownerDepartmentId: input.fields.ownerDepartmentId });
      return updateProject(ctx.db, { actor: ctx.user, ...input });
    }),
  delete: procedure
    .meta({ action: "project.write" })
    .input(z.object({ projectId: uuidField }).strict())
    .mutation(async ({ ctx, input }) => {
      ctx.authorize("project.edit", await requireProject(ctx.db, input.projectId));
      return deleteProject(ctx.db, { actor: ctx.user, ...input });
    }),
  setArchived: procedure
    .meta({ action: "project.write" })
    .input(z.object({ projectId: uuidField, archived: z.boolean() }).strict())
    .mutation(async ({ ctx, input }) => {
      ctx.authorize("project.edit", await requireProject(ctx.db, input.projectId));
      return setProjectArchived(ctx.db, { actor: ctx.user, ...input });
    }),
  /** The registry as CSV (UTF-8 with BOM, opens cleanly in Excel and WPS). */
  exportCsv: procedure.meta({ action: "project.read" }).query(({ ctx }) => exportProjectsCsv(ctx.db)),
  /** All-or-nothing import; returns every bad row (line, column, reason) or the counts written. */
  importCsv: procedure
    .meta({ action: "project.write" })
    .input(z.object({ csv: csvField }).strict())
    .mutation(({ ctx, input }) =>
      importProjectsCsv(ctx.db, { actor: ctx.user, csv: input.csv, canEdit: (ownerDepartmentId) => ctx.can("project.edit", { ownerDepartmentId }) }),
    ),
});
