import { z } from "zod";
import { searchIndex, searchKinds } from "@/server/services/search";
import { procedure, router } from "@/server/trpc";

const readAction = { section: "section.read", project: "project.read", indicator: "indicator.read" } as const;

export const searchRouter = router({
  /**
   * Sections (by title and text), projects and indicators matching `q`, best first, each with the
   * matching passage and highlight ranges (never HTML). Only kinds the policy lets the caller read are
   * searched, and every hit is checked again before it leaves. The procedure itself is guarded by
   * `plan.read`: search is part of reading the plan workspace.
   */
  query: procedure
    .meta({ action: "plan.read" })
    .input(
      z
        .object({
          q: z.string().trim().min(1, { message: "is required" }).max(100, { message: "must be at most 100 characters" }),
          limit: z.number().int().min(1).max(50).default(20),
        })
        .strict(),
    )
    .query(async ({ ctx, input }) => {
      const kinds = searchKinds.filter((kind) => ctx.can(readAction[kind]));
      const hits = await searchIndex(ctx.db, { q: input.q, kinds, limit: input.limit });
      return hits.filter((hit) => ctx.can(readAction[hit.kind]));
    }),
});
