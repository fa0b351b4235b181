import { z } from "zod";
import { publishAccessChange } from "@/server/events";
import { changeOwnPassword } from "@/server/services/users";
import { procedure, router } from "@/server/trpc";
import { passwordField } from "./inputs";

export const authRouter = router({
  /** The logged-in user, with what the UI may offer them. */
  me: procedure.meta({ action: "session.read" }).query(({ ctx }) => {
    const { user } = ctx;
    return {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      department: { id: user.departmentId, name: user.departmentName },
      abilities: {
        canManageUsers: ctx.can("user.manage"),
        canManageDepartments: ctx.can("department.manage"),
        canReadAudit: ctx.can("audit.read"),
        canReview: ctx.can("review.read"),
      },
    };
  }),
  changePassword: procedure
    .meta({ action: "account.changePassword" })
    .input(z.object({ oldPassword: z.string().min(1, { message: "is required" }).max(200), newPassword: passwordField }).strict())
    .mutation(async ({ ctx, input }) => {
      const result = await changeOwnPassword(ctx.db, { actor: ctx.user, ...input });
      publishAccessChange();
      return result;
    }),
});
