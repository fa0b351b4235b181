import { asc, sql } from "drizzle-orm";
import { z } from "zod";
import { departments } from "@/db/schema";
import { createDepartment, renameDepartment } from "@/server/services/departments";
import { procedure, router } from "@/server/trpc";
import { departmentCodeField, departmentNameField, uuidField } from "./inputs";

export const departmentRouter = router({
  list: procedure.meta({ action: "department.read" }).query(async ({ ctx }) => {
    return ctx.db
      .select({
        id: departments.id,
        name: departments.name,
        code: departments.code,
        // Spelled out with aliases: drizzle leaves columns unqualified inside a scalar subquery.
        userCount: sql<number>`(select count(*)::int from "users" as u where u."department_id" = "departments"."id")`,
      })
      .from(departments)
      .orderBy(asc(departments.code));
  }),
  create: procedure
    .meta({ action: "department.manage" })
    .input(z.object({ name: departmentNameField, code: departmentCodeField }).strict())
    .mutation(({ ctx, input }) => createDepartment(ctx.db, { actor: ctx.user, ...input })),
  rename: procedure
    .meta({ action: "department.manage" })
    .input(z.object({ departmentId: uuidField, name: departmentNameField }).strict())
    .mutation(({ ctx, input }) => renameDepartment(ctx.db, { actor: ctx.user, ...input })),
});
