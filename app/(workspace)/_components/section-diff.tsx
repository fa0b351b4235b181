"use client";

import { useQuery } from "@tanstack/react-query";
import type { Editor } from "@tiptap/core";
import { EditorContent, useEditor } from "@tiptap/react";
import { useFormatter, useTranslations } from "next-intl";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import * as Y from "yjs";
import { useTRPC } from "@/app/_components/trpc";
import { type ChangeTally, diffSchemaExtensions, diffSync, renderDiff, tallyChanges } from "@/lib/editor/diff-extensions";
import { SECTION_FRAGMENT } from "@/lib/editor/names";
import { applyDiffState, colorMappingOf, UNATTRIBUTED_COLOR, updatablePermanentUserData } from "@/lib/review/diff-client";
import { useFigureFormat } from "../plans/[planId]/reference-format";
import { EmptyState, ErrorState, LoadingState } from "./feedback";
import type { RouterOutputs } from "./types";
import "./section-diff.css";

/** One side of a comparison: a saved version, the last approved version, the text now, or the caller's last visit. */
export type DiffSide = { versionId: string } | { approved: true } | { current: true } | { lastVisit: true };

type DiffData = RouterOutputs["version"]["diff"];
type DiffEnd = NonNullable<DiffData["from"]>;
type Person = DiffData["people"][number];
export type VersionFigure = RouterOutputs["version"]["get"]["figures"][number];

const CURRENT: DiffSide = { current: true };

/** "张三（市工业和信息化局）", or "未知用户" for changes nobody is recorded for. */
export function usePersonLabel() {
  const t = useTranslations("diff");
  return useCallback(
    (person: { displayName: string; departmentName: string } | null | undefined) =>
      person ? t("person", { name: person.displayName, department: person.departmentName }) : t("unknownPerson"),
    [t],
  );
}

/** A linked project's or indicator's figures as one line of text ("在建 · 总投资 12.5 亿元"). */
export function useFigureText() {
  const t = useTranslations("diff.figures");
  const tStatus = useTranslations("references.projectStatus");
  const { number, value, period } = useFigureFormat();
  return useCallback(
    (figure: VersionFigure | null) => {
      if (!figure) return t("notCited");
      if (figure.kind === "project") {
        const status = tStatus.has(figure.status) ? tStatus(figure.status) : figure.status;
        return figure.totalInvestment === null ? status : t("project", { status, investment: number(figure.totalInvestment) });
      }
      const latest =
        figure.latestValue === null
          ? t("noValue")
          : figure.latestPeriod
            ? t("withPeriod", { value: value(figure.latestValue, figure.unit), period: period(figure.latestPeriod) })
            : value(figure.latestValue, figure.unit);
      if (figure.targetValue === null) return latest;
      const target = figure.targetYear === null ? value(figure.targetValue, figure.unit) : t("withYear", { value: value(figure.targetValue, figure.unit), year: figure.targetYear });
      return t("indicator", { latest, target });
    },
    [t, tStatus, number, value, period],
  );
}

