"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useCallback, useEffect, useState } from "react";
import { errorCodeOf, useTRPC } from "@/app/_components/trpc";
import { claimLocalCopies } from "@/lib/editor/local-copies";
import { can } from "@/server/policy";
import { EmptyState, ErrorState, LoadingState } from "../../_components/feedback";
import { CollabRegistryProvider, useCollabSummary } from "./collab-registry";
import { ConsistencyLink } from "./consistency-link";
import { ExportMenu } from "./export-menu";
import { WarningCountsProvider } from "./consistency-data";
import { useLiveRegistry } from "../../_components/use-live-registry";
import { usePlanEvents } from "./live-updates";
import { jumpToSection, PlanOutline } from "./plan-outline";
import { SearchPassageFocus } from "./search-passage";
import { type PlanSection, SectionBlock, StatusBadge } from "./section-block";

const sectionStatuses: readonly PlanSection["status"][] = ["drafting", "in_review", "approved", "changes_requested"];

/** What the badges mean, folded away under the plan header. */
function Legend({ sections }: { sections: PlanSection[] }) {
  const t = useTranslations("plan.legend");
  const tAccess = useTranslations("editor.access");
  return (
    <details className="legend">
      <summary>{t("title")}</summary>
      <p className="muted">{t("intro")}</p>
      <dl className="legend-list">
        {sectionStatuses.map((status) => (
          <div key={status} className="legend-item">
            <dt>
              <StatusBadge status={status} />
              <span className="legend-count">{t("count", { count: sections.filter((section) => section.status === status).length })}</span>
            </dt>
            <dd>{t(`status.${status}`)}</dd>
          </div>
        ))}
        <div className="legend-item">
          <dt>
            <span className="badge badge-access-edit">{tAccess("edit")}</span>
            <span className="badge badge-access-read">{tAccess("readOnly")}</span>
          </dt>
          <dd>{t("access")}</dd>
        </div>
      </dl>
    </details>
  );
}

