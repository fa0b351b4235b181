"use client";

import { useTranslations } from "next-intl";
import { type FormEvent, type ReactNode, useEffect, useRef, useState } from "react";
import type { SectionSession } from "@/lib/editor/section-session";
import { isBlankBody } from "@/lib/editor/blank-body";
import { SECTION_FRAGMENT } from "@/lib/editor/names";
import type { ImportSummary } from "@/server/services/import/convert";
import { Field } from "../../_components/field";
import { Modal } from "../../_components/modal";
import { ProgressBar } from "../../_components/progress-bar";
import "./import-dialog.css";

/** The server reads at most 10 MB (server/services/import); larger files are refused before uploading. */
const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
const ACCEPT = ".docx,.md,.markdown,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/markdown";

type ImportSuccess = { ok: true; summary: ImportSummary; planId: string; title?: string; sectionCount?: number };
type ImportFailure = { ok: false; code: string; message: string; params?: Record<string, string | number> };

type Phase =
  | { kind: "idle" }
  | { kind: "uploading"; fileName: string; progress: number }
  | { kind: "converting"; fileName: string }
  | { kind: "done"; fileName: string; result: ImportSuccess }
  | { kind: "failed"; message: string };

/** Posts the file as the raw body with XMLHttpRequest, whose upload events give the progress. */
function postFile(query: URLSearchParams, file: File, onProgress: (fraction: number) => void, onSent: () => void) {
  return new Promise<{ status: number; body: ImportSuccess | ImportFailure | null }>((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", `/api/import?${query.toString()}`);
    request.setRequestHeader("content-type", file.type || "application/octet-stream");
    request.setRequestHeader("x-file-name", encodeURIComponent(file.name));
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / Math.max(1, event.total));
    };
    request.upload.onload = onSent;
    request.onload = () => {
      let body: ImportSuccess | ImportFailure | null = null;
      try {
        body = JSON.parse(request.responseText) as ImportSuccess | ImportFailure;
      } catch {
        body = null;
      }
      resolve({ status: request.status, body });
    };
    request.onerror = () => reject(new Error("network"));
    request.onabort = () => reject(new Error("network"));
    request.send(file);
  });
}

/** Upload state of one import: progress while sending, then converting, then the outcome. */
function useImportUpload() {
  const t = useTranslations("import");
  const tError = useTranslations("importErrors");
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });

  const failureMessage = (status: number, body: ImportSuccess | ImportFailure | null): string => {
    if (status === 401) return t("sessionEnded");
    if (body && !body.ok && tError.has(body.code as never)) return tError(body.code as never, body.params as never);
    if (body && !body.ok && body.message) return body.message;
    return tError("INTERNAL");
  };

  const start = async (file: File, query: URLSearchParams): Promise<ImportSuccess | null> => {
    const fileName = file.name;
    if (file.size > MAX_IMPORT_BYTES) {
      setPhase({ kind: "failed", message: tError("FILE_TOO_LARGE", { megabytes: MAX_IMPORT_BYTES / 1024 / 1024 }) });
      return null;
    }
    setPhase({ kind: "uploading", fileName, progress: 0 });
    try {
      const { status, body } = await postFile(
        query,
        file,
        (progress) => setPhase({ kind: "uploading", fileName, progress }),
        () => setPhase({ kind: "converting", fileName }),
      );
      if (status >= 200 && status < 300 && body?.ok) {
        setPhase({ kind: "done", fileName, result: body });
        return body;
      }
      setPhase({ kind: "failed", message: failureMessage(status, body) });
    } catch {
      setPhase({ kind: "failed", message: t("networkError") });
    }
    return null;
  };
  return { phase, start, reset: () => setPhase({ kind: "idle" }) };
}

