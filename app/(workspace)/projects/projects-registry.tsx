"use client";

import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { useTRPC, useTRPCClient } from "@/app/_components/trpc";
import { CsvExportButton, CsvImportButton, CsvImportReport, useCsvImport } from "../_components/csv-transfer";
import { useErrorText } from "../_components/error-text";
import { EmptyState, ErrorState, LoadingState, NoticeRegion, type Notice } from "../_components/feedback";
import { useRegistryAbilities } from "../_components/registry-abilities";
import { useDebouncedValue } from "../_components/use-debounced-value";
import { useLiveRegistry } from "../_components/use-live-registry";
import { projectStatuses, useProjectFormat, type ProjectStatus } from "./project-format";

/**
 * 重点项目 registry: every tracked project with filters, search, CSV export/import and 新建项目
 * for editors. Refreshes live when anyone changes a project.
 */
export function ProjectsRegistry({ deletedName }: { deletedName?: string }) {
  const t = useTranslations("projects");
  const tCommon = useTranslations("common");
  const errorText = useErrorText();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const router = useRouter();
  const projectFormat = useProjectFormat();
  const abilities = useRegistryAbilities();
  useLiveRegistry();

  const [search, setSearch] = useState("");
  const [status, setStatus] = useState<ProjectStatus | "">("");
  const [ownerDepartmentId, setOwnerDepartmentId] = useState("");
  const [category, setCategory] = useState("");
  const [includeArchived, setIncludeArchived] = useState(false);
  const debouncedSearch = useDebouncedValue(search.trim(), 300);
  const filtering = Boolean(debouncedSearch || status || ownerDepartmentId || category);

  const projects = useQuery({
    ...trpc.project.list.queryOptions({
      ...(debouncedSearch ? { search: debouncedSearch } : {}),
      ...(status ? { status } : {}),
      ...(ownerDepartmentId ? { ownerDepartmentId } : {}),
      ...(category ? { category } : {}),
      includeArchived,
    }),
    placeholderData: keepPreviousData,
  });
  // The category filter offers the categories in use, whatever the other filters show.
  const allProjects = useQuery(trpc.project.list.queryOptions({ includeArchived: true }));
  const categories = useMemo(
    () => [...new Set((allProjects.data ?? []).map((project) => project.category))].sort((a, b) => a.localeCompare(b, "zh-CN")),
    [allProjects.data],
  );
  const departments = useQuery(trpc.department.list.queryOptions());

  const [notice, setNotice] = useState<Notice>(deletedName ? { tone: "success", text: t("deletedNotice", { name: deletedName }) } : null);
  const dismissNotice = () => {
    setNotice(null);
    if (deletedName) router.replace("/projects", { scroll: false });
  };

  const csvImport = useCsvImport({
    run: (csv) => client.project.importCsv.mutate({ csv }),
    onImported: () => queryClient.invalidateQueries(trpc.project.pathFilter()),
  });

  function clearFilters() {
    setSearch("");
    setStatus("");
    setOwnerDepartmentId("");
    setCategory("");
  }

  const dash = <span aria-label={tCommon("notAvailable")}>{tCommon("dash")}</span>;

  let list;
  if (projects.isPending) list = <LoadingState />;
  else if (projects.isError) list = <ErrorState title={t("loadFailed")} error={projects.error} onRetry={() => void projects.refetch()} />;
  else if (projects.data.length === 0)
    list = filtering ? (
      <EmptyState title={t("noMatchesTitle")}>
        <p>{t("noMatchesBody")}</p>
        <button type="button" className="button" onClick={clearFilters}>
          {t("filters.clear")}
        </button>
      </EmptyState>
    ) : (
      <EmptyState title={t("emptyTitle")}>
        <p>{abilities.canWriteProjects ? t("emptyBody") : t("emptyBodyReadOnly")}</p>
      </EmptyState>
    );
  else
    list = (
      <div className="table-scroll" role="region" aria-labelledby="projects-caption" tabIndex={0} aria-busy={projects.isFetching}>
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
              <th scope="col">{t("columns.period")}</th>
            </tr>
          </thead>
          <tbody>
            {projects.data.map((project) => (
              <tr key={project.id} data-testid="project-row" className={project.archived ? "row-disabled" : undefined}>
                <th scope="row" className="row-title">
                  <Link href={`/projects/${project.id}`}>{project.name}</Link>
                  {project.archived && <span className="tag">{t("archivedTag")}</span>}
                  {project.location && <span className="cell-note">{project.location}</span>}
                </th>
                <td>{project.category}</td>
                <td>{project.ownerDepartment.name}</td>
                <td>
                  <span className={`badge badge-project-${project.status}`}>{t(`status.${project.status}`)}</span>
                </td>
                <td className="numeric">{project.totalInvestment === null ? dash : projectFormat.number(project.totalInvestment)}</td>
                <td className="nowrap">
                  {project.startDate || project.endDate ? (
                    t("periodRange", {
                      start: project.startDate ? projectFormat.date(project.startDate) : t("periodOpen"),
                      end: project.endDate ? projectFormat.date(project.endDate) : t("periodOpen"),
                    })
                  ) : (
                    dash
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
      <NoticeRegion notice={notice} onDismiss={dismissNotice} />

      <section className="card" aria-labelledby="projects-heading">
        <div className="registry-toolbar">
          <h2 id="projects-heading" className="card-title">
            {t("listTitle")}
          </h2>
          <div className="registry-actions" role="group" aria-label={t("toolbar.label")}>
            <CsvExportButton
              label={t("toolbar.export")}
              fileName={t("toolbar.exportFileName")}
              load={() => client.project.exportCsv.query()}
              onError={(error) => setNotice({ tone: "error", text: t("toolbar.exportFailed", { reason: errorText.summary(error) }) })}
            />
            {abilities.canWriteProjects && <CsvImportButton label={t("toolbar.import")} csvImport={csvImport} />}
            {abilities.canWriteProjects && (
              <Link href="/projects/new" className="button button-primary">
                {t("toolbar.create")}
              </Link>
            )}
          </div>
        </div>
        <CsvImportReport csvImport={csvImport} hint={t("importHint")} successText={(counts) => t("importDone", counts)} />

        <div className="registry-filters" role="search" aria-label={t("filters.label")}>
          <div className="field registry-filter-search">
            <label htmlFor="project-search">{t("filters.search")}</label>
            <input
              id="project-search"
              type="search"
              value={search}
              onChange={(event) => setSearch(event.target.value)}
              placeholder={t("filters.searchPlaceholder")}
              maxLength={100}
            />
          </div>
          <div className="field">
            <label htmlFor="project-status-filter">{t("filters.status")}</label>
            <select id="project-status-filter" value={status} onChange={(event) => setStatus(event.target.value as ProjectStatus | "")}>
              <option value="">{t("filters.all")}</option>
              {projectStatuses.map((option) => (
                <option key={option} value={option}>
                  {t(`status.${option}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="project-owner-filter">{t("filters.owner")}</label>
            <select id="project-owner-filter" value={ownerDepartmentId} onChange={(event) => setOwnerDepartmentId(event.target.value)}>
              <option value="">{t("filters.all")}</option>
              {departments.data?.map((department) => (
                <option key={department.id} value={department.id}>
                  {department.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="project-category-filter">{t("filters.category")}</label>
            <select id="project-category-filter" value={category} onChange={(event) => setCategory(event.target.value)}>
              <option value="">{t("filters.all")}</option>
              {categories.map((option) => (
                <option key={option} value={option}>
                  {option}
                </option>
              ))}
            </select>
          </div>
          <label className="checkbox-label registry-filter-toggle">
            <input type="checkbox" checked={includeArchived} onChange={(event) => setIncludeArchived(event.target.checked)} />
            {t("filters.showArchived")}
          </label>
        </div>
        <p className="result-count" role="status">
          {projects.data && t("count", { count: projects.data.length })}
        </p>
        {list}
      </section>
    </div>
  );
}
