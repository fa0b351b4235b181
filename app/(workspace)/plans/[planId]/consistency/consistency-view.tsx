"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useId, useMemo, useState } from "react";
import { useTRPC } from "@/app/_components/trpc";
import { EmptyState, ErrorState, LoadingState } from "../../../_components/feedback";
import { useLiveRegistry } from "../../../_components/use-live-registry";
import { usePlanConsistencyWarnings } from "../consistency-link";
import { WarningItem } from "../consistency-warning";

/**
 * 数据一致性检查: every figure in the plan's saved text that contradicts the latest registry value
 * of the indicator or project cited beside it, grouped by section, filterable by department.
 * Refreshes live when the registry changes, and on 刷新.
 */
export function ConsistencyView({ planId }: { planId: string }) {
  const t = useTranslations("consistency");
  const tPlan = useTranslations("plan");
  const trpc = useTRPC();
  useLiveRegistry();
  const plan = useQuery(trpc.plan.get.queryOptions({ planId }));
  const warnings = usePlanConsistencyWarnings(planId);
  const [departmentId, setDepartmentId] = useState("");
  const filterId = useId();

  const departments = useMemo(() => {
    const found = new Map<string, string>();
    for (const entry of warnings.data ?? []) found.set(entry.section.ownerDepartment.id, entry.section.ownerDepartment.name);
    return [...found].map(([id, name]) => ({ id, name }));
  }, [warnings.data]);

  if (warnings.isPending) return <LoadingState />;
  if (warnings.isError) return <ErrorState title={t("loadFailed")} error={warnings.error} onRetry={() => void warnings.refetch()} />;

  const shown = departmentId ? warnings.data.filter((entry) => entry.section.ownerDepartment.id === departmentId) : warnings.data;
  const total = warnings.data.reduce((sum, entry) => sum + entry.warnings.length, 0);
  const shownTotal = shown.reduce((sum, entry) => sum + entry.warnings.length, 0);

  return (
    <div className="page consistency-page">
      <header className="page-header">
        <p className="consistency-back">
          <Link href={`/plans/${planId}`}>{t("backToPlan", { title: plan.data?.plan.title ?? tPlan("pageTitle") })}</Link>
        </p>
        <h1 className="page-title">{t("pageTitle")}</h1>
        <p className="muted">{t("pageIntro")}</p>
      </header>
      <div className="consistency-toolbar">
        <p className="consistency-total" role="status">
          {t("total", { count: total })}
        </p>
        {departments.length > 0 && (
          <div className="field consistency-filter">
            <label htmlFor={filterId}>{t("filterDepartment")}</label>
            <select id={filterId} value={departmentId} onChange={(event) => setDepartmentId(event.target.value)}>
              <option value="">{t("allDepartments")}</option>
              {departments.map((department) => (
                <option key={department.id} value={department.id}>
                  {department.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <button type="button" className="button" onClick={() => void warnings.refetch()} disabled={warnings.isFetching} aria-busy={warnings.isFetching}>
          {warnings.isFetching ? t("refreshing") : t("refresh")}
        </button>
      </div>
      {total === 0 ? (
        <EmptyState title={t("emptyTitle")}>
          <p>{t("emptyBody")}</p>
        </EmptyState>
      ) : shown.length === 0 ? (
        <EmptyState title={t("emptyFiltered")} />
      ) : (
        <>
          {departmentId && <p className="muted">{t("filtered", { count: shownTotal })}</p>}
          <ol className="consistency-sections">
            {shown.map(({ section, warnings: sectionWarnings }) => (
              <li key={section.id} className="consistency-section" data-testid="consistency-section">
                <h2 className="consistency-section-title">
                  <Link href={`/plans/${planId}#section-${section.id}`}>
                    <span className="section-number">{section.number}</span> {section.title}
                  </Link>
                </h2>
                <p className="consistency-section-meta">
                  <span className="visually-hidden">{tPlan("ownerLabel")}</span>
                  <span className="section-owner" data-testid="consistency-owner">
                    {section.ownerDepartment.name}
                  </span>
                  <span className="badge badge-inconsistent">{t("count", { count: sectionWarnings.length })}</span>
                </p>
                <ul className="consistency-list">
                  {sectionWarnings.map((warning, index) => (
                    <WarningItem key={`${warning.entityId}-${warning.stated.raw}-${index}`} warning={warning} />
                  ))}
                </ul>
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}