/** Counts of what was imported, and a list of what was left out (or that nothing was). */
export function ImportSummaryView({ summary }: { summary: ImportSummary }) {
  const t = useTranslations("import");
  const dropped = (Object.keys(summary.dropped) as (keyof ImportSummary["dropped"])[]).filter((key) => summary.dropped[key] > 0);
  return (
    <div className="import-summary" data-testid="import-summary">
      <p>{t("counts", { headings: summary.headings, paragraphs: summary.paragraphs, lists: summary.lists, tables: summary.tables, links: summary.links })}</p>
      {dropped.length === 0 ? (
        <p className="muted">{t("nothingDropped")}</p>
      ) : (
        <>
          <p className="import-dropped-title">{t("droppedTitle")}</p>
          <ul className="import-dropped">
            {dropped.map((key) => (
              <li key={key}>{t(`dropped.${key}`, { count: summary.dropped[key] })}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/**
 * The import dialog: intro and limits, a file field (plus `fields` of the caller), upload progress,
 * then a summary of what was imported and dropped, or why nothing was. Used for a section and for a new plan.
 */
export function ImportDialog({
  title,
  intro,
  limits,
  fields,
  query,
  doneText,
  doneActions,
  onImported,
  onClose,
}: {
  title: string;
  intro: string;
  limits: string;
  fields?: ReactNode;
  query: () => URLSearchParams;
  doneText: (result: ImportSuccess, fileName: string) => string;
  doneActions?: (result: ImportSuccess) => ReactNode;
  onImported?: (result: ImportSuccess) => void;
  onClose: () => void;
}) {
  const t = useTranslations("import");
  const upload = useImportUpload();
  const [file, setFile] = useState<File | null>(null);
  const [missingFile, setMissingFile] = useState(false);
  const outcomeRef = useRef<HTMLDivElement>(null);
  const { phase } = upload;
  const busy = phase.kind === "uploading" || phase.kind === "converting";

  useEffect(() => {
    if (phase.kind === "done" || phase.kind === "failed") outcomeRef.current?.focus();
  }, [phase.kind]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) {
      setMissingFile(true);
      return;
    }
    const result = await upload.start(file, query());
    if (result) onImported?.(result);
  };

  return (
    <Modal title={title} onClose={busy ? () => undefined : onClose}>
      <form className="import-dialog" onSubmit={(event) => void submit(event)} noValidate data-testid="import-dialog">
        <p>{intro}</p>
        <p className="muted">{limits}</p>
        {phase.kind !== "done" && (
          <>
            <Field label={t("fileLabel")} hint={t("fileHint")} error={missingFile ? t("noFile") : undefined}>
              {(control) => (
                <input
                  {...control}
                  type="file"
                  accept={ACCEPT}
                  disabled={busy}
                  onChange={(event) => {
                    setFile(event.target.files?.[0] ?? null);
                    setMissingFile(false);
                    if (phase.kind === "failed") upload.reset();
                  }}
                />
              )}
            </Field>
            {fields}
          </>
        )}
        <div role="status" className="import-progress">
          {phase.kind === "uploading" && (
            <>
              <p>{t("uploading", { fileName: phase.fileName })}</p>
              <ProgressBar value={phase.progress} label={t("progressLabel")} />
            </>
          )}
          {phase.kind === "converting" && (
            <p>
              <span className="spinner" aria-hidden="true" /> {t("converting", { fileName: phase.fileName })}
            </p>
          )}
        </div>
        {phase.kind === "done" && (
          <div ref={outcomeRef} tabIndex={-1} className="alert alert-success import-outcome" data-testid="import-done">
            <p className="import-outcome-title">{doneText(phase.result, phase.fileName)}</p>
            <ImportSummaryView summary={phase.result.summary} />
          </div>
        )}
        {phase.kind === "failed" && (
          <div ref={outcomeRef} tabIndex={-1} className="alert alert-error import-outcome" role="alert" data-testid="import-failed">
            <p className="import-outcome-title">{t("failedTitle")}</p>
            <p>{phase.message}</p>
          </div>
        )}
        <div className="modal-actions">
          {phase.kind === "done" ? (
            <>
              {doneActions?.(phase.result)}
              <button type="button" className="button button-primary" onClick={onClose}>
                {t("close")}
              </button>
            </>
          ) : (
            <>
              <button type="button" className="button" onClick={onClose} disabled={busy}>
                {t("cancel")}
              </button>
              <button type="submit" className="button button-primary" disabled={busy} aria-busy={busy}>
                {t("start")}
              </button>
            </>
          )}
        </div>
      </form>
    </Modal>
  );
}

/** Whether the section's live body is blank (re-checked on every change); null until it has loaded. */
export function useBlankBody(session: SectionSession | null, loaded: boolean): boolean | null {
  const [blank, setBlank] = useState<boolean | null>(null);
  useEffect(() => {
    if (!session || !loaded) {
      setBlank(null);
      return;
    }
    const fragment = session.doc.getXmlFragment(SECTION_FRAGMENT);
    const check = () => setBlank(isBlankBody(fragment));
    check();
    session.doc.on("update", check);
    return () => session.doc.off("update", check);
  }, [session, loaded]);
  return blank;
}

/**
 * 「导入 Word / Markdown」 under an empty section the user may edit (`offered`), and its dialog. The
 * dialog stays open after the import has filled the section (and the offer is gone) to show the summary.
 */
export function SectionImportOffer({ section, offered }: { section: { id: string; number: string; title: string }; offered: boolean }) {
  const t = useTranslations("import");
  const [open, setOpen] = useState(false);
  return (
    <>
      {offered && (
        <div className="section-empty-import" data-testid="section-empty-import">
          <p className="muted">{t("emptyHint")}</p>
          <button type="button" className="button button-small" onClick={() => setOpen(true)}>
            {t("action")}
          </button>
        </div>
      )}
      {open && (
        <ImportDialog
          title={t("sectionDialogTitle", { number: section.number, title: section.title })}
          intro={t("sectionIntro")}
          limits={t("sectionLimits")}
          query={() => new URLSearchParams({ sectionId: section.id })}
          doneText={(_result, fileName) => t("doneSection", { fileName })}
          onClose={() => setOpen(false)}
        />
      )}
    </>
  );
}
