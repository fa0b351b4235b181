"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { errorCodeOf, useTRPC } from "@/app/_components/trpc";
import { CitedByList } from "../../_components/cited-by-list";
import { EmptyState, ErrorState, LoadingState, NoticeRegion, type Notice } from "../../_components/feedback";
import { ProgressBar } from "../../_components/progress-bar";
import type { RouterOutputs } from "../../_components/types";
import { useLiveRegistry } from "../../_components/use-live-registry";
import { useIndicatorFormat } from "../indicator-format";
import { IndicatorForm, useIndicatorFormOptions } from "../indicator-form";
import { IndicatorManagement } from "./indicator-management";
import { ObservationChart } from "./observation-chart";
import { ObservationForm } from "./observation-form";

type Indicator = RouterOutputs["indicator"]["get"];

/** One indicator: facts, progress, the chart and table of observations, 录入观测值 and citing sections. */
export function IndicatorDetail({ indicatorId, justCreated }: { indicatorId: string; justCreated: boolean }) {
  const t = useTranslations("indicators");
  const trpc = useTRPC();
  const router = useRouter();
  useLiveRegistry();
  const indicator = useQuery(trpc.indicator.get.queryOptions({ indicatorId }));
  const [notice, setNotice] = useState<Notice>(justCreated ? { tone: "success", text: t("detail.created") } : null);
  const [editing, setEditing] = useState(false);

  const dismissNotice = () => {
    setNotice(null);
    if (justCreated) router.replace(`/indicators/${indicatorId}`, { scroll: false });
  };
  const breadcrumb = (
    <nav aria-label={t("detail.breadcrumb")} className="breadcrumb">
      <Link href="/indicators">{t("title")}</Link>
    </nav>
  );

  if (indicator.isPending)
    return (
      <div className="page">
        {breadcrumb}
        <LoadingState />
      </div>
    );
  if (indicator.isError) {
    const code = errorCodeOf(indicator.error);
    return (
      <div className="page">
        {breadcrumb}
        {code === "NOT_FOUND" || code === "BAD_REQUEST" ? (
          <EmptyState title={t("detail.notFoundTitle")}>
            <p>{t("detail.notFoundBody")}</p>
            <Link href="/indicators" className="button">
              {t("detail.backToList")}
            </Link>
          </EmptyState>
        ) : (
          <ErrorState title={t("detail.loadFailed")} error={indicator.error} onRetry={() => void indicator.refetch()} />
        )}
      </div>
    );
  }

  const data = indicator.data;
  return (
    <div className="page">
      {breadcrumb}
      <header className="page-header">
        <h1 className="page-title">
          {data.name}
          {data.archived && <span className="tag">{t("archivedTag")}</span>}
        </h1>
        <p className="detail-meta">
          <span>{data.category}</span>
          <span>{t("detail.ownedBy", { department: data.ownerDepartment.name })}</span>
        </p>
      </header>
      <NoticeRegion notice={notice} onDismiss={dismissNotice} />
      {data.archived && <p className="alert alert-info">{t("detail.archivedBanner")}</p>}

      {editing ? (
        <EditIndicator
          indicator={data}
          onDone={(changed) => {
            setEditing(false);
            setNotice({ tone: "success", text: changed ? t("detail.saved") : t("detail.unchanged") });
          }}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <div className="detail-layout">
          <div className="detail-main">
            <IndicatorOverview indicator={data} />
            <section className="card" aria-labelledby="indicator-chart">
              <h2 id="indicator-chart" className="card-title">
                {t("detail.chart.title")}
              </h2>
              <ObservationChart indicator={data} />
            </section>
            <Observations indicator={data} />
          </div>
          <div className="detail-side">
            {data.canEdit ? (
              <>
                <ObservationForm indicator={data} onNotice={setNotice} />
                <IndicatorManagement indicator={data} onEdit={() => setEditing(true)} onNotice={setNotice} />
              </>
            ) : (
              <p className="muted detail-read-only" data-testid="read-only-note">
                {t("detail.readOnly", { department: data.ownerDepartment.name })}
              </p>
            )}
            <section className="card" aria-labelledby="indicator-cited-by">
              <h2 id="indicator-cited-by" className="card-title">
                {t("detail.citedBy")}
              </h2>
              <CitedByList sections={data.citedBy} emptyText={t("detail.citedByEmpty")} />
            </section>
          </div>
        </div>
      )}
    </div>
  );
}

