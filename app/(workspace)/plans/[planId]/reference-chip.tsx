"use client";

import { NodeViewWrapper, type ReactNodeViewProps } from "@tiptap/react";
import { useTranslations } from "next-intl";
import Link from "next/link";
import {
  useCallback,
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type CSSProperties,
  type ReactNode,
  type RefObject,
} from "react";
import { createPortal } from "react-dom";
import type { ReferenceKind } from "@/lib/editor/reference-picker";
import { PROJECT_REF } from "@/lib/editor/names";
import { type IndicatorEntry, type ProjectEntry, referenceHref, useIndicatorEntry, useProjectEntry } from "./reference-data";
import { useFigureFormat } from "./reference-format";

/** A bar for progress toward a target (0..1); decorative: the text beside it says the percentage. */
export function ProgressBar({ progress, className = "" }: { progress: number; className?: string }) {
  return (
    <span className={`progress-bar ${className}`.trim()} aria-hidden="true">
      <span className="progress-bar-fill" style={{ width: `${Math.round(progress * 100)}%` }} />
    </span>
  );
}

export function ProjectStatusBadge({ status }: { status: ProjectEntry["status"] }) {
  const t = useTranslations("references.projectStatus");
  return <span className={`badge badge-project-${status}`}>{t(status)}</span>;
}

/** Hover (with a short delay either way) or keyboard focus opens the card; Escape dismisses it. */
function useHoverCard() {
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);
  const [dismissed, setDismissed] = useState(false);
  const timer = useRef<number | undefined>(undefined);
  const open = (hovered || focused) && !dismissed;
  useEffect(() => () => window.clearTimeout(timer.current), []);
  useEffect(() => {
    if (!open) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === "Escape") setDismissed(true);
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [open]);
  const hoverTo = useCallback((next: boolean, delay: number) => {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      setHovered(next);
      if (!next) setDismissed(false);
    }, delay);
  }, []);
  const pointer = { onMouseEnter: () => hoverTo(true, 150), onMouseLeave: () => hoverTo(false, 150) };
  return {
    open,
    trigger: {
      ...pointer,
      onFocus: () => setFocused(true),
      onBlur: () => {
        setFocused(false);
        setDismissed(false);
      },
    },
    card: pointer,
  };
}

/** Places the card below the chip (above it when there is no room), and keeps it there while scrolling. */
function useCardPosition(anchor: RefObject<HTMLElement | null>, card: RefObject<HTMLElement | null>, open: boolean): CSSProperties {
  const [position, setPosition] = useState<CSSProperties>({ visibility: "hidden" });
  useLayoutEffect(() => {
    if (!open) {
      setPosition({ visibility: "hidden" });
      return;
    }
    const place = () => {
      const chip = anchor.current?.getBoundingClientRect();
      const element = card.current;
      if (!chip || !element) return;
      const gap = 6;
      const fitsBelow = chip.bottom + gap + element.offsetHeight <= window.innerHeight || chip.top - gap - element.offsetHeight < 0;
      const top = fitsBelow ? chip.bottom + gap : chip.top - gap - element.offsetHeight;
      const left = Math.max(8, Math.min(chip.left, window.innerWidth - element.offsetWidth - 8));
      setPosition({ top, left });
    };
    place();
    window.addEventListener("scroll", place, true);
    window.addEventListener("resize", place);
    return () => {
      window.removeEventListener("scroll", place, true);
      window.removeEventListener("resize", place);
    };
  }, [anchor, card, open]);
  return position;
}

/** One labelled figure of a card. */
function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="reference-card-fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function IndicatorCard({ indicator }: { indicator: IndicatorEntry }) {
  const t = useTranslations("references");
  const figure = useFigureFormat();
  const { latest, target, baseline, progress } = indicator;
  return (
    <>
      <p className="reference-card-kind">
        {t("kind.indicator")} · {indicator.category}
        {indicator.archived && <span className="tag">{t("archived")}</span>}
      </p>
      <p className="reference-card-title">{indicator.name}</p>
      <dl className="reference-card-facts">
        <Fact label={t("card.owner")}>{indicator.ownerDepartment.name}</Fact>
        <Fact label={t("card.latest")}>
          {latest ? t("card.withPeriod", { value: figure.value(latest.value, indicator.unit), period: figure.period(latest.period) }) : t("noValue")}
        </Fact>
        {baseline && (
          <Fact label={t("card.baseline")}>
            {baseline.year === null
              ? figure.value(baseline.value, indicator.unit)
              : t("card.withYear", { value: figure.value(baseline.value, indicator.unit), year: String(baseline.year) })}
          </Fact>
        )}
        <Fact label={t("card.target")}>
          {target
            ? target.year === null
              ? figure.value(target.value, indicator.unit)
              : t("card.withYear", { value: figure.value(target.value, indicator.unit), year: String(target.year) })
            : t("noValue")}
        </Fact>
        {progress !== null && (
          <Fact label={t("card.progress")}>
            <span className="reference-card-progress">
              <ProgressBar progress={progress} />
              {figure.percent(progress)}
            </span>
          </Fact>
        )}
        {latest && <Fact label={t("card.recordedAt")}>{figure.date(latest.recordedAt)}</Fact>}
      </dl>
      {indicator.direction === "lower_is_better" && <p className="reference-card-note">{t("card.lowerIsBetter")}</p>}
      <p className="reference-card-hint">{t("card.openIndicator")}</p>
    </>
  );
}

