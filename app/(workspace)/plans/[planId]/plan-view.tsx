"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { errorCodeOf, useTRPC } from "@/app/_components/trpc";
import { EmptyState, ErrorState, LoadingState } from "../../_components/feedback";
import type { RouterOutputs } from "../../_components/types";

type Section = RouterOutputs["plan"]["get"]["sections"][number];
type SectionStatus = Section["status"];
type SectionNode = Section & { children: SectionNode[] };

const sectionStatuses: readonly SectionStatus[] = ["drafting", "in_review", "approved", "changes_requested"];

/** Nests the flat reading-order list (each section carries its depth) into a tree for nested lists. */
function nestSections(sections: Section[]): SectionNode[] {
  const roots: SectionNode[] = [];
  const ancestors: SectionNode[] = [];
  for (const section of sections) {
    const node: SectionNode = { ...section, children: [] };
    while (ancestors.length > section.depth) ancestors.pop();
    (ancestors.at(-1)?.children ?? roots).push(node);
    ancestors.push(node);
  }
  return roots;
}

function StatusBadge({ status }: { status: SectionStatus }) {
  const t = useTranslations("plan.sectionStatus");
  return <span className={`badge badge-status-${status}`}>{t(status)}</span>;
}

function SectionList({ nodes, depth }: { nodes: SectionNode[]; depth: number }) {
  const t = useTranslations("plan");
  return (
    <ol className={depth === 0 ? "section-tree" : "section-tree section-tree-nested"}>
      {nodes.map((section) => (
        <li key={section.id}>
          <div className={`section-row section-depth-${Math.min(section.depth, 3)}`} data-testid="section-row">
            <span className="section-heading">
              <span className="section-number">{section.number}</span>
              <span className="section-title">{section.title}</span>
            </span>
            <span className="section-meta">
              <span className="section-owner-wrap">
                <span className="visually-hidden">{t("ownerLabel")}</span>
                <span className="section-owner" data-testid="section-owner">
                  {section.ownerDepartment.name}
                </span>
              </span>
              <span className="visually-hidden">{t("statusLabel")}</span>
              <StatusBadge status={section.status} />
              <span className="visually-hidden">{t("accessLabel")}</span>
              <span className={section.canEdit ? "badge badge-access-edit" : "badge badge-access-read"}>
                {section.canEdit ? t("access.edit") : t("access.readOnly")}
              </span>
            </span>
          </div>
          {section.children.length > 0 && <SectionList nodes={section.children} depth={depth + 1} />}
        </li>
      ))}
    </ol>
  );
}

function Legend({ sections }: { sections: Section[] }) {
  const t = useTranslations("plan");
  return (
    <section className="card legend" aria-labelledby="legend-heading">
      <h2 id="legend-heading" className="card-title">
        {t("legend.title")}
      </h2>
      <p className="muted">{t("legend.intro")}</p>
      <dl className="legend-list">
        {sectionStatuses.map((status) => (
          <div key={status} className="legend-item">
            <dt>
              <StatusBadge status={status} />
              <span className="legend-count">{t("legend.count", { count: sections.filter((section) => section.status === status).length })}</span>
            </dt>
            <dd>{t(`legend.status.${status}`)}</dd>
          </div>
        ))}
        <div className="legend-item">
          <dt>
            <span className="badge badge-access-edit">{t("access.edit")}</span>
            <span className="badge badge-access-read">{t("access.readOnly")}</span>
          </dt>
          <dd>{t("legend.access")}</dd>
        </div>
      </dl>
    </section>
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

/** A plan: title, period and summary, then its section tree with owners, workflow status and the caller's access. */
export function PlanView({ planId }: { planId: string }) {
  const t = useTranslations("plan");
  const trpc = useTRPC();
  const plan = useQuery(trpc.plan.get.queryOptions({ planId }));

  if (plan.isPending) return <LoadingState />;
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

  const { plan: details, sections } = plan.data;
  return (
    <div className="page">
      <PlanSwitcher currentPlanId={planId} />
      <header className="page-header">
        <h1 className="page-title">{details.title}</h1>
        <p className="plan-meta">
          <span>{t("period", { start: String(details.periodStart), end: String(details.periodEnd) })}</span>
          <span className={`badge badge-plan-${details.status}`}>{t(`planStatus.${details.status}`)}</span>
          <span>{t("sectionCount", { count: sections.length })}</span>
        </p>
        {details.summary && <p className="plan-summary">{details.summary}</p>}
      </header>
      <div className="plan-layout">
        <section className="card" aria-labelledby="sections-heading">
          <h2 id="sections-heading" className="card-title">
            {t("sectionsTitle")}
          </h2>
          {sections.length === 0 ? (
            <EmptyState title={t("noSectionsTitle")}>
              <p>{t("noSectionsBody")}</p>
            </EmptyState>
          ) : (
            <SectionList nodes={nestSections(sections)} depth={0} />
          )}
        </section>
        <Legend sections={sections} />
      </div>
    </div>
  );
}
