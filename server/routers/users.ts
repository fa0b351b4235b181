import { and, asc, eq, ilike, or, type SQL } from "drizzle-orm";
import { z } from "zod";
import { departments, users } from "@/db/schema";
import {
  createUser,
  forceLogout,
  resetUserPassword,
  setUserDisabled,
  updateUser,
} from "@/server/services/users";
import { publishAccessChange } from "@/server/events";
import { procedure, router } from "@/server/trpc";
import { displayNameField, passwordField, roleField, searchField, usernameField, uuidField } from "./inputs";

/** Sockets of every instance re-check their users now (they also do every second). */
function accessChanged<T>(result: T): T {
  publishAccessChange();
  return result;
}

export const userRouter = router({
  /** Accounts, optionally filtered by a search over username and display name, role and department. */
  list: procedure
    .meta({ action: "user.read" })
    .input(
      z
        .object({ search: searchField.optional(), role: roleField.optional(), departmentId: uuidField.optional() })
        .strict()
        .optional(),
    )
    .query(async ({ ctx, input }) => {
      const filters: SQL[] = [];
      if (input?.search) {
        const pattern = `%${input.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        filters.push(or(ilike(users.username, pattern), ilike(users.displayName, pattern))!);
      }
      if (input?.role) filters.push(eq(users.role, input.role));
      if (input?.departmentId) filters.push(eq(users.departmentId, input.departmentId));
      const rows = await ctx.db
        .select({
          id: users.id,
          username: users.username,
          displayName: users.displayName,
          role: users.role,
          disabled: users.disabled,
          createdAt: users.createdAt,
          departmentId: departments.id,
          departmentName: departments.name,
        })
        .from(users)
        .innerJoin(departments, eq(departments.id, users.departmentId))
        .where(filters.length ? and(...filters) : undefined)
        .orderBy(asc(users.username));
      return rows.map(({ departmentId, departmentName, ...user }) => ({
        ...user,
        department: { id: departmentId, name: departmentName },
        isSelf: user.id === ctx.user.id,
      }));
    }),
  create: procedure
    .meta({ action: "user.manage" })
    .input(
      z
        .object({ username: usernameField, displayName: displayNameField, role: roleField, departmentId: uuidField, password: passwordField })
        .strict(),
    )
    .mutation(({ ctx, input }) => createUser(ctx.db, { actor: ctx.user, ...input })),
  update: procedure
    .meta({ action: "user.manage" })
    .input(
      z
        .object({ userId: uuidField, displayName: displayNameField.optional(), role: roleField.optional(), departmentId: uuidField.optional() })
        .strict(),
    )
    .mutation(({ ctx, input }) => updateUser(ctx.db, { actor: ctx.user, ...input }).then(accessChanged)),
  /** Disables (`disabled: true`, the default) or re-enables an account. */
  disable: procedure
    .meta({ action: "user.manage" })
    .input(z.object({ userId: uuidField, disabled: z.boolean().default(true) }).strict())
    .mutation(({ ctx, input }) => setUserDisabled(ctx.db, { actor: ctx.user, ...input }).then(accessChanged)),
  resetPassword: procedure
    .meta({ action: "user.manage" })
    .input(z.object({ userId: uuidField, newPassword: passwordField }).strict())
    .mutation(({ ctx, input }) => resetUserPassword(ctx.db, { actor: ctx.user, ...input }).then(accessChanged)),
  forceLogout: procedure
    .meta({ action: "user.manage" })
    .input(z.object({ userId: uuidField }).strict())
    .mutation(({ ctx, input }) => forceLogout(ctx.db, { actor: ctx.user, ...input }).then(accessChanged)),
});
