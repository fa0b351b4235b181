"use client";

import { skipToken } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { createContext, type ReactNode, useContext, useEffect, useRef, useState } from "react";
import { useTRPC } from "@/app/_components/trpc";
import type { LiveTopicsInput } from "@/server/routers/live";
import { type LiveHandlers, LiveHub, type LiveTopic } from "./live-hub";

const LiveHubContext = createContext<LiveHub | null>(null);

/**
 * Owns the page's one live event stream (`live.events`, server-sent events): its topics are the
 * ones the mounted features listen to (useLiveEvents), and a new topic reopens it once. Around
 * every logged-in page.
 */
export function LiveEventsProvider({ children }: { children: ReactNode }) {
  const trpc = useTRPC();
  const [input, setInput] = useState<LiveTopicsInput | null>(null);
  const [hub] = useState(() => new LiveHub(setInput));
  useSubscription(
    trpc.live.events.subscriptionOptions(input ?? skipToken, {
      onStarted: () => hub.handleStarted(),
      onData: (event) => hub.handleEvent(event),
      onConnectionStateChange: (state) => {
        if (state.state === "connecting") hub.handleConnecting();
      },
      onError: (error) => console.error("[live] the event stream stopped:", error.message),
    }),
  );
  return <LiveHubContext.Provider value={hub}>{children}</LiveHubContext.Provider>;
}

/** The page's live hub, for listeners that share one registration among many components. */
export function useLiveHub(): LiveHub {
  const hub = useContext(LiveHubContext);
  if (!hub) throw new Error("live events need a LiveEventsProvider around them");
  return hub;
}

/**
 * Calls `handlers` for the events of `topic` (none: null) while mounted, and `onStarted` whenever
 * the stream (re)connects — refetch then, the server does not replay what a closed stream missed.
 */
export function useLiveEvents<T extends LiveTopic>(topic: T | null, handlers: LiveHandlers<T>): void {
  const hub = useLiveHub();
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  useEffect(() => {
    if (!topic) return;
    return hub.listen(topic, {
      onStarted: () => latest.current.onStarted?.(),
      onEvent: (event) => latest.current.onEvent?.(event),
    });
  }, [hub, topic]);
}
