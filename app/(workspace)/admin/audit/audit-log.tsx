"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useTRPC, useTRPCClient } from "@/app/_components/trpc";
import { roles, type Role } from "@/server/policy";
import { EmptyState, ErrorState, LoadingState } from "../../_components/feedback";
import type { RouterOutputs } from "../../_components/types";
import { AuditFilters, useAuditFilters } from "./audit-filters";
import type { AuditFilterValues } from "./audit-query";

type AuditEvent = RouterOutputs["audit"]["list"][number];

/** audit.list returns at most this many events a page (server/routers/audit.ts). */
const AUDIT_PAGE_SIZE = 50;
const TIME_ZONE = "Asia/Shanghai";

const isRole = (value: unknown): value is Role => typeof value === "string" && (roles as readonly string[]).includes(value);

/** Ids in details that name a record the row already points at (or that mean nothing to a reader). */
const hiddenDetailKeys = new Set(["versionId", "restoredVersionId", "threadId", "parentId"]);

/**
 * 审计日志: newest first, fifty at a time, with names resolved from the user and department lists;
 * filtered by person, department, type and day range (kept in the URL, and by 「加载更早的记录」).
 */
export function AuditLog({ initialFilters }: { initialFilters: AuditFilterValues }) {
  const t = useTranslations("audit");
  const tFilters = useTranslations("auditFilters");
  const tRoles = useTranslations("roles");
  const tCommon = useTranslations("common");
  const format = useFormatter();
  const trpc = useTRPC();
  const client = useTRPCClient();

  const filters = useAuditFilters(initialFilters);
  const events = useInfiniteQuery({
    queryKey: [...trpc.audit.list.pathKey(), { type: "infinite", filters: filters.input }],
    queryFn: ({ pageParam }) => client.audit.list.query({ ...filters.input, ...(pageParam ? { before: pageParam } : {}) }),
    enabled: !filters.rangeInvalid,
    initialPageParam: null as Date | null,
    getNextPageParam: (lastPage) => (lastPage.length < AUDIT_PAGE_SIZE ? undefined : lastPage.at(-1)!.createdAt),
  });
  // Names for ids in targets and details; the log still shows ids while these load or if they fail.
  const users = useQuery(trpc.user.list.queryOptions());
  const departments = useQuery(trpc.department.list.queryOptions());
  const nameWithUsername = (displayName: string, username: string) => tCommon("nameWithUsername", { displayName, username });
  const userNames = new Map(users.data?.map((user) => [user.id, nameWithUsername(user.displayName, user.username)]));
  const departmentNames = new Map(departments.data?.map((department) => [department.id, department.name]));

  const shortId = (id: string) => id.slice(0, 8);
  const scalar = (key: string, value: unknown): string => {
    if (value === null || value === undefined) return tCommon("dash");
    if (key === "role" && isRole(value)) return tRoles(value);
    if (key === "departmentId" && typeof value === "string") return departmentNames.get(value) ?? shortId(value);
    if (typeof value === "object") return JSON.stringify(value);
    return String(value);
  };
  const detailKey = (key: string) => {
    if (t.has(`detailKeys.${key}`)) return t(`detailKeys.${key}`);
    return tFilters.has(`detailKeys.${key}`) ? tFilters(`detailKeys.${key}`) : key;
  };
  const statusText = (value: unknown) => (typeof value === "string" && tFilters.has(`statuses.${value}`) ? tFilters(`statuses.${value}`) : scalar("status", value));
  const actionText = (action: string) => {
    if (t.has(`actions.${action}`)) return t(`actions.${action}`);
    return tFilters.has(`actions.${action}`) ? tFilters(`actions.${action}`) : null;
  };
  /** e.g. 角色：编辑 → 领导；用户名：kjj — review steps as 状态：审阅中 → 已通过；说明：… */
  const detailsText = (event: AuditEvent) => {
    const details = event.details;
    const reviewStep = event.action.startsWith("review.") && "from" in details && "to" in details;
    const parts = Object.entries(details)
      .filter(([key, value]) => {
        if (hiddenDetailKeys.has(key)) return false;
        // The section's title already names the target; an empty message says nothing.
        if (key === "title" && event.targetType === "section") return false;
        if (key === "message" && value === "") return false;
        return !(reviewStep && (key === "from" || key === "to"));
      })
      .map(([key, value]) => {
        if (value && typeof value === "object" && "from" in value && "to" in value) {
          return t("detailChange", { key: detailKey(key), from: scalar(key, value.from), to: scalar(key, value.to) });
        }
        return t("detailPair", { key: detailKey(key), value: scalar(key, value) });
      });
    if (reviewStep) parts.unshift(tFilters("statusChange", { from: statusText(details.from), to: statusText(details.to) }));
    return parts.join(t("detailSeparator"));
  };
  const targetText = (event: AuditEvent) => {
    const type = t.has(`targetTypes.${event.targetType}`) ? t(`targetTypes.${event.targetType}`) : event.targetType;
    const name =
      (event.targetType === "user" && userNames.get(event.targetId)) ||
      (event.targetType === "department" && departmentNames.get(event.targetId)) ||
      (typeof event.details.username === "string" && event.details.username) ||
      (typeof event.details.name === "string" && event.details.name) ||
      (typeof event.details.title === "string" && event.details.title) ||
      shortId(event.targetId);
    return `${type} · ${name}`;
  };
  const actorText = (event: AuditEvent) =>
    event.actor ? nameWithUsername(event.actor.displayName ?? "", event.actor.username ?? shortId(event.actor.id)) : t("system");

  let body;
  if (filters.rangeInvalid) body = null;
  else if (events.isPending) body = <LoadingState />;
  else if (!events.data) body = <ErrorState title={t("loadFailed")} error={events.error} onRetry={() => void events.refetch()} />;
  else {
    const rows = events.data.pages.flat();
    body =
      rows.length === 0 ? (
        filters.active ? (
          <EmptyState title={tFilters("emptyTitle")}>
            <p>{tFilters("emptyBody")}</p>
          </EmptyState>
        ) : (
          <EmptyState title={t("emptyTitle")}>
            <p>{t("emptyBody")}</p>
          </EmptyState>
        )
      ) : (
        <>
          <div className="table-scroll" role="region" aria-labelledby="audit-caption" tabIndex={0}>
            <table className="data-table audit-table">
              <caption id="audit-caption" className="visually-hidden">
                {t("caption")}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t("columns.time")}</th>
                  <th scope="col">{t("columns.actor")}</th>
                  <th scope="col">{t("columns.action")}</th>
                  <th scope="col">{t("columns.target")}</th>
                  <th scope="col">{t("columns.details")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((event) => (
                  <tr key={event.id}>
                    <td className="nowrap">
                      <time dateTime={event.createdAt.toISOString()}>
                        {format.dateTime(event.createdAt, {
                          year: "numeric",
                          month: "2-digit",
                          day: "2-digit",
                          hour: "2-digit",
                          minute: "2-digit",
                          second: "2-digit",
                          hourCycle: "h23",
                          timeZone: TIME_ZONE,
                        })}
                      </time>
                    </td>
                    <td>
                      {actorText(event)}
                      {event.actor?.departmentName && <span className="audit-actor-department">{event.actor.departmentName}</span>}
                    </td>
                    <td>{actionText(event.action) ?? <span className="mono">{event.action}</span>}</td>
                    <td>{targetText(event)}</td>
                    <td className="details-cell">{detailsText(event) || tCommon("dash")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="load-more">
            <p role="status" className="muted">
              {events.hasNextPage ? t("shown", { count: rows.length }) : t("allShown", { count: rows.length })}
            </p>
            {events.hasNextPage && (
              <button type="button" className="button" onClick={() => void events.fetchNextPage()} disabled={events.isFetchingNextPage} aria-busy={events.isFetchingNextPage}>
                {events.isFetchingNextPage ? tCommon("loading") : t("loadMore")}
              </button>
            )}
            {events.isFetchNextPageError && <ErrorState title={t("loadMoreFailed")} error={events.error} onRetry={() => void events.fetchNextPage()} />}
          </div>
        </>
      );
  }

  return (
    <div className="page">
      <header className="page-header">
        <h1 className="page-title">{t("title")}</h1>
        <p className="page-intro">{t("intro")}</p>
      </header>
      <section className="card">
        <AuditFilters
          values={filters.values}
          onChange={filters.setValues}
          active={filters.active}
          rangeInvalid={filters.rangeInvalid}
          users={users.data}
          departments={departments.data}
        />
        {body}
      </section>
    </div>
  );
}
