"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { useTRPC } from "@/app/_components/trpc";
import { matchCandidates, type ReferenceCandidate, type ReferenceKind } from "@/lib/editor/reference-picker";
import type { RouterOutputs } from "../../_components/types";

export type ProjectEntry = RouterOutputs["project"]["list"][number];
export type IndicatorEntry = RouterOutputs["indicator"]["list"][number];

/**
 * One cached copy of each registry for the whole page, shared by every chip, the pickers and the
 * side panels. Archived entries are included: a chip citing one still shows it. The registry's
 * live events (useLiveRegistry) invalidate these queries, so every chip follows new figures.
 */
const registryInput = { includeArchived: true } as const;

/** An entry of the shared cache: still loading, failed to load, not (or no longer) there, or found. */
export type Lookup<T> = { status: "loading" | "error" | "missing"; entry: null } | { status: "found"; entry: T };

function lookupOf<T>(query: { isPending: boolean; isError: boolean; data: T | null | undefined }): Lookup<T> {
  if (query.isPending) return { status: "loading", entry: null };
  if (query.isError) return { status: "error", entry: null };
  return query.data ? { status: "found", entry: query.data } : { status: "missing", entry: null };
}

/** A project from the shared cache; the caller re-renders only when this project changes. */
export function useProjectEntry(id: string): Lookup<ProjectEntry> {
  const trpc = useTRPC();
  const select = useCallback((list: ProjectEntry[]) => list.find((entry) => entry.id === id) ?? null, [id]);
  return lookupOf(useQuery({ ...trpc.project.list.queryOptions(registryInput), select }));
}

/** An indicator from the shared cache; the caller re-renders only when this indicator changes. */
export function useIndicatorEntry(id: string): Lookup<IndicatorEntry> {
  const trpc = useTRPC();
  const select = useCallback((list: IndicatorEntry[]) => list.find((entry) => entry.id === id) ?? null, [id]);
  return lookupOf(useQuery({ ...trpc.indicator.list.queryOptions(registryInput), select }));
}

/** What the `@` / `#` picker offers: current (not archived) entries whose name matches the query. */
export function useReferenceSearch() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useCallback(
    async (kind: ReferenceKind, query: string): Promise<ReferenceCandidate[]> => {
      const list: { id: string; name: string; archived: boolean }[] =
        kind === "project"
          ? await queryClient.ensureQueryData(trpc.project.list.queryOptions(registryInput))
          : await queryClient.ensureQueryData(trpc.indicator.list.queryOptions(registryInput));
      return matchCandidates(
        list.filter((entry) => !entry.archived).map(({ id, name }) => ({ id, name })),
        query,
      );
    },
    [queryClient, trpc],
  );
}

/** The page to open for a cited entity. */
export const referenceHref = (kind: ReferenceKind, id: string) => `/${kind === "project" ? "projects" : "indicators"}/${id}`;
