import { asc, eq } from "drizzle-orm";
import { departments, projects } from "@/db/schema";
import { procedure, router } from "@/server/trpc";

export const projectRouter = router({
  list: procedure.meta({ action: "project.read" }).query(async ({ ctx }) => {
    const rows = await ctx.db
      .select({ project: projects, departmentName: departments.name })
      .from(projects)
      .innerJoin(departments, eq(departments.id, projects.ownerDepartmentId))
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
      ownerDepartment: { id: project.ownerDepartmentId, name: departmentName },
      canEdit: ctx.can("project.edit", { ownerDepartmentId: project.ownerDepartmentId }),
    }));
  }),
});
