import { z } from "zod";
import { createSection, deleteSection, moveSection, renameSection, setSectionOwner } from "@/server/services/sections";
import { documentHost } from "@/server/collab/host";
import { publishAccessChange } from "@/server/events";
import { reviewStep } from "@/server/services/review";
import { procedure, router } from "@/server/trpc";
import { uuidField } from "./inputs";

const titleField = z.string().trim().min(1, { message: "is required" }).max(120, { message: "must be at most 120 characters" });
const positionField = z.number().int({ message: "must be a whole number" }).min(0, { message: "must be 0 or more" }).max(10_000);

/** The plan's outline: add, rename, move and delete sections, and change a section's owner department. */
export const sectionRouter = router({
  create: procedure
    .meta({ action: "section.manageOutline" })
    .input(
      z
        .object({ planId: uuidField, parentId: uuidField.nullable().default(null), title: titleField, ownerDepartmentId: uuidField, position: positionField.optional() })
        .strict(),
    )
    .mutation(({ ctx, input }) => createSection(ctx.db, { actor: ctx.user, ...input })),
  rename: procedure
    .meta({ action: "section.manageOutline" })
    .input(z.object({ sectionId: uuidField, title: titleField }).strict())
    .mutation(({ ctx, input }) => renameSection(ctx.db, { actor: ctx.user, ...input })),
  move: procedure
    .meta({ action: "section.manageOutline" })
    .input(z.object({ sectionId: uuidField, parentId: uuidField.nullable(), position: positionField }).strict())
    .mutation(({ ctx, input }) => moveSection(ctx.db, { actor: ctx.user, ...input })),
  setOwner: procedure
    .meta({ action: "section.manageOutline" })
    .input(z.object({ sectionId: uuidField, ownerDepartmentId: uuidField }).strict())
    .mutation(async ({ ctx, input }) => {
      const result = await setSectionOwner(ctx.db, { actor: ctx.user, ...input });
      publishAccessChange();
      return result;
    }),
  delete: procedure
    .meta({ action: "section.manageOutline" })
    .input(z.object({ sectionId: uuidField, confirmTextLoss: z.boolean().default(false) }).strict())
    .mutation(async ({ ctx, input }) => {
      const result = await deleteSection(ctx.db, { actor: ctx.user, ...input });
      publishAccessChange();
      return result;
    }),
  /** drafting | changes_requested → in_review, by an editor of the owner department (checked in the service). */
  submit: procedure
    .meta({ action: "section.read" })
    .input(z.object({ sectionId: uuidField, message: z.string().trim().max(2000, { message: "must be at most 2000 characters" }).optional() }).strict())
    .mutation(({ ctx, input }) =>
      reviewStep(ctx.db, documentHost(ctx.db), { actor: ctx.user, sectionId: input.sectionId, action: "section.submit", message: input.message }),
    ),
});
