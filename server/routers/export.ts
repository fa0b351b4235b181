import { z } from "zod";
import { documentHost } from "@/server/collab/host";
import { buildExportModel } from "@/server/services/export/model";
import { procedure, router } from "@/server/trpc";
import { uuidField } from "./inputs";

/** The exported document (numbered sections, bodies, cited projects and indicators), for the print view. */
export const exportRouter = router({
  /** Section and version checks (section.read, version.read) in the service. */
  document: procedure
    .meta({ action: "plan.read" })
    .input(z.object({ planId: uuidField, sectionId: uuidField.nullish(), approved: z.boolean().default(false) }).strict())
    .query(({ ctx, input }) =>
      buildExportModel(ctx.db, documentHost(ctx.db), { actor: ctx.user, planId: input.planId, sectionId: input.sectionId ?? null, approved: input.approved }),
    ),
});
