"use client";

import { useQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useTRPC } from "@/app/_components/trpc";
import { EmptyState, ErrorState, LoadingState } from "../_components/feedback";

/** Monitoring indicators with their latest observation, baseline and target, read-only. */
export function IndicatorsTable() {
  const t = useTranslations("indicators");
  const tCommon = useTranslations("common");
  const format = useFormatter();
  const trpc = useTRPC();
  const indicators = useQuery(trpc.indicator.list.queryOptions());

  const number = (value: number) => format.number(value, { maximumFractionDigits: 4 });
  /** "2020" → 2020 年, "2020-09" → 2020 年 9 月; anything else as stored. */
  const period = (value: string) => {
    const month = /^(\d{4})-(\d{2})$/.exec(value);
    if (month) return t("periodMonth", { year: month[1]!, month: Number(month[2]) });
    if (/^\d{4}$/.test(value)) return t("periodYear", { year: value });
    return value;
  };
  const dash = <span aria-label={tCommon("notAvailable")}>{tCommon("dash")}</span>;

  let body;
  if (indicators.isPending) body = <LoadingState />;
  else if (indicators.isError) body = <ErrorState title={t("loadFailed")} error={indicators.error} onRetry={() => void indicators.refetch()} />;
  else if (indicators.data.length === 0)
    body = (
      <EmptyState title={t("emptyTitle")}>
        <p>{t("emptyBody")}</p>
      </EmptyState>
    );
  else
    body = (
      <div className="table-scroll" role="region" aria-labelledby="indicators-caption" tabIndex={0}>
        <table className="data-table">
          <caption id="indicators-caption" className="visually-hidden">
            {t("caption", { count: indicators.data.length })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t("columns.name")}</th>
              <th scope="col">{t("columns.category")}</th>
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
              <th scope="col">{t("columns.owner")}</th>
            </tr>
          </thead>
          <tbody>
            {indicators.data.map((indicator) => (
              <tr key={indicator.id}>
                <th scope="row" className="row-title">
                  {indicator.name}
                  {indicator.direction === "lower_is_better" && <span className="cell-note">{t("lowerIsBetter")}</span>}
                </th>
                <td>{indicator.category}</td>
                <td>{indicator.unit}</td>
                <td className="numeric">
                  {indicator.latest ? (
                    <>
                      {number(indicator.latest.value)}
                      <span className="cell-note">{period(indicator.latest.period)}</span>
                    </>
                  ) : (
                    dash
                  )}
                </td>
                <td className="numeric">
                  {indicator.baseline ? (
                    <>
                      {number(indicator.baseline.value)}
                      {indicator.baseline.year !== null && <span className="cell-note">{t("periodYear", { year: String(indicator.baseline.year) })}</span>}
                    </>
                  ) : (
                    dash
                  )}
                </td>
                <td className="numeric">
                  {indicator.target ? (
                    <>
                      {number(indicator.target.value)}
                      {indicator.target.year !== null && <span className="cell-note">{t("periodYear", { year: String(indicator.target.year) })}</span>}
                    </>
                  ) : (
                    dash
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
      <section className="card">{body}</section>
    </div>
  );
}
