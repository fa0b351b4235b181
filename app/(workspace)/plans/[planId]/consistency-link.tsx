"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useEffect, useRef } from "react";
import { useTRPC } from "@/app/_components/trpc";

const registryInput = { includeArchived: true } as const;

/**
 * `plan.consistencyWarnings` (computed by the server from the stored sections), refetched whenever
 * the live registry cache refetches (useLiveRegistry invalidates it on every registry change).
 */
export function usePlanConsistencyWarnings(planId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const query = useQuery(trpc.plan.consistencyWarnings.queryOptions({ planId }));
  const indicators = useQuery(trpc.indicator.list.queryOptions(registryInput));
  const projects = useQuery(trpc.project.list.queryOptions(registryInput));
  const registryVersion = `${indicators.dataUpdatedAt}:${projects.dataUpdatedAt}`;
  const seen = useRef<string | null>(null);
  useEffect(() => {
    if (!indicators.dataUpdatedAt || !projects.dataUpdatedAt) return;
    if (seen.current !== null && seen.current !== registryVersion) {
      void queryClient.invalidateQueries(trpc.plan.consistencyWarnings.queryFilter({ planId }));
    }
    seen.current = registryVersion;
  }, [registryVersion, indicators.dataUpdatedAt, projects.dataUpdatedAt, queryClient, trpc, planId]);
  return query;
}

/** 「数据一致性检查」 in the plan header, with the number of contradicted figures in the saved text. */
export function ConsistencyLink({ planId }: { planId: string }) {
  const t = useTranslations("consistency");
  const query = usePlanConsistencyWarnings(planId);
  const count = query.data?.reduce((sum, entry) => sum + entry.warnings.length, 0) ?? null;
  return (
    <Link href={`/plans/${planId}/consistency`} className="consistency-link" data-testid="consistency-link">
      {t("linkLabel")}
      {count !== null && <span className={count > 0 ? "consistency-link-count has-warnings" : "consistency-link-count"}>{t("linkCount", { count })}</span>}
    </Link>
  );
}
