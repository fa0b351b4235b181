"use client";

import { type QueryClient, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useSyncExternalStore } from "react";
import { useTRPC, useTRPCClient } from "@/app/_components/trpc";
import type { RouterOutputs } from "../types";

export type CommentThread = RouterOutputs["comment"]["list"][number];

/*
 * Every section on a plan page shows its threads, but each subscription is a server-sent-events
 * connection and browsers allow only a few per host: one stream per plan is shared by all of them.
 * The server does not replay events, so every (re)connection refetches the threads as well.
 */
type Stream = { users: number; stop: () => void };
const streams = new WeakMap<QueryClient, Map<string, Stream>>();

function useSharedCommentEvents(planId: string | null) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!planId) return;
    let byPlan = streams.get(queryClient);
    if (!byPlan) {
      byPlan = new Map();
      streams.set(queryClient, byPlan);
    }
    let stream = byPlan.get(planId);
    if (!stream) {
      const subscription = client.plan.events.subscribe(
        { planId },
        {
          onStarted: () => void queryClient.invalidateQueries(trpc.comment.list.pathFilter()),
          onData: (event) => {
            if (event.type === "comments" && event.sectionId) void queryClient.invalidateQueries(trpc.comment.list.queryFilter({ sectionId: event.sectionId }));
          },
        },
      );
      stream = { users: 0, stop: () => subscription.unsubscribe() };
      byPlan.set(planId, stream);
    }
    const current = stream;
    const plans = byPlan;
    current.users += 1;
    return () => {
      current.users -= 1;
      if (current.users === 0) {
        current.stop();
        plans.delete(planId);
      }
    };
  }, [planId, client, queryClient, trpc]);
}

/** A section's comment threads (oldest first), kept live by the plan's event stream. */
export function useCommentThreads(sectionId: string, planId: string | null) {
  const trpc = useTRPC();
  useSharedCommentEvents(planId);
  return useQuery(trpc.comment.list.queryOptions({ sectionId }));
}

/*
 * A thread to show once its section is on screen (set when a notification is followed; the plan
 * page may still be loading). Kept in memory only: it is meant for this navigation.
 */
let pendingThreadId: string | null = null;
const pendingListeners = new Set<() => void>();

export function requestThreadFocus(threadId: string | null) {
  pendingThreadId = threadId;
  for (const listener of pendingListeners) listener();
}

/** The thread waiting to be shown, if any; clear it with requestThreadFocus(null) once shown. */
export function usePendingThreadFocus(): string | null {
  return useSyncExternalStore(
    (listener) => {
      pendingListeners.add(listener);
      return () => pendingListeners.delete(listener);
    },
    () => pendingThreadId,
    () => null,
  );
}
