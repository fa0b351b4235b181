"use client";

import { useQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useTRPC } from "@/app/_components/trpc";
import { EmptyState, ErrorState, LoadingState } from "../_components/feedback";

/** Key projects of the plan, read-only. */
export function ProjectsTable() {
  const t = useTranslations("projects");
  const tCommon = useTranslations("common");
  const format = useFormatter();
  const trpc = useTRPC();
  const projects = useQuery(trpc.project.list.queryOptions());

  let body;
  if (projects.isPending) body = <LoadingState />;
  else if (projects.isError) body = <ErrorState title={t("loadFailed")} error={projects.error} onRetry={() => void projects.refetch()} />;
  else if (projects.data.length === 0)
    body = (
      <EmptyState title={t("emptyTitle")}>
        <p>{t("emptyBody")}</p>
      </EmptyState>
    );
  else
    body = (
      <div className="table-scroll" role="region" aria-labelledby="projects-caption" tabIndex={0}>
        <table className="data-table">
          <caption id="projects-caption" className="visually-hidden">
            {t("caption", { count: projects.data.length })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t("columns.name")}</th>
              <th scope="col">{t("columns.category")}</th>
              <th scope="col">{t("columns.owner")}</th>
              <th scope="col">{t("columns.status")}</th>
              <th scope="col" className="numeric">
                {t("columns.totalInvestment")}
              </th>
            </tr>
          </thead>
          <tbody>
            {projects.data.map((project) => (
              <tr key={project.id}>
                <th scope="row" className="row-title">
                  {project.name}
                  {project.location && <span className="cell-note">{project.location}</span>}
                </th>
                <td>{project.category}</td>
                <td>{project.ownerDepartment.name}</td>
                <td>
                  <span className={`badge badge-project-${project.status}`}>{t(`status.${project.status}`)}</span>
                </td>
                <td className="numeric">
                  {project.totalInvestment === null ? (
                    <span aria-label={tCommon("notAvailable")}>{tCommon("dash")}</span>
                  ) : (
                    format.number(project.totalInvestment, { maximumFractionDigits: 2 })
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );

  return (
    <div className="page">
      <header className="page-header">
        <h1 className="page-title">{t("title")}</h1>
        <p className="page-intro">{t("intro")}</p>
      </header>
      <section className="card">{body}</section>
    </div>
  );
}
