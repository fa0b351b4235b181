"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "@/app/_components/trpc";
import { can } from "@/server/policy";
import { EmptyState, ErrorState, LoadingState } from "../_components/feedback";
import { Field } from "../_components/field";
import { ImportDialog } from "./[planId]/import-dialog";
import "./plan-list.css";

/** 「导入为新规划」: title and owner department, then the file; on success a link to the new plan. */
function PlanImportButton({ defaultDepartmentId }: { defaultDepartmentId: string }) {
  const t = useTranslations("import");
  const tList = useTranslations("planList");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const departments = useQuery(trpc.department.list.queryOptions());
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState("");
  const [departmentId, setDepartmentId] = useState(defaultDepartmentId);
  return (
    <>
      <button type="button" className="button button-primary" onClick={() => setOpen(true)}>
        {tList("importPlan")}
      </button>
      {open && (
        <ImportDialog
          title={t("planDialogTitle")}
          intro={t("planIntro")}
          limits={t("planLimits")}
          fields={
            <>
              <Field label={t("titleLabel")} hint={t("titleHint")}>
                {(control) => <input {...control} type="text" value={title} maxLength={200} autoComplete="off" onChange={(event) => setTitle(event.target.value)} />}
              </Field>
              <Field label={t("departmentLabel")}>
                {(control) => (
                  <select {...control} value={departmentId} onChange={(event) => setDepartmentId(event.target.value)}>
                    {(departments.data ?? []).map((department) => (
                      <option key={department.id} value={department.id}>
                        {department.name}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            </>
          }
          query={() => new URLSearchParams({ target: "plan", departmentId, ...(title.trim() ? { title: title.trim() } : {}) })}
          doneText={(result) => t("donePlan", { title: result.title ?? "", count: result.sectionCount ?? 0 })}
          doneActions={(result) => (
            <Link href={`/plans/${result.planId}`} className="button">
              {t("openPlan")}
            </Link>
          )}
          onImported={() => void queryClient.invalidateQueries(trpc.plan.list.queryFilter())}
          onClose={() => {
            setOpen(false);
            setTitle("");
          }}
        />
      )}
    </>
  );
}

/** Every plan, with period, status and size; admins may import a Word or Markdown file as a new one. */
export function PlanList() {
  const t = useTranslations("planList");
  const tPlan = useTranslations("plan");
  const trpc = useTRPC();
  const plans = useQuery(trpc.plan.list.queryOptions());
  const me = useQuery(trpc.auth.me.queryOptions());

  if (plans.isError) return <ErrorState title={t("loadFailed")} error={plans.error} onRetry={() => void plans.refetch()} />;
  if (me.isError) return <ErrorState title={t("loadFailed")} error={me.error} onRetry={() => void me.refetch()} />;
  if (plans.isPending || me.isPending) return <LoadingState />;
  const canCreate = can({ id: me.data.id, role: me.data.role, departmentId: me.data.department.id, disabled: false }, "plan.create");

  return (
    <div className="page">
      <header className="page-header plan-list-header">
        <h1 className="page-title">{t("title")}</h1>
        {canCreate && <PlanImportButton defaultDepartmentId={me.data.department.id} />}
      </header>
      {plans.data.length === 0 ? (
        <EmptyState title={t("emptyTitle")}>
          <p>{canCreate ? t("emptyBody") : t("emptyBodyReader")}</p>
        </EmptyState>
      ) : (
        <ul className="plan-list" aria-label={t("caption")} data-testid="plan-list">
          {plans.data.map((plan) => (
            <li key={plan.id} className="card plan-list-item">
              <Link href={`/plans/${plan.id}`} className="plan-list-title">
                {plan.title}
              </Link>
              <p className="plan-meta">
                <span>{t("period", { start: String(plan.periodStart), end: String(plan.periodEnd) })}</span>
                <span className={`badge badge-plan-${plan.status}`}>{tPlan(`planStatus.${plan.status}`)}</span>
                <span>{t("sectionCount", { count: plan.sectionCount })}</span>
              </p>
              {plan.summary && <p className="muted plan-list-summary">{plan.summary}</p>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
