"use client";

import { useQuery } from "@tanstack/react-query";
import { yXmlFragmentToProsemirrorJSON } from "@tiptap/y-tiptap";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState, useSyncExternalStore } from "react";
import { useTRPC } from "@/app/_components/trpc";
import { detectInconsistencies, type EntityValues, type Warning } from "@/lib/consistency/detector";
import type { DocJson } from "@/lib/consistency/links";
import { SECTION_FRAGMENT } from "@/lib/editor/names";
import type { SectionSession } from "@/lib/editor/section-session";
import type { IndicatorEntry, ProjectEntry } from "./reference-data";

/** The same lists (and cache entries) as reference-data.ts: archived entries included. */
const registryInput = { includeArchived: true } as const;

/** A recording time as the server's detector writes it: the date part, YYYY-MM-DD (UTC). */
function dateOf(when: Date | string): string {
  return new Date(when).toISOString().slice(0, 10);
}

/** The registry's current values as the detector reads them, from the shared live cache. */
export function entityValuesOf(indicators: IndicatorEntry[], projects: ProjectEntry[]): EntityValues {
  return {
    indicators: new Map(
      indicators.map((indicator) => [
        indicator.id,
        {
          name: indicator.name,
          unit: indicator.unit,
          value: indicator.latest?.value ?? null,
          period: indicator.latest?.period ?? null,
          asOf: indicator.latest ? dateOf(indicator.latest.recordedAt) : null,
        },
      ]),
    ),
    projects: new Map(projects.map((project) => [project.id, { name: project.name, figures: project.figures, totalInvestment: project.totalInvestment }])),
  };
}

/** EntityValues from the page's live registry cache; null until both lists are loaded. */
export function useEntityValues(): EntityValues | null {
  const trpc = useTRPC();
  const indicators = useQuery(trpc.indicator.list.queryOptions(registryInput));
  const projects = useQuery(trpc.project.list.queryOptions(registryInput));
  return useMemo(
    () => (indicators.data && projects.data ? entityValuesOf(indicators.data, projects.data) : null),
    [indicators.data, projects.data],
  );
}

const DEBOUNCE_MS = 300;
const noWarnings: Warning[] = [];

/**
 * The warnings of a section's live body (its session's Y.Doc, the document the editor shows),
 * recomputed 300 ms after the last edit and whenever the registry values change. No session (the
 * section has not come near the viewport yet): no warnings.
 */
export function useSectionWarnings(session: SectionSession | null, loaded: boolean, entities: EntityValues | null): Warning[] {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!session) return;
    const fragment = session.doc.getXmlFragment(SECTION_FRAGMENT);
    let timer: ReturnType<typeof setTimeout> | null = null;
    const onChange = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        setVersion((current) => current + 1);
      }, DEBOUNCE_MS);
    };
    fragment.observeDeep(onChange);
    return () => {
      fragment.unobserveDeep(onChange);
      if (timer) clearTimeout(timer);
    };
  }, [session]);
  return useMemo(() => {
    void version;
    if (!session || !loaded || !entities) return noWarnings;
    const json = yXmlFragmentToProsemirrorJSON(session.doc.getXmlFragment(SECTION_FRAGMENT)) as DocJson;
    try {
      return detectInconsistencies(json, entities);
    } catch (error) {
      console.warn("Could not check the section's figures:", error);
      return noWarnings;
    }
  }, [session, loaded, entities, version]);
}

/** Warning counts per section, reported by the section blocks and read by the outline. */
class WarningCounts {
  private counts = new Map<string, number>();
  private listeners = new Set<() => void>();
  set(sectionId: string, count: number) {
    if ((this.counts.get(sectionId) ?? 0) === count) return;
    if (count) this.counts.set(sectionId, count);
    else this.counts.delete(sectionId);
    for (const listener of this.listeners) listener();
  }
  get = (sectionId: string) => this.counts.get(sectionId) ?? 0;
  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };
}

const WarningCountsContext = createContext<WarningCounts | null>(null);

export function WarningCountsProvider({ children }: { children: ReactNode }) {
  const [counts] = useState(() => new WarningCounts());
  return <WarningCountsContext.Provider value={counts}>{children}</WarningCountsContext.Provider>;
}

/** A section block tells the outline how many warnings its body has. */
export function useReportWarningCount(sectionId: string, count: number) {
  const counts = useContext(WarningCountsContext);
  useEffect(() => {
    counts?.set(sectionId, count);
  }, [counts, sectionId, count]);
  useEffect(() => () => counts?.set(sectionId, 0), [counts, sectionId]);
}

const noSubscription = () => () => undefined;

/** How many warnings a section's body has now (0 when unknown). */
export function useWarningCount(sectionId: string): number {
  const counts = useContext(WarningCountsContext);
  const get = useCallback(() => counts?.get(sectionId) ?? 0, [counts, sectionId]);
  return useSyncExternalStore(counts?.subscribe ?? noSubscription, get, () => 0);
}
