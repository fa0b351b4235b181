"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEditor } from "@tiptap/react";
import { useFormatter, useTranslations } from "next-intl";
import { useParams } from "next/navigation";
import { type FormEvent, useEffect, useMemo, useRef, useState } from "react";
import { useTRPC } from "@/app/_components/trpc";
import { diffSchemaExtensions } from "@/lib/editor/diff-extensions";
import { ConfirmDialog } from "../../_components/confirm-dialog";
import { EmptyState, ErrorState, LoadingState, type Notice, NoticeRegion } from "../../_components/feedback";
import { useErrorText } from "../../_components/error-text";
import { Field } from "../../_components/field";
import { Modal } from "../../_components/modal";
import { type DiffSide, FigureTable, ReadOnlyBody, SectionDiff, usePersonLabel } from "../../_components/section-diff";
import type { RouterOutputs } from "../../_components/types";
import { DownloadStatus, redlineUrl, useFileDownload } from "./export-download";
import type { Me, PlanSection } from "./section-block";
import "./export.css";
import "./section-history.css";

type Version = RouterOutputs["version"]["list"][number];

/** What the dialog shows: the list, one version, or a comparison. */
type View = { kind: "list" } | { kind: "version"; versionId: string } | { kind: "compare"; from: DiffSide; to: DiffSide; title: string };

const LABEL_MAX = 80;

/** 「历史版本」 of one section: versions, 「保存版本」, open, compare, restore. */
export function SectionHistory({ section }: { section: PlanSection; me: Me; canEdit: boolean }) {
  const t = useTranslations("history");
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="button button-small" aria-haspopup="dialog" onClick={() => setOpen(true)} data-testid="section-history-open">
        {t("open")}
      </button>
      {open && <HistoryDialog section={section} onClose={() => setOpen(false)} />}
    </>
  );
}

function HistoryDialog({ section, onClose }: { section: PlanSection; onClose: () => void }) {
  const t = useTranslations("history");
  const [view, setView] = useState<View>({ kind: "list" });
  const [notice, setNotice] = useState<Notice>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const firstView = useRef(true);
  // A new view takes the focus to its heading, so keyboard and screen-reader users land in it.
  useEffect(() => {
    if (firstView.current) {
      firstView.current = false;
      return;
    }
    headingRef.current?.focus();
  }, [view]);
  const back = () => setView({ kind: "list" });

  return (
    <Modal title={t("title", { number: section.number, title: section.title })} onClose={onClose}>
      <div className="history-panel" data-testid="section-history">
        <NoticeRegion notice={notice} onDismiss={() => setNotice(null)} />
        {view.kind === "list" && <VersionList section={section} headingRef={headingRef} onView={setView} onNotice={setNotice} />}
        {view.kind === "version" && (
          <VersionDetail section={section} versionId={view.versionId} headingRef={headingRef} onBack={back} onView={setView} onNotice={setNotice} />
        )}
        {view.kind === "compare" && <CompareView section={section} view={view} headingRef={headingRef} onBack={back} />}
        <div className="modal-actions">
          <button type="button" className="button" onClick={onClose}>
            {t("close")}
          </button>
        </div>
      </div>
    </Modal>
  );
}

function CompareView({
  section,
  view,
  headingRef,
  onBack,
}: {
  section: PlanSection;
  view: Extract<View, { kind: "compare" }>;
  headingRef: React.RefObject<HTMLHeadingElement | null>;
  onBack: () => void;
}) {
  const t = useTranslations("history");
  const [refreshKey, setRefreshKey] = useState(0);
  const showsCurrent = "current" in view.to;
  return (
    <div className="history-view">
      <div className="history-view-header">
        <button type="button" className="button button-small" onClick={onBack}>
          {t("back")}
        </button>
        <h3 ref={headingRef} tabIndex={-1} className="history-view-title">
          {view.title}
        </h3>
        {showsCurrent && (
          <button type="button" className="button button-small history-refresh" onClick={() => setRefreshKey((key) => key + 1)}>
            {t("refresh")}
          </button>
        )}
      </div>
      <RedlineExport sectionId={section.id} from={view.from} to={view.to} />
      <SectionDiff sectionId={section.id} from={view.from} to={view.to} refreshKey={refreshKey} />
    </div>
  );
}

/** The redline route's side of a comparison: a version id, `approved` or `current` (a last visit has none). */
function redlineSide(side: DiffSide): string | null {
  if ("versionId" in side) return side.versionId;
  if ("approved" in side) return "approved";
  if ("current" in side) return "current";
  return null;
}

