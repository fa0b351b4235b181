"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { useEffect, useState } from "react";
import { EmptyState } from "../_components/feedback";
import type { RouterOutputs } from "../_components/types";

export type QueueEntry = RouterOutputs["review"]["list"][number];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The current time, moving on every minute (for 「已等待 …」). */
export function useNow() {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), MINUTE / 2);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}

/** 「2 小时」: the largest whole unit of a waiting time. */
export function useDuration() {
  const t = useTranslations("review.duration");
  return (ms: number) => {
    if (ms < MINUTE) return t("justNow");
    if (ms < HOUR) return t("minutes", { count: Math.floor(ms / MINUTE) });
    if (ms < DAY) return t("hours", { count: Math.floor(ms / HOUR) });
    return t("days", { count: Math.floor(ms / DAY) });
  };
}

export function waitingMsOf(entry: QueueEntry, now: number) {
  return entry.submittedAt ? Math.max(0, now - entry.submittedAt.getTime()) : entry.waitingMs;
}

/**
 * Every section in review, longest waiting first: department, submitter, time waiting, size of
 * the change since the last approved version, and whether it changed since this leader last looked.
 */
export function ReviewQueue({ entries, selectedId }: { entries: QueueEntry[]; selectedId: string | null }) {
  const t = useTranslations("review.queue");
  const duration = useDuration();
  const now = useNow();
  const [onlyChanged, setOnlyChanged] = useState(false);

  if (entries.length === 0) {
    return (
      <EmptyState title={t("emptyTitle")}>
        <p>{t("emptyBody")}</p>
      </EmptyState>
    );
  }
  const shown = onlyChanged ? entries.filter((entry) => entry.changedSinceVisit) : entries;
  return (
    <>
      <label className="checkbox-label review-queue-filter">
        <input type="checkbox" checked={onlyChanged} onChange={(event) => setOnlyChanged(event.target.checked)} />
        {t("onlyChanged")}
      </label>
      {shown.length === 0 ? (
        <EmptyState title={t("noneChangedTitle")}>
          <p>{t("noneChangedBody")}</p>
        </EmptyState>
      ) : (
        <ul className="review-queue-list" data-testid="review-queue">
          {shown.map((entry) => {
            const selected = entry.section.id === selectedId;
            return (
              <li key={entry.section.id}>
                <Link
                  href={`/review?section=${entry.section.id}`}
                  scroll={false}
                  className={selected ? "review-queue-item is-selected" : "review-queue-item"}
                  aria-current={selected ? "page" : undefined}
                >
                  <span className="review-queue-title">{entry.section.title}</span>
                  <span className="review-queue-meta">
                    {entry.department.name}
                    {entry.submitter && <> · {t("submittedBy", { name: entry.submitter.displayName })}</>}
                  </span>
                  <span className="review-queue-facts">
                    <span>{t("waiting", { duration: duration(waitingMsOf(entry, now)) })}</span>
                    <span className="review-queue-size">
                      <span aria-hidden="true">{t("size", { added: entry.size.added, removed: entry.size.removed })}</span>
                      <span className="visually-hidden">{t("sizeLabel", { added: entry.size.added, removed: entry.size.removed })}</span>
                    </span>
                    {entry.changedSinceVisit && <span className="badge badge-review-changed">{entry.lastVisitAt ? t("changed") : t("unseen")}</span>}
                  </span>
                </Link>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
