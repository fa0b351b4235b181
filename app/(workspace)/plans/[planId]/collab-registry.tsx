"use client";

import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from "react";
import { CLOSE_SESSION_ENDED } from "@/lib/collab/protocol";

/** What the page needs to know about each open section: for the tab-close warning and the page banners. */
export type SectionReport = { unsaved: number; closedCode: number | null; restarting: boolean };

export type CollabSummary = { unsaved: number; sessionEnded: boolean; restarting: boolean };

const emptySummary: CollabSummary = { unsaved: 0, sessionEnded: false, restarting: false };

/** Collects the reports of the page's sections (each section reports only while it is open). */
class CollabRegistry {
  private readonly reports = new Map<string, SectionReport>();
  private readonly listeners = new Set<() => void>();
  private summary: CollabSummary = emptySummary;

  report(sectionId: string, report: SectionReport | null) {
    if (report) this.reports.set(sectionId, report);
    else this.reports.delete(sectionId);
    const all = [...this.reports.values()];
    const next: CollabSummary = {
      unsaved: all.reduce((total, entry) => total + entry.unsaved, 0),
      sessionEnded: all.some((entry) => entry.closedCode === CLOSE_SESSION_ENDED),
      restarting: all.some((entry) => entry.restarting),
    };
    if (next.unsaved === this.summary.unsaved && next.sessionEnded === this.summary.sessionEnded && next.restarting === this.summary.restarting) return;
    this.summary = next;
    for (const listener of this.listeners) listener();
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSummary = () => this.summary;
}

const RegistryContext = createContext<CollabRegistry | null>(null);

/**
 * Holds the sections' reports for the plan page and asks the browser to confirm closing the tab
 * while any section has edits the server has not stored.
 */
export function CollabRegistryProvider({ children }: { children: ReactNode }) {
  const [registry] = useState(() => new CollabRegistry());
  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (registry.getSummary().unsaved === 0) return;
      event.preventDefault();
      // Older browsers show the prompt only when returnValue is set.
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [registry]);
  return <RegistryContext.Provider value={registry}>{children}</RegistryContext.Provider>;
}

/** Reports one section's state while it is mounted. */
export function useReportSection(sectionId: string, report: SectionReport | null) {
  const registry = useContext(RegistryContext);
  const unsaved = report?.unsaved ?? 0;
  const closedCode = report?.closedCode ?? null;
  const restarting = report?.restarting ?? false;
  const present = report !== null;
  useEffect(() => {
    if (!registry) return;
    registry.report(sectionId, present ? { unsaved, closedCode, restarting } : null);
    return () => registry.report(sectionId, null);
  }, [registry, sectionId, present, unsaved, closedCode, restarting]);
}

/** The page-wide state of all open sections. */
export function useCollabSummary(): CollabSummary {
  const registry = useContext(RegistryContext);
  return useSyncExternalStore(
    registry?.subscribe ?? noSubscription,
    registry?.getSummary ?? (() => emptySummary),
    () => emptySummary,
  );
}

const noSubscription = () => () => undefined;
