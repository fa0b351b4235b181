import { z } from "zod";
import { documentHost } from "@/server/collab/host";
import { createThread, listThreads, replyToThread, setThreadResolved } from "@/server/services/comments";
import { listNotifications, markNotificationsRead } from "@/server/services/notifications";
import {
  createVersion,
  type DiffSide,
  getVersion,
  listVersions,
  recordReviewVisit,
  restoreVersion,
  reviewHistory,
  reviewQueue,
  reviewStep,
  sectionDiff,
} from "@/server/services/review";
import { procedure, router } from "@/server/trpc";
import { uuidField } from "./inputs";

const labelField = z.string().trim().min(1, { message: "is required" }).max(80, { message: "must be at most 80 characters" });
const messageField = z.string().trim().max(2000, { message: "must be at most 2000 characters" });
const commentBodyField = z.string().trim().min(1, { message: "is required" }).max(4000, { message: "must be at most 4000 characters" });
const anchorField = z.string().min(1, { message: "is required" }).max(400, { message: "is not a valid position" }).regex(/^[A-Za-z0-9+/]+={0,2}$/, { message: "is not a valid position" });
const diffSideField = z.union([
  z.object({ versionId: uuidField }).strict(),
  z.object({ approved: z.literal(true) }).strict(),
  z.object({ current: z.literal(true) }).strict(),
  z.object({ lastVisit: z.literal(true) }).strict(),
]);

/** Versions of a section: list, open, save (「保存版本」), restore, compare. */
export const versionRouter = router({
  list: procedure
    .meta({ action: "version.read" })
    .input(z.object({ sectionId: uuidField }).strict())
    .query(({ ctx, input }) => listVersions(ctx.db, input.sectionId)),
  get: procedure
    .meta({ action: "version.read" })
    .input(z.object({ versionId: uuidField }).strict())
    .query(({ ctx, input }) => getVersion(ctx.db, input.versionId)),
  /** Resource check (owner department's editors, admins) in the service. */
  create: procedure
    .meta({ action: "version.read" })
    .input(z.object({ sectionId: uuidField, label: labelField }).strict())
    .mutation(({ ctx, input }) => createVersion(ctx.db, documentHost(ctx.db), { actor: ctx.user, ...input })),
  /** Resource check (owner department's editors, admins) in the service. */
  restore: procedure
    .meta({ action: "version.read" })
    .input(z.object({ versionId: uuidField }).strict())
    .mutation(({ ctx, input }) => restoreVersion(ctx.db, documentHost(ctx.db), { actor: ctx.user, ...input })),
  /** Two versions (or current / last approved / my last visit) of a section, for the diff view. */
  diff: procedure
    .meta({ action: "version.read" })
    .input(z.object({ sectionId: uuidField, from: diffSideField, to: diffSideField.default({ current: true }) }).strict())
    .query(({ ctx, input }) =>
      sectionDiff(ctx.db, documentHost(ctx.db), { actor: ctx.user, sectionId: input.sectionId, from: input.from as DiffSide, to: input.to as DiffSide }),
    ),
});

/** The review workflow and the leaders' review workspace. */
export const reviewRouter = router({
  /** Every section in review across the plan (the review workspace). */
  list: procedure.meta({ action: "review.read" }).query(({ ctx }) => reviewQueue(ctx.db, documentHost(ctx.db), ctx.user)),
  /** Resource check (leader/admin, in review, not own submission) in the service. */
  approve: procedure
    .meta({ action: "review.read" })
    .input(z.object({ sectionId: uuidField, comment: messageField.optional() }).strict())
    .mutation(({ ctx, input }) =>
      reviewStep(ctx.db, documentHost(ctx.db), { actor: ctx.user, sectionId: input.sectionId, action: "section.approve", message: input.comment }),
    ),
  requestChanges: procedure
    .meta({ action: "review.read" })
    .input(z.object({ sectionId: uuidField, reason: messageField.min(1, { message: "is required" }) }).strict())
    .mutation(({ ctx, input }) =>
      reviewStep(ctx.db, documentHost(ctx.db), { actor: ctx.user, sectionId: input.sectionId, action: "section.requestChanges", message: input.reason }),
    ),
  /** Marks the section as seen now by this leader ("since I last looked"). */
  markSeen: procedure
    .meta({ action: "review.read" })
    .input(z.object({ sectionId: uuidField }).strict())
    .mutation(({ ctx, input }) => recordReviewVisit(ctx.db, documentHost(ctx.db), { actor: ctx.user, sectionId: input.sectionId })),
  /** Submissions, decisions and reasons of one section. */
  history: procedure
    .meta({ action: "section.read" })
    .input(z.object({ sectionId: uuidField }).strict())
    .query(({ ctx, input }) => reviewHistory(ctx.db, input.sectionId)),
});

/** Comment threads anchored to a section's text. */
export const commentRouter = router({
  list: procedure
    .meta({ action: "comment.write" })
    .input(z.object({ sectionId: uuidField }).strict())
    .query(({ ctx, input }) => listThreads(ctx.db, input.sectionId, ctx.user)),
  create: procedure
    .meta({ action: "comment.write" })
    .input(
      z
        .object({
          sectionId: uuidField,
          anchorStart: anchorField,
          anchorEnd: anchorField,
          quote: z.string().trim().min(1, { message: "is required" }).max(2000),
          body: commentBodyField,
        })
        .strict(),
    )
    .mutation(({ ctx, input }) => createThread(ctx.db, documentHost(ctx.db), { actor: ctx.user, ...input })),
  reply: procedure
    .meta({ action: "comment.write" })
    .input(z.object({ threadId: uuidField, body: commentBodyField }).strict())
    .mutation(({ ctx, input }) => replyToThread(ctx.db, { actor: ctx.user, ...input })),
  /** Resource check (thread author, owner editors, leaders, admins) in the service. */
  setResolved: procedure
    .meta({ action: "comment.write" })
    .input(z.object({ threadId: uuidField, resolved: z.boolean() }).strict())
    .mutation(({ ctx, input }) => setThreadResolved(ctx.db, { actor: ctx.user, ...input })),
});

/** The bell. */
export const notificationRouter = router({
  list: procedure.meta({ action: "notification.read" }).query(({ ctx }) => listNotifications(ctx.db, ctx.user.id)),
  markRead: procedure
    .meta({ action: "notification.read" })
    .input(z.object({ ids: z.array(uuidField).max(200).optional(), all: z.boolean().optional() }).strict())
    .mutation(async ({ ctx, input }) => ({ updated: await markNotificationsRead(ctx.db, ctx.user.id, input.all ? "all" : (input.ids ?? [])) })),
});
