"use client";

import { useEffect, useRef, useState, useSyncExternalStore, type RefObject } from "react";
import { collabBaseUrl, SectionSession, type SectionSessionState } from "@/lib/editor/section-session";

/**
 * Opens a section's collaboration session while `enabled` (one Y.Doc, socket and local copy per
 * section) and closes it on unmount. A new `generation` starts a fresh session (after the local
 * copy was discarded).
 */
export function useSectionSession(options: {
  sectionId: string;
  enabled: boolean;
  initialCanEdit: boolean;
  selfUserId: string;
  generation: number;
}): SectionSession | null {
  const { sectionId, enabled, selfUserId, generation } = options;
  const [session, setSession] = useState<SectionSession | null>(null);
  // Only the first value matters: afterwards the server's MESSAGE_ACCESS decides.
  const initialCanEdit = useRef(options.initialCanEdit);
  useEffect(() => {
    if (!enabled) return;
    const created = new SectionSession({
      sectionId,
      wsBase: collabBaseUrl(window.location),
      initialCanEdit: initialCanEdit.current,
      selfUserId,
      persist: true,
    });
    setSession(created);
    return () => {
      created.destroy();
      setSession(null);
    };
  }, [sectionId, enabled, selfUserId, generation]);
  return session;
}

const noSubscription = () => () => undefined;

/** The session's state snapshot (null without a session). */
export function useSessionState(session: SectionSession | null): SectionSessionState | null {
  return useSyncExternalStore(
    session?.subscribe ?? noSubscription,
    () => session?.getState() ?? null,
    () => null,
  );
}

/** True once the element has come near the viewport (and stays true): sections open lazily. */
export function useNearViewport(ref: RefObject<HTMLElement | null>, rootMargin = "600px 0px"): boolean {
  const [near, setNear] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (near || !element) return;
    if (typeof IntersectionObserver === "undefined") {
      setNear(true);
      return;
    }
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) setNear(true);
      },
      { rootMargin },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref, near, rootMargin]);
  return near;
}