/** 「导出修订对比（Word）」: the comparison shown, as a Word file with tracked changes. */
function RedlineExport({ sectionId, from, to }: { sectionId: string; from: DiffSide; to: DiffSide }) {
  const t = useTranslations("export.redline");
  const { planId } = useParams<{ planId: string }>();
  const download = useFileDownload();
  const fromParam = redlineSide(from);
  const toParam = redlineSide(to);
  if (!fromParam || fromParam === "current" || !toParam || toParam === "approved") return <p className="muted">{t("unsupported")}</p>;
  return (
    <div className="history-redline">
      <button
        type="button"
        className="button button-small"
        disabled={download.pending}
        aria-busy={download.pending}
        onClick={() => void download.start(redlineUrl(planId, sectionId, fromParam, toParam), "redline.docx")}
        data-testid="redline-export"
      >
        {t("action")}
      </button>
      <span className="field-hint">{t("hint")}</span>
      <DownloadStatus state={download.state} />
    </div>
  );
}

function KindBadge({ kind }: { kind: Version["kind"] }) {
  const t = useTranslations("history.kind");
  return <span className={`badge history-kind history-kind-${kind}`}>{t(kind)}</span>;
}

function useWhen() {
  const format = useFormatter();
  return (date: Date) => format.dateTime(date, { dateStyle: "medium", timeStyle: "short" });
}