function IndicatorOverview({ indicator }: { indicator: Indicator }) {
  const t = useTranslations("indicators");
  const format = useIndicatorFormat();
  const notSet = <span className="muted">{t("detail.notSet")}</span>;
  const withYear = (value: number, year: number | null) =>
    year === null ? format.value(value, indicator.unit) : t("detail.valueInYear", { value: format.value(value, indicator.unit), year: format.year(year) });
  return (
    <section className="card" aria-labelledby="indicator-overview">
      <h2 id="indicator-overview" className="card-title">
        {t("detail.overview")}
      </h2>
      <dl className="facts">
        <div>
          <dt>{t("detail.unit")}</dt>
          <dd>{indicator.unit}</dd>
        </div>
        <div>
          <dt>{t("detail.category")}</dt>
          <dd>{indicator.category}</dd>
        </div>
        <div>
          <dt>{t("detail.owner")}</dt>
          <dd>{indicator.ownerDepartment.name}</dd>
        </div>
        <div>
          <dt>{t("detail.direction")}</dt>
          <dd>{t(`direction.${indicator.direction}`)}</dd>
        </div>
        <div>
          <dt>{t("detail.baseline")}</dt>
          <dd>{indicator.baselineValue === null ? notSet : withYear(indicator.baselineValue, indicator.baselineYear)}</dd>
        </div>
        <div>
          <dt>{t("detail.target")}</dt>
          <dd>{indicator.targetValue === null ? notSet : withYear(indicator.targetValue, indicator.targetYear)}</dd>
        </div>
        <div>
          <dt>{t("detail.latest")}</dt>
          <dd data-testid="latest-value">
            {indicator.latest
              ? t("detail.valueInPeriod", { value: format.value(indicator.latest.value, indicator.unit), period: format.period(indicator.latest.period) })
              : <span className="muted">{t("detail.noObservations")}</span>}
          </dd>
        </div>
        <div>
          <dt>{t("detail.progress")}</dt>
          <dd>
            {indicator.progress === null ? (
              <span className="muted">{indicator.targetValue === null ? t("progress.noTarget") : t("progress.noData")}</span>
            ) : (
              <ProgressBar value={indicator.progress} label={t("progress.label", { name: indicator.name })} />
            )}
          </dd>
        </div>
        {indicator.description && (
          <div className="facts-wide">
            <dt>{t("detail.description")}</dt>
            <dd className="prose">{indicator.description}</dd>
          </div>
        )}
      </dl>
    </section>
  );
}

function Observations({ indicator }: { indicator: Indicator }) {
  const t = useTranslations("indicators.detail.observations");
  const format = useIndicatorFormat();
  return (
    <section className="card" aria-labelledby="indicator-observations">
      <h2 id="indicator-observations" className="card-title">
        {t("title")}
      </h2>
      {indicator.observations.length === 0 ? (
        <p className="muted">{t("empty")}</p>
      ) : (
        <div className="table-scroll" role="region" aria-labelledby="indicator-observations" tabIndex={0}>
          <table className="data-table" data-testid="observations-table">
            <caption className="visually-hidden">{t("caption", { name: indicator.name, count: indicator.observations.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("columns.period")}</th>
                <th scope="col" className="numeric">
                  {t("columns.value", { unit: indicator.unit })}
                </th>
                <th scope="col">{t("columns.source")}</th>
                <th scope="col">{t("columns.recordedBy")}</th>
                <th scope="col">{t("columns.recordedAt")}</th>
              </tr>
            </thead>
            <tbody>
              {indicator.observations.map((observation) => (
                <tr key={observation.id} data-testid="observation-row">
                  <th scope="row" className="nowrap">
                    {format.period(observation.period)}
                  </th>
                  <td className="numeric">{format.number(observation.value)}</td>
                  <td className="source-cell">{observation.source}</td>
                  <td className="nowrap">{observation.recordedBy ?? <span className="muted">{t("unknownUser")}</span>}</td>
                  <td className="nowrap">
                    <time dateTime={observation.recordedAt.toISOString()}>{format.dateTime(observation.recordedAt)}</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** 编辑: the indicator form with the indicator's values. */
function EditIndicator({ indicator, onDone, onCancel }: { indicator: Indicator; onDone: (changed: boolean) => void; onCancel: () => void }) {
  const t = useTranslations("indicators.form");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const options = useIndicatorFormOptions();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  const update = useMutation(
    trpc.indicator.update.mutationOptions({
      onSuccess: async (result) => {
        await queryClient.invalidateQueries(trpc.indicator.pathFilter());
        onDone(result.changed);
      },
    }),
  );
  return (
    <section className="card" aria-labelledby="edit-indicator-heading">
      <h2 id="edit-indicator-heading" ref={headingRef} tabIndex={-1} className="card-title">
        {t("editTitle")}
      </h2>
      {options.departments ? (
        <IndicatorForm
          indicator={indicator}
          departments={options.departments}
          categories={options.categories}
          submitLabel={t("submitEdit")}
          pending={update.isPending}
          error={update.error}
          onSubmit={(fields) => update.mutate({ indicatorId: indicator.id, fields })}
          onCancel={onCancel}
        />
      ) : options.error ? (
        <ErrorState title={t("departmentsFailed")} error={options.error} onRetry={options.refetch} />
      ) : (
        <LoadingState />
      )}
    </section>
  );
}