/** The figures of linked projects and indicators as a table; `then` column only when comparing. */
export function FigureTable({ caption, rows }: { caption: string; rows: { id: string; then?: VersionFigure | null; now: VersionFigure | null }[] }) {
  const t = useTranslations("diff.figures");
  const tKind = useTranslations("references.kind");
  const figureText = useFigureText();
  const comparing = rows.some((row) => row.then !== undefined);
  return (
    <div className="table-scroll">
      <table className="data-table diff-figures">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("name")}</th>
            {comparing && <th scope="col">{t("then")}</th>}
            <th scope="col">{comparing ? t("now") : t("value")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const figure = row.now ?? row.then ?? null;
            return (
              <tr key={row.id}>
                <th scope="row" className="row-title">
                  {figure?.name ?? t("unknown")}
                  {figure && <span className="cell-note">{tKind(figure.kind)}</span>}
                </th>
                {comparing && <td>{figureText(row.then ?? null)}</td>}
                <td>{figureText(row.now)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** How a side of the comparison is named: "「征求意见稿」（手动保存，2025年3月1日 10:00）", "当前内容"… */
function useSideLabel() {
  const t = useTranslations("diff.side");
  const tKind = useTranslations("history.kind");
  const format = useFormatter();
  return useCallback(
    (end: DiffEnd | null, requested: DiffSide) => {
      if (!end) return "approved" in requested ? t("noApproved") : "lastVisit" in requested ? t("noVisit") : t("nothing");
      const when = format.dateTime(end.createdAt, { dateStyle: "medium", timeStyle: "short" });
      if (end.kind === "current") return t("current");
      if (end.kind === "lastVisit") return t("lastVisit", { when });
      return t("version", { label: end.label ?? "", kind: tKind.has(end.kind) ? tKind(end.kind) : end.kind, when });
    },
    [t, tKind, format],
  );
}

/** A read-only section body (diff or old version) styled like the live one. */
export function ReadOnlyBody({ editor, label, pending = false }: { editor: Editor | null; label: string; pending?: boolean }) {
  return (
    <div className={pending ? "section-body diff-body-wrap is-pending" : "section-body diff-body-wrap"} role="region" aria-label={label} aria-busy={pending}>
      <EditorContent editor={editor} />
    </div>
  );
}

/**
 * Two states of a section side by side in one text, y-tiptap style: inserted text underlined and
 * tinted in its author's colour, removed text struck through in the deleter's colour, whole blocks
 * added or removed with a coloured left border; above it who changed what, how much, linked figures
 * then → now and format changes the text cannot show.
 */
export function SectionDiff({
  sectionId,
  from,
  to = CURRENT,
  onEditorReady,
  refreshKey,
}: {
  sectionId: string;
  from: DiffSide;
  /** Default: the text now. */
  to?: DiffSide;
  /** Called once the read-only diff editor exists (the review page attaches comment tools to it). */
  onEditorReady?: (editor: Editor, doc: Y.Doc) => void;
  /** Re-fetch when this changes (e.g. a live update counter). */
  refreshKey?: unknown;
}) {
  const t = useTranslations("diff");
  const trpc = useTRPC();
  const query = useQuery(trpc.version.diff.queryOptions({ sectionId, from, to }));
  const { refetch } = query;
  const seenRefreshKey = useRef(refreshKey);
  useEffect(() => {
    if (Object.is(seenRefreshKey.current, refreshKey)) return;
    seenRefreshKey.current = refreshKey;
    void refetch();
  }, [refreshKey, refetch]);

  if (query.isPending) return <LoadingState label={t("loading")} />;
  if (query.isError) return <ErrorState title={t("loadFailed")} error={query.error} onRetry={() => void refetch()} />;
  return (
    <div className="section-diff" aria-busy={query.isFetching} data-testid="section-diff">
      <DiffView key={sectionId} data={query.data} from={from} to={to} onEditorReady={onEditorReady} />
    </div>
  );
}

function chipNamesOf(data: DiffData): Map<string, string> {
  const names = new Map<string, string>();
  for (const figure of [...(data.from?.figures ?? []), ...(data.to.figures ?? []), ...data.figures.flatMap((row) => [row.then, row.now])]) {
    if (figure) names.set(figure.id, figure.name);
  }
  return names;
}

/**
 * One read-only editor per section, bound to a local copy of the section's history. A newer
 * answer (refresh, another pair of versions) is merged into that copy and rendered in place, so
 * the text does not blink and the editor and document handed to `onEditorReady` stay valid.
 */
function DiffView({ data, from, to, onEditorReady }: { data: DiffData; from: DiffSide; to: DiffSide; onEditorReady?: (editor: Editor, doc: Y.Doc) => void }) {
  const t = useTranslations("diff");
  const tKind = useTranslations("references.kind");
  const personLabel = usePersonLabel();
  const sideLabel = useSideLabel();
  const people = useMemo(() => new Map(data.people.map((person) => [person.id, person])), [data.people]);
  const [tally, setTally] = useState<Map<string | null, ChangeTally> | null>(null);

  // What the rendering reads when it draws marks and chips: always the latest answer's.
  const latest = useRef({ people, chipNames: chipNamesOf(data), personLabel, t, tKind, onEditorReady });
  useEffect(() => {
    latest.current = { people, chipNames: chipNamesOf(data), personLabel, t, tKind, onEditorReady };
  });

  // A plain Y.Doc holds no connection or timer: nothing to tear down when the view goes.
  const [binding] = useState(() => {
    const doc = new Y.Doc({ gc: false });
    return {
      doc,
      first: data,
      pair: applyDiffState(doc, data),
      permanentUserData: updatablePermanentUserData(data.attribution),
      colorMapping: colorMappingOf(data.people),
    };
  });

  const extensions = useMemo(() => {
    let announced = false;
    return [
      ...diffSchemaExtensions({
        describeChange: ({ type, user }) => {
          const { t, personLabel, people } = latest.current;
          return t(type === "added" ? "a11y.inserted" : "a11y.removed", { who: personLabel(user ? people.get(user) : null) });
        },
        endOfChange: (type) => latest.current.t(type === "added" ? "a11y.insertedEnd" : "a11y.removedEnd"),
        chipLabel: (kind, id) => latest.current.chipNames.get(id) ?? latest.current.tKind(kind),
      }),
      diffSync({
        fragment: binding.doc.getXmlFragment(SECTION_FRAGMENT),
        initial: () => binding.pair,
        permanentUserData: binding.permanentUserData,
        colorMapping: binding.colorMapping,
        colors: [UNATTRIBUTED_COLOR],
        onRendered: (editor) => {
          setTally(tallyChanges(editor.state.doc));
          if (announced) return;
          announced = true;
          latest.current.onEditorReady?.(editor, binding.doc);
        },
      }),
    ];
  }, [binding]);

  const editor = useEditor(
    {
      immediatelyRender: false,
      shouldRerenderOnTransaction: false,
      editable: false,
      extensions,
      editorProps: { attributes: { class: "section-body-editor diff-body", "aria-readonly": "true" } },
    },
    [extensions],
  );

  // A newer answer: merge it and render its pair in the same editor.
  useEffect(() => {
    if (data === binding.first) return;
    binding.pair = applyDiffState(binding.doc, data);
    binding.permanentUserData.update(data.attribution);
    binding.colorMapping.clear();
    for (const [user, color] of colorMappingOf(data.people)) binding.colorMapping.set(user, color);
    if (editor && !editor.isDestroyed) renderDiff(editor, binding.pair);
  }, [data, binding, editor]);

  const nothingChanged = data.size.added === 0 && data.size.removed === 0 && data.size.blocksChanged === 0 && data.formatChanges.length === 0 && data.figures.length === 0;
  const changers = tally ? [...tally].filter(([, counts]) => counts.added > 0 || counts.removed > 0) : [];
  for (const change of data.formatChanges) {
    for (const attribute of change.attributes) {
      if (!changers.some(([user]) => user === attribute.user)) changers.push([attribute.user, { added: 0, removed: 0 }]);
    }
  }

  return (
    <>
      <p className="diff-sides">{t("between", { from: sideLabel(data.from, from), to: sideLabel(data.to, to) })}</p>
      {!data.from && (
        <div className="alert alert-info" role="note">
          {"approved" in from ? t("noBase.approved") : "lastVisit" in from ? t("noBase.lastVisit") : t("noBase.other")}
        </div>
      )}
      {nothingChanged ? (
        <EmptyState title={t("empty")} />
      ) : (
        <div className="diff-summary">
          <p className="diff-size" data-testid="diff-size">
            <span className="diff-size-added">{t("size.added", { count: data.size.added })}</span>
            <span className="diff-size-removed">{t("size.removed", { count: data.size.removed })}</span>
            {data.size.blocksChanged > 0 && <span className="muted">{t("size.blocks", { count: data.size.blocksChanged })}</span>}
          </p>
          {changers.length > 0 && <Legend changers={changers} people={people} />}
          <p className="diff-how muted">{t("howToRead")}</p>
        </div>
      )}
      {data.figures.length > 0 && <FigureTable caption={t("figures.changedCaption")} rows={data.figures} />}
      {data.formatChanges.length > 0 && <FormatChanges changes={data.formatChanges} people={people} />}
      {/* Hidden until the pair is drawn: the binding first shows the plain current text. */}
      <ReadOnlyBody editor={editor} label={t("bodyLabel")} pending={!tally} />
      {!tally && <p className="muted diff-rendering">{t("rendering")}</p>}
    </>
  );
}

function Legend({ changers, people }: { changers: [string | null, ChangeTally][]; people: Map<string, Person> }) {
  const t = useTranslations("diff.legend");
  return (
    <ul className="diff-legend" aria-label={t("label")}>
      {changers.map(([user, counts]) => {
        const person = user ? people.get(user) : undefined;
        const color = person?.color ?? UNATTRIBUTED_COLOR.dark;
        return (
          <li key={user ?? "unknown"} className="diff-legend-person" data-user={user ?? ""}>
            <span className="diff-swatch" style={{ background: color }} aria-hidden="true" />
            <span className="diff-legend-name">{person?.displayName ?? t("unknown")}</span>
            {person && <span className="muted">{person.departmentName}</span>}
            <span className="diff-legend-counts">
              {counts.added > 0 && <span className="diff-size-added">{t("added", { count: counts.added })}</span>}
              {counts.removed > 0 && <span className="diff-size-removed">{t("removed", { count: counts.removed })}</span>}
            </span>
          </li>
        );
      })}
    </ul>
  );
}

function FormatChanges({ changes, people }: { changes: DiffData["formatChanges"]; people: Map<string, Person> }) {
  const t = useTranslations("diff.format");
  const personLabel = usePersonLabel();
  const valueText = (value: unknown) => (value === null || value === undefined ? t("none") : typeof value === "object" ? JSON.stringify(value) : String(value));
  return (
    <div className="diff-format">
      <p className="diff-format-title">{t("title")}</p>
      <ul>
        {changes.flatMap((change, index) =>
          change.attributes.map((attribute) => (
            <li key={`${index}-${attribute.key}`}>
              {t("line", {
                node: t.has(`nodes.${change.node}`) ? t(`nodes.${change.node}`) : change.node,
                text: change.text || t("emptyText"),
                attribute: t.has(`attributes.${attribute.key}`) ? t(`attributes.${attribute.key}`) : attribute.key,
                before: valueText(attribute.before),
                after: valueText(attribute.after),
                who: personLabel(attribute.user ? people.get(attribute.user) : null),
              })}
            </li>
          )),
        )}
      </ul>
    </div>
  );
}
