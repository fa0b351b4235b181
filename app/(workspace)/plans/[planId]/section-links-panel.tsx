"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { useId, useMemo, useState, useSyncExternalStore } from "react";
import { type SectionReferences, watchSectionReferences } from "@/lib/editor/reference-links";
import type { SectionSession } from "@/lib/editor/section-session";
import { ProgressBar, ProjectStatusBadge } from "./reference-chip";
import { referenceHref, useIndicatorEntry, useProjectEntry } from "./reference-data";
import { useFigureFormat } from "./reference-format";

const noReferences: SectionReferences = { projects: [], indicators: [] };
const noSubscription = () => () => undefined;

/** The projects and indicators cited by chips in the section's live Y.Doc (updates as anyone edits). */
export function useSectionReferences(session: SectionSession | null): SectionReferences {
  const watch = useMemo(() => (session ? watchSectionReferences(session.doc) : null), [session]);
  return useSyncExternalStore(watch?.subscribe ?? noSubscription, watch?.getSnapshot ?? (() => noReferences), () => noReferences);
}

function LinkedIndicator({ id }: { id: string }) {
  const t = useTranslations("references");
  const figure = useFigureFormat();
  const { status, entry } = useIndicatorEntry(id);
  if (!entry) {
    return <li className="section-links-item is-muted">{status === "missing" ? t("deleted.indicator") : status === "loading" ? t("loading") : t("unavailable.indicator")}</li>;
  }
  return (
    <li className="section-links-item" data-testid="linked-indicator">
      <Link href={referenceHref("indicator", id)} prefetch={false} className="section-links-name">
        {entry.name}
      </Link>
      <span className="section-links-figure">
        <span className="section-links-value">{entry.latest ? figure.value(entry.latest.value, entry.unit) : t("noValue")}</span>
        {entry.latest && <span className="section-links-note">{figure.period(entry.latest.period)}</span>}
      </span>
      {entry.progress !== null && (
        <span className="section-links-progress">
          <ProgressBar progress={entry.progress} />
          <span>{t("progressOf", { percent: figure.percent(entry.progress) })}</span>
        </span>
      )}
    </li>
  );
}

function LinkedProject({ id }: { id: string }) {
  const t = useTranslations("references");
  const figure = useFigureFormat();
  const { status, entry } = useProjectEntry(id);
  if (!entry) {
    return <li className="section-links-item is-muted">{status === "missing" ? t("deleted.project") : status === "loading" ? t("loading") : t("unavailable.project")}</li>;
  }
  return (
    <li className="section-links-item" data-testid="linked-project">
      <Link href={referenceHref("project", id)} prefetch={false} className="section-links-name">
        {entry.name}
      </Link>
      <span className="section-links-figure">
        <ProjectStatusBadge status={entry.status} />
        {entry.totalInvestment !== null && (
          <span className="section-links-note">{t("card.investmentValue", { value: figure.number(entry.totalInvestment) })}</span>
        )}
      </span>
    </li>
  );
}

/**
 * 「关联项目与指标」 beside a section body (below it on narrow screens): what its chips cite, with
 * the live figures, each linking to its page. A disclosure: the heading's button folds it away.
 */
export function SectionLinksPanel({
  references,
  canEdit,
  headingLevel,
}: {
  references: SectionReferences;
  canEdit: boolean;
  headingLevel: 3 | 4;
}) {
  const t = useTranslations("references.panel");
  const [expanded, setExpanded] = useState(true);
  const bodyId = useId();
  const count = references.projects.length + references.indicators.length;
  const Heading = headingLevel === 3 ? "h3" : "h4";
  return (
    <div className={expanded ? "section-links is-expanded" : "section-links"} data-testid="section-links">
      <Heading className="section-links-title">
        <button type="button" className="section-links-toggle" aria-expanded={expanded} aria-controls={bodyId} onClick={() => setExpanded(!expanded)}>
          <span>{t("title")}</span>
          <span className="section-links-count">{t("count", { count })}</span>
          <span className="section-links-chevron" aria-hidden="true" />
        </button>
      </Heading>
      <div id={bodyId} className="section-links-body" hidden={!expanded}>
        {count === 0 && <p className="section-links-empty">{canEdit ? t("emptyEditable") : t("empty")}</p>}
        {references.indicators.length > 0 && (
          <>
            <p className="section-links-group">{t("indicators")}</p>
            <ul className="section-links-list">
              {references.indicators.map((id) => (
                <LinkedIndicator key={id} id={id} />
              ))}
            </ul>
          </>
        )}
        {references.projects.length > 0 && (
          <>
            <p className="section-links-group">{t("projects")}</p>
            <ul className="section-links-list">
              {references.projects.map((id) => (
                <LinkedProject key={id} id={id} />
              ))}
            </ul>
          </>
        )}
      </div>
    </div>
  );
}
