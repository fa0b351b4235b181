"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { useTRPC } from "@/app/_components/trpc";
import { ErrorState, LoadingState } from "./_components/feedback";
import { PlanList } from "./plans/plan-list";

/** "/" opens the plan when there is exactly one; otherwise it lists the plans (or says how to get one). */
export function HomeRedirect() {
  const t = useTranslations("home");
  const trpc = useTRPC();
  const router = useRouter();
  const plans = useQuery(trpc.plan.list.queryOptions());
  const onlyPlanId = plans.data?.length === 1 ? plans.data[0]!.id : undefined;

  useEffect(() => {
    if (onlyPlanId) router.replace(`/plans/${onlyPlanId}`);
  }, [onlyPlanId, router]);

  if (plans.isError) return <ErrorState title={t("loadFailed")} error={plans.error} onRetry={() => void plans.refetch()} />;
  if (plans.isPending || onlyPlanId) return <LoadingState label={t("opening")} />;
  return <PlanList />;
}
