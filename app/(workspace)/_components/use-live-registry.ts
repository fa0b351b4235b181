"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useTRPC } from "@/app/_components/trpc";

/**
 * Keeps registry pages current: whenever anyone changes a project or an indicator, the server
 * pushes an event and the cached project (or indicator) queries are refetched.
 */
export function useLiveRegistry() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  useSubscription(
    trpc.project.events.subscriptionOptions(undefined, {
      onData: (event) => {
        const filter = event.type === "project" ? trpc.project.pathFilter() : trpc.indicator.pathFilter();
        void queryClient.invalidateQueries(filter);
      },
    }),
  );
}
