"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/app/_components/trpc";
import { useLiveEvents } from "./live-events";

/**
 * Keeps registry figures current (registry pages, chips, side panels): whenever anyone changes a
 * project or an indicator, the server pushes an event (on the page's one live stream) and the
 * cached project (or indicator) queries are refetched. The server does not replay events published
 * while the stream was not open, so every (re)connection refetches everything too.
 */
export function useLiveRegistry() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  useLiveEvents("registry", {
    onStarted: () => {
      void queryClient.invalidateQueries(trpc.project.pathFilter());
      void queryClient.invalidateQueries(trpc.indicator.pathFilter());
    },
    onEvent: (event) => {
      const filter = event.type === "project" ? trpc.project.pathFilter() : trpc.indicator.pathFilter();
      void queryClient.invalidateQueries(filter);
    },
  });
}
