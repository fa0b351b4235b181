"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useTRPC } from "@/app/_components/trpc";

/*
 * The plan page's outline stream (server-sent events; registry figures come through
 * useLiveRegistry). The server does not replay what was
 * published before a stream was open, so every (re)connection refetches as well: whatever was
 * loaded before the stream started, or while it was down, may have missed an event.
 */

/** The outline in every open browser: a section added, renamed, moved, re-assigned or deleted by anyone refetches plan.get. */
export function usePlanEvents(planId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries(trpc.plan.get.queryFilter({ planId }));
  useSubscription(trpc.plan.events.subscriptionOptions({ planId }, { onStarted: refresh, onData: refresh }));
}