function VersionList({
  section,
  headingRef,
  onView,
  onNotice,
}: {
  section: PlanSection;
  headingRef: React.RefObject<HTMLHeadingElement | null>;
  onView: (view: View) => void;
  onNotice: (notice: Notice) => void;
}) {
  const t = useTranslations("history");
  const trpc = useTRPC();
  const when = useWhen();
  const list = useQuery(trpc.version.list.queryOptions({ sectionId: section.id }));
  const [selected, setSelected] = useState<string[]>([]);
  const [restoring, setRestoring] = useState<Version | null>(null);
  const versions = list.data ?? [];

  const toggle = (versionId: string, checked: boolean) =>
    setSelected((current) => (checked ? [...current.filter((id) => id !== versionId), versionId].slice(-2) : current.filter((id) => id !== versionId)));
  const compareSelected = () => {
    const picked = versions.filter((version) => selected.includes(version.id)).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    if (picked.length !== 2) return;
    const [older, newer] = picked as [Version, Version];
    onView({ kind: "compare", from: { versionId: older.id }, to: { versionId: newer.id }, title: t("compareTitle.two", { from: older.label, to: newer.label }) });
  };

  return (
    <div className="history-view">
      <h3 ref={headingRef} tabIndex={-1} className="history-view-title">
        {t("listTitle")}
      </h3>
      {section.canSaveVersion && <SaveVersionForm sectionId={section.id} onNotice={onNotice} />}
      {section.approvedVersionId && (
        <p className="history-approved-compare">
          <button
            type="button"
            className="button button-small"
            onClick={() => onView({ kind: "compare", from: { approved: true }, to: { current: true }, title: t("compareTitle.approved") })}
          >
            {t("compareApproved")}
          </button>
        </p>
      )}
      {list.isPending ? (
        <LoadingState label={t("loadingList")} />
      ) : list.isError ? (
        <ErrorState title={t("listFailed")} error={list.error} onRetry={() => void list.refetch()} />
      ) : versions.length === 0 ? (
        <EmptyState title={t("empty.title")}>
          <p className="muted">{section.canSaveVersion ? t("empty.canSave") : t("empty.readOnly")}</p>
        </EmptyState>
      ) : (
        <>
          <div className="history-compare-bar">
            <p className="muted" id={`history-pick-${section.id}`}>
              {t("pickHint", { count: selected.length })}
            </p>
            <button type="button" className="button button-small" disabled={selected.length !== 2} onClick={compareSelected}>
              {t("compareSelected")}
            </button>
          </div>
          <div className="table-scroll" aria-busy={list.isFetching}>
            <table className="data-table history-table">
              <caption className="visually-hidden">{t("tableCaption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("columns.pick")}</th>
                  <th scope="col">{t("columns.version")}</th>
                  <th scope="col">{t("columns.by")}</th>
                  <th scope="col">{t("columns.when")}</th>
                  <th scope="col" className="numeric">
                    {t("columns.length")}
                  </th>
                  <th scope="col">{t("columns.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {versions.map((version) => (
                  <tr key={version.id} className={version.isApproved ? "history-row-approved" : undefined} data-testid="version-row" data-version-id={version.id}>
                    <td>
                      <input
                        type="checkbox"
                        checked={selected.includes(version.id)}
                        onChange={(event) => toggle(version.id, event.target.checked)}
                        aria-label={t("pickLabel", { label: version.label })}
                        aria-describedby={`history-pick-${section.id}`}
                      />
                    </td>
                    <td className="row-title">
                      <span className="history-label">{version.label}</span>
                      <span className="history-badges">
                        <KindBadge kind={version.kind} />
                        {version.isApproved && <span className="badge history-approved-marker">{t("approvedMarker")}</span>}
                      </span>
                    </td>
                    <td>
                      {version.createdBy ? (
                        <>
                          {version.createdBy.displayName}
                          <span className="cell-note">{version.createdBy.departmentName}</span>
                        </>
                      ) : (
                        <span className="muted">{t("system")}</span>
                      )}
                    </td>
                    <td className="nowrap">
                      <time dateTime={version.createdAt.toISOString()}>{when(version.createdAt)}</time>
                    </td>
                    <td className="numeric">{t("characters", { count: version.textLength })}</td>
                    <td>
                      <div className="row-actions">
                        <button type="button" className="button button-small" onClick={() => onView({ kind: "version", versionId: version.id })}>
                          {t("view")}
                          <span className="visually-hidden">{t("ofVersion", { label: version.label })}</span>
                        </button>
                        <button
                          type="button"
                          className="button button-small"
                          onClick={() =>
                            onView({ kind: "compare", from: { versionId: version.id }, to: { current: true }, title: t("compareTitle.current", { label: version.label }) })
                          }
                        >
                          {t("compareCurrent")}
                          <span className="visually-hidden">{t("ofVersion", { label: version.label })}</span>
                        </button>
                        {section.canSaveVersion && (
                          <button type="button" className="button button-small button-danger" onClick={() => setRestoring(version)}>
                            {t("restore")}
                            <span className="visually-hidden">{t("ofVersion", { label: version.label })}</span>
                          </button>
                        )}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {restoring && <RestoreDialog sectionId={section.id} version={restoring} onClose={() => setRestoring(null)} onNotice={onNotice} />}
    </div>
  );
}

function SaveVersionForm({ sectionId, onNotice }: { sectionId: string; onNotice: (notice: Notice) => void }) {
  const t = useTranslations("history.save");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { fieldErrors, describe } = useErrorText();
  const [label, setLabel] = useState("");
  const [localError, setLocalError] = useState<string | null>(null);
  const save = useMutation(
    trpc.version.create.mutationOptions({
      onSuccess: (version) => {
        setLabel("");
        onNotice({ tone: "success", text: t("saved", { label: version.label }) });
        void queryClient.invalidateQueries(trpc.version.list.queryFilter({ sectionId }));
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!label.trim()) {
      setLocalError(t("required"));
      return;
    }
    setLocalError(null);
    onNotice(null);
    save.mutate({ sectionId, label: label.trim() });
  };
  const error = localError ?? (save.error ? fieldErrors(save.error).label : undefined);
  return (
    <form className="history-save" onSubmit={submit} noValidate>
      <Field label={t("label")} hint={t("hint")} error={error}>
        {(control) => (
          <input {...control} type="text" value={label} maxLength={LABEL_MAX} onChange={(event) => setLabel(event.target.value)} autoComplete="off" />
        )}
      </Field>
      <button type="submit" className="button button-primary" disabled={save.isPending} aria-busy={save.isPending}>
        {save.isPending ? t("saving") : t("submit")}
      </button>
      {save.error && !fieldErrors(save.error).label && (
        <div className="alert alert-error history-save-error" role="alert">
          {describe(save.error, ["label"])}
        </div>
      )}
    </form>
  );
}

/** 「恢复此版本」: asks first, optionally keeping the text as it is now as a version. */
function RestoreDialog({ sectionId, version, onClose, onNotice }: { sectionId: string; version: { id: string; label: string }; onClose: () => void; onNotice: (notice: Notice) => void }) {
  const t = useTranslations("history.restoreDialog");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { describe } = useErrorText();
  const [keepCurrent, setKeepCurrent] = useState(true);
  const save = useMutation(trpc.version.create.mutationOptions());
  const restore = useMutation(trpc.version.restore.mutationOptions());
  const [error, setError] = useState<unknown>(null);
  const pending = save.isPending || restore.isPending;
  const confirm = async () => {
    setError(null);
    try {
      if (keepCurrent) await save.mutateAsync({ sectionId, label: t("keptLabel", { label: version.label }).slice(0, LABEL_MAX) });
      await restore.mutateAsync({ versionId: version.id });
      onNotice({ tone: "success", text: t("restored", { label: version.label }) });
      onClose();
    } catch (caught) {
      setError(caught);
    } finally {
      void queryClient.invalidateQueries(trpc.version.list.queryFilter({ sectionId }));
    }
  };
  return (
    <ConfirmDialog
      title={t("title", { label: version.label })}
      body={t("body")}
      confirmLabel={t("confirm")}
      pending={pending}
      error={error ? describe(error) : null}
      onConfirm={() => void confirm()}
      onClose={onClose}
    >
      <p className="muted">{t("undo")}</p>
      <label className="checkbox-label history-keep">
        <input type="checkbox" checked={keepCurrent} onChange={(event) => setKeepCurrent(event.target.checked)} />
        {t("keepCurrent")}
      </label>
    </ConfirmDialog>
  );
}

function VersionDetail({
  section,
  versionId,
  headingRef,
  onBack,
  onView,
  onNotice,
}: {
  section: PlanSection;
  versionId: string;
  headingRef: React.RefObject<HTMLHeadingElement | null>;
  onBack: () => void;
  onView: (view: View) => void;
  onNotice: (notice: Notice) => void;
}) {
  const t = useTranslations("history");
  const trpc = useTRPC();
  const when = useWhen();
  const personLabel = usePersonLabel();
  const query = useQuery(trpc.version.get.queryOptions({ versionId }));
  const [restoring, setRestoring] = useState(false);
  const version = query.data;
  return (
    <div className="history-view">
      <div className="history-view-header">
        <button type="button" className="button button-small" onClick={onBack}>
          {t("back")}
        </button>
        <h3 ref={headingRef} tabIndex={-1} className="history-view-title">
          {version ? t("versionTitle", { label: version.label }) : t("versionTitleLoading")}
        </h3>
      </div>
      {query.isPending ? (
        <LoadingState label={t("loadingVersion")} />
      ) : query.isError ? (
        <ErrorState title={t("versionFailed")} error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <>
          <p className="history-version-meta">
            <KindBadge kind={query.data.kind} />
            <span>{t("savedBy", { who: query.data.createdBy ? personLabel(query.data.createdBy) : t("system"), when: when(query.data.createdAt) })}</span>
            <span className="muted">{t("characters", { count: query.data.textLength })}</span>
          </p>
          <div className="row-actions">
            <button
              type="button"
              className="button button-small"
              onClick={() => onView({ kind: "compare", from: { versionId }, to: { current: true }, title: t("compareTitle.current", { label: query.data.label }) })}
            >
              {t("compareCurrent")}
            </button>
            {section.canSaveVersion && (
              <button type="button" className="button button-small button-danger" onClick={() => setRestoring(true)}>
                {t("restore")}
              </button>
            )}
          </div>
          {query.data.figures.length > 0 && (
            <FigureTable caption={t("figuresThen")} rows={query.data.figures.map((figure) => ({ id: figure.id, now: figure }))} />
          )}
          <VersionBody content={query.data.content} figures={query.data.figures} label={t("bodyLabel", { label: query.data.label })} />
          {restoring && (
            <RestoreDialog
              sectionId={section.id}
              version={query.data}
              onClose={() => setRestoring(false)}
              onNotice={onNotice}
            />
          )}
        </>
      )}
    </div>
  );
}

/** A version's text as it was, read-only, chips named after the figures stored with it. */
function VersionBody({ content, figures, label }: { content: Record<string, unknown>; figures: { id: string; name: string }[]; label: string }) {
  const tKind = useTranslations("references.kind");
  const extensions = useMemo(() => {
    const names = new Map(figures.map((figure) => [figure.id, figure.name]));
    return diffSchemaExtensions({ chipLabel: (kind, id) => names.get(id) ?? tKind(kind) });
  }, [figures, tKind]);
  const editor = useEditor(
    {
      immediatelyRender: false,
      shouldRerenderOnTransaction: false,
      editable: false,
      extensions,
      content,
      editorProps: { attributes: { class: "section-body-editor diff-body", "aria-readonly": "true" } },
    },
    [extensions, content],
  );
  return <ReadOnlyBody editor={editor} label={label} />;
}
