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
import { ProgressBar } from "../_components/progress-bar";
import { useRegistryAbilities } from "../_components/registry-abilities";
import { useDebouncedValue } from "../_components/use-debounced-value";
import { useLiveRegistry } from "../_components/use-live-registry";
import { useIndicatorFormat } from "./indicator-format";

/**
 * 监测指标 registry: latest value, baseline, target and progress of each indicator, with filters,
 * observation CSV export/import and 新建指标 for editors. Refreshes live.
 */
export function IndicatorsRegistry({ deletedName }: { deletedName?: string }) {
  const t = useTranslations("indicators");
  const tCommon = useTranslations("common");
  const errorText = useErrorText();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const router = useRouter();
  const indicatorFormat = useIndicatorFormat();
  const abilities = useRegistryAbilities();
  useLiveRegistry();

  const [search, setSearch] = useState("");
  const [ownerDepartmentId, setOwnerDepartmentId] = useState("");
  const [category, setCategory] = useState("");
  const [includeArchived, setIncludeArchived] = useState(false);
  const debouncedSearch = useDebouncedValue(search.trim(), 300);
  const filtering = Boolean(debouncedSearch || ownerDepartmentId || category);

  const indicators = useQuery({
    ...trpc.indicator.list.queryOptions({
      ...(debouncedSearch ? { search: debouncedSearch } : {}),
      ...(ownerDepartmentId ? { ownerDepartmentId } : {}),
      ...(category ? { category } : {}),
      includeArchived,
    }),
    placeholderData: keepPreviousData,
  });
  const allIndicators = useQuery(trpc.indicator.list.queryOptions({ includeArchived: true }));
  const categories = useMemo(
    () => [...new Set((allIndicators.data ?? []).map((indicator) => indicator.category))].sort((a, b) => a.localeCompare(b, "zh-CN")),
    [allIndicators.data],
  );
  const departments = useQuery(trpc.department.list.queryOptions());

  const [notice, setNotice] = useState<Notice>(deletedName ? { tone: "success", text: t("deletedNotice", { name: deletedName }) } : null);
  const dismissNotice = () => {
    setNotice(null);
    if (deletedName) router.replace("/indicators", { scroll: false });
  };

  const csvImport = useCsvImport({
    run: (csv) => client.indicator.importObservationsCsv.mutate({ csv }),
    onImported: () => queryClient.invalidateQueries(trpc.indicator.pathFilter()),
  });

  function clearFilters() {
    setSearch("");
    setOwnerDepartmentId("");
    setCategory("");
  }

  const dash = <span aria-label={tCommon("notAvailable")}>{tCommon("dash")}</span>;

  let list;
  if (indicators.isPending) list = <LoadingState />;
  else if (indicators.isError) list = <ErrorState title={t("loadFailed")} error={indicators.error} onRetry={() => void indicators.refetch()} />;
  else if (indicators.data.length === 0)
    list = filtering ? (
      <EmptyState title={t("noMatchesTitle")}>
        <p>{t("noMatchesBody")}</p>
        <button type="button" className="button" onClick={clearFilters}>
          {t("filters.clear")}
        </button>
      </EmptyState>
    ) : (
      <EmptyState title={t("emptyTitle")}>
        <p>{abilities.canWriteIndicators ? t("emptyBody") : t("emptyBodyReadOnly")}</p>
      </EmptyState>
    );
  else
    list = (
      <div className="table-scroll" role="region" aria-labelledby="indicators-caption" tabIndex={0} aria-busy={indicators.isFetching}>
        <table className="data-table">
          <caption id="indicators-caption" className="visually-hidden">
            {t("caption", { count: indicators.data.length })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t("columns.name")}</th>
              <th scope="col">{t("columns.unit")}</th>
              <th scope="col" className="numeric">
                {t("columns.latest")}
              </th>
              <th scope="col" className="numeric">
                {t("columns.baseline")}
              </th>
              <th scope="col" className="numeric">
                {t("columns.target")}
              </th>
              <th scope="col">{t("columns.progress")}</th>
              <th scope="col">{t("columns.owner")}</th>
            </tr>
          </thead>
          <tbody>
            {indicators.data.map((indicator) => (
              <tr key={indicator.id} data-testid="indicator-row" className={indicator.archived ? "row-disabled" : undefined}>
                <th scope="row" className="row-title">
                  <Link href={`/indicators/${indicator.id}`}>{indicator.name}</Link>
                  {indicator.archived && <span className="tag">{t("archivedTag")}</span>}
                  <span className="cell-note">
                    {indicator.category}
                    {indicator.direction === "lower_is_better" && ` · ${t("direction.lower_is_better")}`}
                  </span>
                </th>
                <td>{indicator.unit}</td>
                <td className="numeric">
                  {indicator.latest ? (
                    <>
                      {indicatorFormat.number(indicator.latest.value)}
                      <span className="cell-note">{indicatorFormat.period(indicator.latest.period)}</span>
                    </>
                  ) : (
                    dash
                  )}
                </td>
                <td className="numeric">
                  {indicator.baseline ? (
                    <>
                      {indicatorFormat.number(indicator.baseline.value)}
                      {indicator.baseline.year !== null && <span className="cell-note">{indicatorFormat.year(indicator.baseline.year)}</span>}
                    </>
                  ) : (
                    dash
                  )}
                </td>
                <td className="numeric">
                  {indicator.target ? (
                    <>
                      {indicatorFormat.number(indicator.target.value)}
                      {indicator.target.year !== null && <span className="cell-note">{indicatorFormat.year(indicator.target.year)}</span>}
                    </>
                  ) : (
                    dash
                  )}
                </td>
                <td className="progress-cell">
                  {indicator.progress === null ? (
                    <span className="muted">{indicator.target ? t("progress.noData") : t("progress.noTarget")}</span>
                  ) : (
                    <ProgressBar value={indicator.progress} label={t("progress.label", { name: indicator.name })} />
                  )}
                </td>
                <td>{indicator.ownerDepartment.name}</td>
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

      <section className="card" aria-labelledby="indicators-heading">
        <div className="registry-toolbar">
          <h2 id="indicators-heading" className="card-title">
            {t("listTitle")}
          </h2>
          <div className="registry-actions" role="group" aria-label={t("toolbar.label")}>
            <CsvExportButton
              label={t("toolbar.export")}
              fileName={t("toolbar.exportFileName")}
              load={() => client.indicator.exportObservationsCsv.query()}
              onError={(error) => setNotice({ tone: "error", text: t("toolbar.exportFailed", { reason: errorText.summary(error) }) })}
            />
            {abilities.canWriteIndicators && <CsvImportButton label={t("toolbar.import")} csvImport={csvImport} />}
            {abilities.canWriteIndicators && (
              <Link href="/indicators/new" className="button button-primary">
                {t("toolbar.create")}
              </Link>
            )}
          </div>
        </div>
        <CsvImportReport csvImport={csvImport} hint={t("importHint")} successText={(counts) => t("importDone", counts)} />

        <div className="registry-filters" role="search" aria-label={t("filters.label")}>
          <div className="field registry-filter-search">
            <label htmlFor="indicator-search">{t("filters.search")}</label>
            <input
              id="indicator-search"
              type="search"
              value={search}
              onChange={(event) => setSearch(event.target.value)}
              placeholder={t("filters.searchPlaceholder")}
              maxLength={100}
            />
          </div>
          <div className="field">
            <label htmlFor="indicator-owner-filter">{t("filters.owner")}</label>
            <select id="indicator-owner-filter" value={ownerDepartmentId} onChange={(event) => setOwnerDepartmentId(event.target.value)}>
              <option value="">{t("filters.all")}</option>
              {departments.data?.map((department) => (
                <option key={department.id} value={department.id}>
                  {department.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="indicator-category-filter">{t("filters.category")}</label>
            <select id="indicator-category-filter" value={category} onChange={(event) => setCategory(event.target.value)}>
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
          {indicators.data && t("count", { count: indicators.data.length })}
        </p>
        {list}
      </section>
    </div>
  );
}
