"use client";

import { useTranslations } from "next-intl";
import { type FormEvent, useId, useState } from "react";
import { Modal } from "../../_components/modal";
import { DownloadStatus, planExportUrl, useFileDownload } from "./export-download";
import type { PlanSection } from "./section-block";
import "./export.css";

type Scope = "plan" | "section";
type Content = "current" | "approved";
type Format = "docx" | "print";

/** The print view's address for the same choices as the Word file. */
export function printViewUrl(planId: string, options: { sectionId?: string | null; approved?: boolean }) {
  const params = new URLSearchParams();
  if (options.approved) params.set("approved", "1");
  if (options.sectionId) params.set("section", options.sectionId);
  const query = params.toString();
  return `/plans/${planId}/print${query ? `?${query}` : ""}`;
}

/** 「导出」 in the plan header: opens the export dialog. */
export function ExportMenu({ planId, sections }: { planId: string; sections: PlanSection[] }) {
  const t = useTranslations("export");
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="button button-small" aria-haspopup="dialog" onClick={() => setOpen(true)} data-testid="export-open">
        {t("open")}
      </button>
      {open && <ExportDialog planId={planId} sections={sections} onClose={() => setOpen(false)} />}
    </>
  );
}

function Choice<T extends string>({ name, value, current, onChange, label, hint }: { name: string; value: T; current: T; onChange: (value: T) => void; label: string; hint?: string }) {
  const hintId = useId();
  return (
    <label className="export-choice">
      <input type="radio" name={name} value={value} checked={current === value} onChange={() => onChange(value)} aria-describedby={hint ? hintId : undefined} />
      <span>
        <span className="export-choice-label">{label}</span>
        {hint && (
          <span id={hintId} className="field-hint">
            {hint}
          </span>
        )}
      </span>
    </label>
  );
}

/**
 * Whole plan or one section, current text or approved versions only, Word file or print view.
 * The Word file is fetched here so the dialog can show progress and say why a download failed.
 */
function ExportDialog({ planId, sections, onClose }: { planId: string; sections: PlanSection[]; onClose: () => void }) {
  const t = useTranslations("export");
  const name = useId();
  const selectId = useId();
  const [scope, setScope] = useState<Scope>("plan");
  const [sectionId, setSectionId] = useState(sections[0]?.id ?? "");
  const [content, setContent] = useState<Content>("current");
  const [format, setFormat] = useState<Format>("docx");
  const download = useFileDownload();
  const options = { sectionId: scope === "section" ? sectionId : null, approved: content === "approved" };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (format === "print") {
      window.open(printViewUrl(planId, options), "_blank", "noopener");
      onClose();
      return;
    }
    void download.start(planExportUrl(planId, options), "plan.docx");
  };

  return (
    <Modal title={t("dialogTitle")} onClose={onClose}>
      <form className="export-dialog" onSubmit={submit} data-testid="export-dialog">
        <p className="muted">{t("intro")}</p>
        <fieldset className="export-fieldset">
          <legend>{t("scope.legend")}</legend>
          <Choice name={`${name}-scope`} value="plan" current={scope} onChange={setScope} label={t("scope.plan")} />
          <Choice name={`${name}-scope`} value="section" current={scope} onChange={setScope} label={t("scope.section")} />
          {scope === "section" && (
            <div className="export-section-pick">
              <label htmlFor={selectId}>{t("scope.sectionLabel")}</label>
              <select id={selectId} value={sectionId} onChange={(event) => setSectionId(event.target.value)}>
                {sections.map((section) => (
                  <option key={section.id} value={section.id}>
                    {"\u3000".repeat(section.depth)}
                    {section.number} {section.title}
                  </option>
                ))}
              </select>
            </div>
          )}
        </fieldset>
        <fieldset className="export-fieldset">
          <legend>{t("content.legend")}</legend>
          <Choice name={`${name}-content`} value="current" current={content} onChange={setContent} label={t("content.current")} hint={t("content.currentHint")} />
          <Choice name={`${name}-content`} value="approved" current={content} onChange={setContent} label={t("content.approved")} hint={t("content.approvedHint")} />
        </fieldset>
        <fieldset className="export-fieldset">
          <legend>{t("format.legend")}</legend>
          <Choice name={`${name}-format`} value="docx" current={format} onChange={setFormat} label={t("format.docx")} hint={t("format.docxHint")} />
          <Choice name={`${name}-format`} value="print" current={format} onChange={setFormat} label={t("format.print")} hint={t("format.printHint")} />
        </fieldset>
        <DownloadStatus state={download.state} />
        <div className="modal-actions">
          <button type="button" className="button" onClick={onClose}>
            {t("cancel")}
          </button>
          <button type="submit" className="button button-primary" disabled={download.pending} aria-busy={download.pending} data-testid="export-submit">
            {format === "print" ? t("openPrint") : download.pending ? t("generating") : t("download")}
          </button>
        </div>
      </form>
    </Modal>
  );
}
