"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useSyncExternalStore } from "react";
import { useTRPC } from "@/app/_components/trpc";
import { useLiveHub } from "../live-events";
import { type LiveHub, planTopic } from "../live-hub";
import type { RouterOutputs } from "../types";

export type CommentThread = RouterOutputs["comment"]["list"][number];

/*
 * Every section on a plan page shows its threads: one listener per plan on the page's live stream
 * serves all of them (and refreshes the threads of sections not on screen as well). The server does
 * not replay events, so every (re)connection refetches the threads too.
 */
type Listener = { users: number; stop: () => void };
const listeners = new WeakMap<LiveHub, Map<string, Listener>>();

function useSharedCommentEvents(planId: string | null) {
  const trpc = useTRPC();
  const hub = useLiveHub();
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!planId) return;
    let byPlan = listeners.get(hub);
    if (!byPlan) {
      byPlan = new Map();
      listeners.set(hub, byPlan);
    }
    let listener = byPlan.get(planId);
    if (!listener) {
      const stop = hub.listen(planTopic(planId), {
        onStarted: () => void queryClient.invalidateQueries(trpc.comment.list.pathFilter()),
        onEvent: (event) => {
          if (event.type === "comments") void queryClient.invalidateQueries(trpc.comment.list.queryFilter({ sectionId: event.sectionId }));
        },
      });
      listener = { users: 0, stop };
      byPlan.set(planId, listener);
    }
    const current = listener;
    const plans = byPlan;
    current.users += 1;
    return () => {
      current.users -= 1;
      if (current.users === 0) {
        current.stop();
        plans.delete(planId);
      }
    };
  }, [planId, hub, queryClient, trpc]);
}

/** A section's comment threads (oldest first), kept live by the plan's events on the page's live stream. */
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
