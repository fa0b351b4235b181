"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { useTRPC } from "@/app/_components/trpc";
import { EmptyState, ErrorState, LoadingState } from "./_components/feedback";

/** "/" opens the first plan; without any plan it explains what to do. */
export function HomeRedirect() {
  const t = useTranslations("home");
  const trpc = useTRPC();
  const router = useRouter();
  const plans = useQuery(trpc.plan.list.queryOptions());
  const firstPlanId = plans.data?.[0]?.id;

  useEffect(() => {
    if (firstPlanId) router.replace(`/plans/${firstPlanId}`);
  }, [firstPlanId, router]);

  if (plans.isError) return <ErrorState title={t("loadFailed")} error={plans.error} onRetry={() => void plans.refetch()} />;
  if (plans.isPending || firstPlanId) return <LoadingState label={t("opening")} />;
  return (
    <div className="page">
      <h1 className="page-title">{t("title")}</h1>
      <EmptyState title={t("emptyTitle")}>
        <p>{t("emptyBody")}</p>
      </EmptyState>
    </div>
  );
}
