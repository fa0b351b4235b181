"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/app/_components/trpc";
import { planTopic } from "../../_components/live-hub";
import { useLiveEvents } from "../../_components/live-events";

/*
 * The plan page's outline, from the page's live event stream (registry figures come through
 * useLiveRegistry). The server does not replay what was published before the stream was open, so
 * every (re)connection refetches as well: whatever was loaded before the stream started, or while
 * it was down, may have missed an event.
 */

/** The outline in every open browser: a section added, renamed, moved, re-assigned or deleted by anyone refetches plan.get. */
export function usePlanEvents(planId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries(trpc.plan.get.queryFilter({ planId }));
  useLiveEvents(planTopic(planId), { onStarted: refresh, onEvent: refresh });
}
