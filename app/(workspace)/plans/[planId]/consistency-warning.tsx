"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { Fragment, useCallback } from "react";
import { useTRPC } from "@/app/_components/trpc";
import type { Warning } from "@/lib/consistency/detector";
import { referenceHref } from "./reference-data";
import { useFigureFormat } from "./reference-format";

const registryInput = { includeArchived: true } as const;

/** The sentence as the detector wrote it (chips as their names), the cited entity's name marked. */
function Sentence({ sentence, entityName }: { sentence: string; entityName: string }) {
  const parts = entityName ? sentence.split(entityName) : [sentence];
  return (
    <q className="consistency-sentence">
      {parts.map((part, index) => (
        <Fragment key={index}>
          {index > 0 && <span className="consistency-chip-name">{entityName}</span>}
          {part}
        </Fragment>
      ))}
    </q>
  );
}

/** The period of an indicator's latest value, from the shared registry cache (null when unknown). */
function useLatestPeriod(warning: Warning): string | null {
  const trpc = useTRPC();
  const select = useCallback(
    (list: { id: string; latest: { period: string } | null }[]) => list.find((entry) => entry.id === warning.entityId)?.latest?.period ?? null,
    [warning.entityId],
  );
  const query = useQuery({ ...trpc.indicator.list.queryOptions(registryInput), select, enabled: warning.kind === "indicator" });
  return warning.kind === "indicator" ? (query.data ?? null) : null;
}

/** One contradicted figure: the sentence, 「文中：…」 against 「最新：…」, and a link to the entity's page. */
export function WarningItem({ warning }: { warning: Warning }) {
  const t = useTranslations("consistency");
  const figure = useFigureFormat();
  const period = useLatestPeriod(warning);
  const current = figure.value(warning.current.value, warning.current.unit);
  const notes = [warning.current.label, period ? figure.period(period) : null, warning.current.asOf ? t("recordedOn", { date: warning.current.asOf }) : null].filter(
    (note): note is string => Boolean(note),
  );
  return (
    <li className="consistency-item" data-testid="consistency-item">
      <Sentence sentence={warning.sentence} entityName={warning.entityName} />
      <p className="consistency-figures">
        <span className="consistency-stated">{t("stated", { value: warning.stated.raw })}</span>
        <span className="consistency-vs" aria-hidden="true">
          ≠
        </span>
        <span className="consistency-current">
          {t("current", { value: current })}
          {notes.length > 0 && t("notes", { notes: notes.join(t("noteSeparator")) })}
        </span>
        <Link href={referenceHref(warning.kind, warning.entityId)} prefetch={false} className="consistency-entity-link">
          {t(warning.kind === "indicator" ? "openIndicator" : "openProject", { name: warning.entityName })}
        </Link>
      </p>
    </li>
  );
}

/** Under a section's header: the figures in its body that contradict the registry's latest values. */
export function ConsistencyWarningBox({ warnings }: { warnings: Warning[] }) {
  const t = useTranslations("consistency");
  // The live region stays mounted so that a new warning is announced once, politely.
  return (
    <div role="status" className="consistency-status">
      {warnings.length > 0 && (
        <div className="consistency-warning" data-testid="consistency-warning">
          <p className="consistency-warning-head">
            <span className="badge badge-inconsistent">{t("badge")}</span>
            <span>{t("sectionIntro", { count: warnings.length })}</span>
          </p>
          <ul className="consistency-list">
            {warnings.map((warning, index) => (
              <WarningItem key={`${warning.entityId}-${warning.stated.raw}-${index}`} warning={warning} />
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