const MAX_CARD_FIGURES = 4;

function ProjectCard({ project }: { project: ProjectEntry }) {
  const t = useTranslations("references");
  const figure = useFigureFormat();
  const figures = project.figures.slice(0, MAX_CARD_FIGURES);
  return (
    <>
      <p className="reference-card-kind">
        {t("kind.project")} · {project.category}
        {project.archived && <span className="tag">{t("archived")}</span>}
      </p>
      <p className="reference-card-title">{project.name}</p>
      <dl className="reference-card-facts">
        <Fact label={t("card.owner")}>{project.ownerDepartment.name}</Fact>
        <Fact label={t("card.status")}>
          <ProjectStatusBadge status={project.status} />
        </Fact>
        <Fact label={t("card.investment")}>
          {project.totalInvestment === null ? t("noValue") : t("card.investmentValue", { value: figure.number(project.totalInvestment) })}
        </Fact>
        {(project.startDate || project.endDate) && (
          <Fact label={t("card.schedule")}>
            {t("card.scheduleValue", {
              start: project.startDate ? figure.date(project.startDate) : t("card.unknownDate"),
              end: project.endDate ? figure.date(project.endDate) : t("card.unknownDate"),
            })}
          </Fact>
        )}
        {project.location && <Fact label={t("card.location")}>{project.location}</Fact>}
      </dl>
      {figures.length > 0 && (
        <>
          <p className="reference-card-subtitle">{t("card.figures")}</p>
          <ul className="reference-card-figures">
            {figures.map((item) => (
              <li key={item.label}>
                <span>{item.label}</span>
                <span className="reference-card-figure-value">{figure.value(item.value, item.unit)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      <p className="reference-card-hint">{t("card.openProject")}</p>
    </>
  );
}

/** The chip of a cited entity that is there: a link to its page, with a card of its figures on hover / focus. */
function LiveChip({ kind, id, card, children }: { kind: ReferenceKind; id: string; card: ReactNode; children: ReactNode }) {
  const hover = useHoverCard();
  const anchorRef = useRef<HTMLAnchorElement>(null);
  const cardRef = useRef<HTMLDivElement>(null);
  const cardId = useId();
  const position = useCardPosition(anchorRef, cardRef, hover.open);
  return (
    <>
      <Link
        ref={anchorRef}
        href={referenceHref(kind, id)}
        className={`reference-chip reference-chip-${kind}`}
        data-testid="reference-chip"
        data-kind={kind}
        draggable={false}
        prefetch={false}
        aria-describedby={hover.open ? cardId : undefined}
        {...hover.trigger}
      >
        {children}
      </Link>
      {hover.open &&
        createPortal(
          <div ref={cardRef} id={cardId} role="tooltip" className="reference-card" style={position} data-testid="reference-card" {...hover.card}>
            {card}
          </div>,
          document.body,
        )}
    </>
  );
}

/** A chip whose entity is not in the registry (deleted, or the id is wrong), still loading, or unavailable. */
function PlaceholderChip({ kind, state }: { kind: ReferenceKind; state: "loading" | "error" | "missing" }) {
  const t = useTranslations("references");
  const text = state === "loading" ? t("loading") : state === "error" ? t(`unavailable.${kind}`) : t(`deleted.${kind}`);
  return (
    <span className={`reference-chip reference-chip-${kind} is-${state}`} data-testid="reference-chip" data-kind={kind} aria-busy={state === "loading" || undefined}>
      {text}
    </span>
  );
}

function IndicatorChip({ id }: { id: string }) {
  const t = useTranslations("references");
  const figure = useFigureFormat();
  const { status, entry } = useIndicatorEntry(id);
  if (!entry) return <PlaceholderChip kind="indicator" state={status} />;
  return (
    <LiveChip kind="indicator" id={id} card={<IndicatorCard indicator={entry} />}>
      <span className="reference-chip-name">{entry.name}</span>
      <span className="reference-chip-value">{entry.latest ? figure.value(entry.latest.value, entry.unit) : t("noValue")}</span>
      {entry.progress !== null && (
        <>
          <ProgressBar progress={entry.progress} className="reference-chip-progress" />
          <span className="visually-hidden">{t("progressOf", { percent: figure.percent(entry.progress) })}</span>
        </>
      )}
    </LiveChip>
  );
}

function ProjectChip({ id }: { id: string }) {
  const { status, entry } = useProjectEntry(id);
  if (!entry) return <PlaceholderChip kind="project" state={status} />;
  return (
    <LiveChip kind="project" id={id} card={<ProjectCard project={entry} />}>
      <span className="reference-chip-name">{entry.name}</span>
      <ProjectStatusBadge status={entry.status} />
    </LiveChip>
  );
}

/** A cited project or indicator as it is now (live from the shared registry cache). */
export function ReferenceChip({ kind, id }: { kind: ReferenceKind; id: string }) {
  return kind === "project" ? <ProjectChip id={id} /> : <IndicatorChip id={id} />;
}

/** The node view of projectRef / indicatorRef: the chip stores only the id; everything shown is live. */
export function ReferenceChipView({ node }: ReactNodeViewProps) {
  const kind: ReferenceKind = node.type.name === PROJECT_REF ? "project" : "indicator";
  const id = typeof node.attrs.id === "string" ? node.attrs.id : "";
  return (
    <NodeViewWrapper as="span" className="reference-chip-view">
      <ReferenceChip kind={kind} id={id} />
    </NodeViewWrapper>
  );
}
