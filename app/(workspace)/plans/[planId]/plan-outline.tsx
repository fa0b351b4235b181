"use client";

import { useTranslations } from "next-intl";
import { useEffect, useId, useState } from "react";
import { useWarningCount } from "./consistency-data";
import { ManagedOutline } from "./outline-manager";
import { type PlanSection, sectionAnchor, sectionHeadingId } from "./section-block";

/** How far down the viewport a section's top may be and still count as the one being read. */
const readingLine = () => Math.min(window.innerHeight * 0.35, 320);

/** The section being read: the last one whose top has passed the reading line (the last one at the bottom of the page). */
function useCurrentSection(sectionIds: string[]): string | null {
  const [current, setCurrent] = useState<string | null>(sectionIds[0] ?? null);
  const key = sectionIds.join(",");
  useEffect(() => {
    const ids = key ? key.split(",") : [];
    let frame = 0;
    const measure = () => {
      frame = 0;
      let found: string | null = ids[0] ?? null;
      const atBottom = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2;
      if (atBottom) found = ids.at(-1) ?? null;
      else {
        const line = readingLine();
        for (const id of ids) {
          const element = document.getElementById(sectionAnchor(id));
          if (element && element.getBoundingClientRect().top <= line) found = id;
        }
      }
      setCurrent(found);
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(measure);
    };
    measure();
    window.addEventListener("scroll", schedule, { passive: true });
    window.addEventListener("resize", schedule);
    return () => {
      window.removeEventListener("scroll", schedule);
      window.removeEventListener("resize", schedule);
      if (frame) cancelAnimationFrame(frame);
    };
  }, [key]);
  return current;
}

/** ⚠ and the number of figures in the section that contradict the registry (nothing when none). */
function OutlineWarningCount({ sectionId }: { sectionId: string }) {
  const t = useTranslations("consistency");
  const count = useWarningCount(sectionId);
  if (!count) return null;
  return (
    <span className="outline-warning" title={t("outlineCount", { count })} data-testid="outline-warning">
      <span aria-hidden="true">⚠ {count}</span>
      <span className="visually-hidden">{t("outlineCount", { count })}</span>
    </span>
  );
}

/** Scrolls to a section and moves focus to its heading (so keyboard and screen-reader users land there too). */
export function jumpToSection(sectionId: string) {
  const block = document.getElementById(sectionAnchor(sectionId));
  if (!block) return;
  const reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  block.scrollIntoView({ behavior: reduceMotion ? "auto" : "smooth", block: "start" });
  document.getElementById(sectionHeadingId(sectionId))?.focus({ preventScroll: true });
  window.history.replaceState(null, "", `#${sectionAnchor(sectionId)}`);
}

/**
 * The side outline: every section with its number, linking to it, the one being read marked with
 * aria-current. Sticky beside the document on wide screens; a collapsible list above it on narrow
 * ones. Admins switch it to 「管理目录」 to change the outline itself.
 */
export function PlanOutline({
  planId,
  sections,
  canManage,
  managing,
  onManagingChange,
}: {
  planId: string;
  sections: PlanSection[];
  canManage: boolean;
  managing: boolean;
  onManagingChange: (managing: boolean) => void;
}) {
  const t = useTranslations("plan.outline");
  const tManager = useTranslations("plan.outlineManager");
  const listId = useId();
  const [expanded, setExpanded] = useState(false);
  const current = useCurrentSection(sections.map((section) => section.id));
  const isManaging = canManage && managing;

  const renderLink = (section: PlanSection) => (
    <a
      href={`#${sectionAnchor(section.id)}`}
      aria-current={section.id === current ? "location" : undefined}
      onClick={(event) => {
        event.preventDefault();
        setExpanded(false);
        jumpToSection(section.id);
      }}
    >
      <span className="outline-number">{section.number}</span>
      <span className="outline-title">{section.title}</span>
      {!isManaging && <OutlineWarningCount sectionId={section.id} />}
      {section.canEdit && !isManaging && (
        <span className="outline-editable" title={t("editable")}>
          <span className="visually-hidden">{t("editable")}</span>
        </span>
      )}
    </a>
  );

  return (
    <nav className={expanded || isManaging ? "plan-outline is-expanded" : "plan-outline"} aria-label={t("label")}>
      <div className="plan-outline-header">
        <p className="plan-outline-title" aria-hidden="true">
          {t("title")}
        </p>
        {canManage && (
          <button type="button" className={isManaging ? "plan-outline-manage is-active" : "plan-outline-manage"} onClick={() => onManagingChange(!isManaging)}>
            {isManaging ? tManager("finish") : tManager("toggle")}
          </button>
        )}
      </div>
      {!isManaging && (
        <button type="button" className="plan-outline-toggle" aria-expanded={expanded} aria-controls={listId} onClick={() => setExpanded(!expanded)}>
          {expanded ? t("hide") : t("show")}
        </button>
      )}
      {isManaging ? (
        <ManagedOutline planId={planId} sections={sections} listId={listId} renderLink={renderLink} />
      ) : (
        <ol id={listId} className="plan-outline-list">
          {sections.map((section) => (
            <li key={section.id} className={`outline-depth-${Math.min(section.depth, 3)}`}>
              {renderLink(section)}
            </li>
          ))}
        </ol>
      )}
    </nav>
  );
}
