import { z } from "zod";
import { liveEvents } from "@/server/events";
import { procedure, router } from "@/server/trpc";
import { uuidField } from "./inputs";

/** At most this many plans in one stream (a page shows one plan; the review queue a few). */
export const LIVE_PLANS_MAX = 50;

const liveTopicsInput = z
  .object({
    /** Outline, section status and comment changes of these plans. */
    plans: z.array(uuidField).min(1, { message: "must name a plan" }).max(LIVE_PLANS_MAX, { message: `must name at most ${LIVE_PLANS_MAX} plans` }).optional(),
    /** Project and indicator changes (chips, registry pages). */
    registry: z.literal(true).optional(),
    /** New notifications of the caller (the bell). */
    notifications: z.literal(true).optional(),
    /** The review queue changed. */
    review: z.literal(true).optional(),
  })
  .strict()
  .refine((topics) => Boolean(topics.plans || topics.registry || topics.notifications || topics.review), { message: "must name a topic" });

export type LiveTopicsInput = z.infer<typeof liveTopicsInput>;

/**
 * A page's live events, one server-sent-events stream for everything it shows: browsers allow
 * six HTTP/1.1 connections per host across all tabs, so a stream per feature would soon leave
 * none for navigation. Each topic is allowed on the same action as the data it refreshes.
 */
export const liveRouter = router({
  events: procedure
    .meta({ action: "live.subscribe" })
    .input(liveTopicsInput)
    .subscription(({ ctx, input, signal }) => {
      if (input.plans) ctx.authorize("plan.read");
      if (input.registry) ctx.authorize("project.read");
      if (input.notifications) ctx.authorize("notification.read");
      if (input.review) ctx.authorize("review.read");
      return liveEvents(
        {
          planIds: [...new Set(input.plans ?? [])],
          registry: input.registry === true,
          notificationsOf: input.notifications ? ctx.user.id : null,
          review: input.review === true,
        },
        signal,
      );
    }),
});