/** Other plans, when there is more than one. */
function PlanSwitcher({ currentPlanId }: { currentPlanId: string }) {
  const t = useTranslations("plan");
  const trpc = useTRPC();
  const plans = useQuery(trpc.plan.list.queryOptions());
  if (!plans.data || plans.data.length < 2) return null;
  return (
    <nav className="plan-switcher" aria-label={t("otherPlans")}>
      <ul>
        {plans.data.map((plan) => (
          <li key={plan.id}>
            <Link href={`/plans/${plan.id}`} aria-current={plan.id === currentPlanId ? "page" : undefined}>
              {plan.title}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Page-wide news from the sections' sockets: the session ended (4401), or the server restarts (1012). */
function CollabBanner() {
  const t = useTranslations("editor.closed");
  const pathname = usePathname();
  const summary = useCollabSummary();
  return (
    <div className="collab-banners">
      <div role="alert">
        {summary.sessionEnded && (
          <div className="alert alert-error collab-banner">
            <span>{t("sessionEnded")}</span>{" "}
            <a href={`/login?next=${encodeURIComponent(pathname)}&expired=1`}>{t("loginAgain")}</a>
          </div>
        )}
      </div>
      <div role="status">{summary.restarting && !summary.sessionEnded && <div className="alert alert-info collab-banner">{t("restarting")}</div>}</div>
    </div>
  );
}

/** This browser's local section copies must belong to the logged-in user before any is opened. */
function useLocalCopiesClaimed(userId: string | undefined): boolean {
  const [claimedFor, setClaimedFor] = useState<string | null>(null);
  useEffect(() => {
    if (!userId) return;
    let cancelled = false;
    claimLocalCopies(userId)
      .catch((error: unknown) => console.warn("Could not check this browser's local section copies:", error))
      .finally(() => {
        if (!cancelled) setClaimedFor(userId);
      });
    return () => {
      cancelled = true;
    };
  }, [userId]);
  return claimedFor !== null && claimedFor === userId;
}

/**
 * A plan as one continuous document: title, period and summary, then every section in reading
 * order with its live, collaboratively edited body; a side outline to move around.
 */
export function PlanView({ planId }: { planId: string }) {
  const t = useTranslations("plan");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const plan = useQuery(trpc.plan.get.queryOptions({ planId }));
  const me = useQuery(trpc.auth.me.queryOptions());
  const sessionsReady = useLocalCopiesClaimed(me.data?.id);
  const [managingOutline, setManagingOutline] = useState(false);
  usePlanEvents(planId);
  useLiveRegistry();
  // After a live access change or a deleted section: owners, abilities and the user's role may be stale.
  const refreshPlan = useCallback(() => {
    void queryClient.invalidateQueries(trpc.plan.get.queryFilter({ planId }));
    void queryClient.invalidateQueries(trpc.auth.me.queryFilter());
  }, [queryClient, trpc, planId]);

  const loadedSectionIds = plan.data?.sections.map((section) => section.id).join(",");
  // A link to a section (#section-<id>) can only be followed once the sections are on the page.
  useEffect(() => {
    if (!loadedSectionIds) return;
    const match = /^#section-(.+)$/.exec(window.location.hash);
    if (match && loadedSectionIds.split(",").includes(match[1]!)) jumpToSection(match[1]!);
  }, [loadedSectionIds]);

  if (plan.isPending || me.isPending) return <LoadingState />;
  if (plan.isError) {
    const missing = errorCodeOf(plan.error) === "NOT_FOUND" || errorCodeOf(plan.error) === "BAD_REQUEST";
    if (missing) {
      return (
        <div className="page">
          <EmptyState title={t("notFoundTitle")}>
            <p>{t("notFoundBody")}</p>
            <Link href="/" className="button">
              {t("backToFirstPlan")}
            </Link>
          </EmptyState>
        </div>
      );
    }
    return <ErrorState title={t("loadFailed")} error={plan.error} onRetry={() => void plan.refetch()} />;
  }
  if (me.isError) return <ErrorState title={t("loadFailed")} error={me.error} onRetry={() => void me.refetch()} />;

  const { plan: details, sections } = plan.data;
  const canManageOutline = can({ id: me.data.id, role: me.data.role, departmentId: me.data.department.id, disabled: false }, "section.manageOutline");
  const managing = canManageOutline && managingOutline;
  return (
    <CollabRegistryProvider>
      <WarningCountsProvider>
      <div className="page">
        <PlanSwitcher currentPlanId={planId} />
        <CollabBanner />
        <div className={managing ? "plan-layout is-managing" : "plan-layout"}>
          {(sections.length > 0 || canManageOutline) && (
            <aside className="plan-aside">
              <PlanOutline planId={planId} sections={sections} canManage={canManageOutline} managing={managing} onManagingChange={setManagingOutline} />
            </aside>
          )}
          <article className="plan-document" aria-labelledby="plan-title">
            <SearchPassageFocus />
            <header className="plan-document-header">
              <h1 id="plan-title" className="page-title">
                {details.title}
              </h1>
              <p className="plan-meta">
                <span>{t("period", { start: String(details.periodStart), end: String(details.periodEnd) })}</span>
                <span className={`badge badge-plan-${details.status}`}>{t(`planStatus.${details.status}`)}</span>
                <span>{t("sectionCount", { count: sections.length })}</span>
                {sections.length > 0 && <ConsistencyLink planId={planId} />}
                {sections.length > 0 && <ExportMenu planId={planId} sections={sections} />}
                <Link href="/plans">{t("otherPlans")}</Link>
              </p>
              {details.summary && <p className="plan-summary">{details.summary}</p>}
              {sections.length > 0 && <Legend sections={sections} />}
            </header>
            {sections.length === 0 ? (
              <EmptyState title={t("noSectionsTitle")}>
                <p>{t("noSectionsBody")}</p>
              </EmptyState>
            ) : (
              sections.map((section) => (
                <SectionBlock key={section.id} section={section} me={me.data} sessionsReady={sessionsReady} onRefreshPlan={refreshPlan} />
              ))
            )}
          </article>
        </div>
      </div>
      </WarningCountsProvider>
    </CollabRegistryProvider>
  );
}
