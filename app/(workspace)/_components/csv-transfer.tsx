"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { useErrorText } from "./error-text";
import { saveFile } from "./save-file";
import type { RouterOutputs } from "./types";

type CsvImportResult = RouterOutputs["project"]["importCsv"];
type CsvRowError = Extract<CsvImportResult, { ok: false }>["errors"][number];

/** The server takes at most 2 MB of CSV text (server/routers/inputs.ts). */
const MAX_CSV_BYTES = 2_000_000;
const BOM = "\uFEFF";

/** A download of CSV text, keeping (or adding) the byte-order mark that Excel and WPS need. */
export function CsvExportButton({ label, fileName, load, onError }: { label: string; fileName: string; load: () => Promise<string>; onError: (error: unknown) => void }) {
  const t = useTranslations("csv");
  const [pending, setPending] = useState(false);

  async function download() {
    setPending(true);
    try {
      const text = await load();
      saveFile(new Blob([text.startsWith(BOM) ? text : BOM + text], { type: "text/csv;charset=utf-8" }), fileName);
    } catch (error) {
      onError(error);
    } finally {
      setPending(false);
    }
  }

  return (
    <button type="button" className="button" onClick={() => void download()} disabled={pending} aria-busy={pending}>
      {pending ? t("exporting") : label}
    </button>
  );
}

/** Excel saves CSV as UTF-8 or, on Chinese Windows, as GBK; both are read. */
async function readCsvFile(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("gb18030").decode(bytes);
  }
}

type ImportOutcome =
  | { kind: "rejected"; errors: CsvRowError[] }
  | { kind: "imported"; created: number; updated: number }
  | { kind: "failed"; message: string };

/**
 * State of one CSV import: the picked file is read, sent, and the outcome kept for
 * <CsvImportReport>. The server validates every row and writes nothing unless all are valid.
 */
export function useCsvImport({ run, onImported }: { run: (csv: string) => Promise<CsvImportResult>; onImported: () => Promise<unknown> | void }) {
  const t = useTranslations("csv");
  const errorText = useErrorText();
  const [fileName, setFileName] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);
  const importFile = useMutation({
    mutationFn: async (file: File): Promise<ImportOutcome> => {
      if (file.size > MAX_CSV_BYTES) return { kind: "failed", message: t("fileTooLarge") };
      let csv: string;
      try {
        csv = await readCsvFile(file);
      } catch {
        return { kind: "failed", message: t("readFailed") };
      }
      const result = await run(csv);
      if (!result.ok) return { kind: "rejected", errors: result.errors };
      await onImported();
      return { kind: "imported", created: result.created, updated: result.updated };
    },
    onMutate: (file) => {
      setFileName(file.name);
      setOutcome(null);
    },
    onSuccess: (result) => setOutcome(result),
    onError: (error) => setOutcome({ kind: "failed", message: t("requestFailed", { reason: errorText.summary(error) }) }),
  });
  return {
    start: (file: File) => importFile.mutate(file),
    pending: importFile.isPending,
    fileName,
    outcome,
    dismiss: () => setOutcome(null),
  };
}

export type CsvImport = ReturnType<typeof useCsvImport>;

/** The 导入 CSV button: opens the file picker and starts the import when a file is chosen. */
export function CsvImportButton({ label, csvImport }: { label: string; csvImport: CsvImport }) {
  const inputRef = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" className="button" onClick={() => inputRef.current?.click()} disabled={csvImport.pending} aria-busy={csvImport.pending}>
        {label}
      </button>
      <input
        ref={inputRef}
        type="file"
        accept=".csv,text/csv"
        className="visually-hidden"
        // The button above is the control for keyboards and screen readers; this input only opens the picker.
        tabIndex={-1}
        aria-hidden="true"
        onChange={(event) => {
          const file = event.target.files?.[0];
          // Cleared so that choosing the same (corrected) file again starts a new import.
          event.target.value = "";
          if (file) csvImport.start(file);
        }}
      />
    </>
  );
}

/**
 * Progress and outcome of an import: 「正在校验…」, then either the counts written or every bad row
 * (line, column, translated reason, content), with the reminder that nothing was written.
 */
export function CsvImportReport({ csvImport, hint, successText }: { csvImport: CsvImport; hint: string; successText: (counts: { created: number; updated: number }) => string }) {
  const t = useTranslations("csv");
  const { outcome, pending, fileName } = csvImport;
  const headingRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (outcome?.kind === "rejected") headingRef.current?.focus();
  }, [outcome]);

  return (
    <div className="csv-report">
      <div role="status">
        {pending && (
          <p className="csv-progress">
            <span className="spinner" aria-hidden="true" />
            {fileName ? t("validatingFile", { fileName }) : t("validating")}
          </p>
        )}
        {outcome?.kind === "imported" && (
          <div className="alert alert-success notice">
            <span>{successText(outcome)}</span>
            <button type="button" className="notice-dismiss" onClick={csvImport.dismiss}>
              {t("close")}
            </button>
          </div>
        )}
      </div>
      <div role="alert">
        {outcome?.kind === "failed" && (
          <div className="alert alert-error notice">
            <span>{outcome.message}</span>
            <button type="button" className="notice-dismiss" onClick={csvImport.dismiss}>
              {t("close")}
            </button>
          </div>
        )}
      </div>
      {outcome?.kind === "rejected" && (
        <section className="alert alert-error csv-errors" aria-labelledby="csv-errors-title" data-testid="csv-errors">
          <div className="csv-errors-header">
            <div>
              <p id="csv-errors-title" ref={headingRef} tabIndex={-1} className="csv-errors-title">
                {t("rejectedTitle", { count: outcome.errors.length })}
              </p>
              <p>{t("rejectedBody")}</p>
            </div>
            <button type="button" className="notice-dismiss" onClick={csvImport.dismiss}>
              {t("close")}
            </button>
          </div>
          <CsvErrorTable errors={outcome.errors} />
          <p className="field-hint">{hint}</p>
        </section>
      )}
    </div>
  );
}

function CsvErrorTable({ errors }: { errors: CsvRowError[] }) {
  const t = useTranslations("csv");
  return (
    <div className="table-scroll csv-errors-scroll" role="region" aria-labelledby="csv-errors-caption" tabIndex={0}>
      <table className="data-table">
        <caption id="csv-errors-caption" className="visually-hidden">
          {t("errorsCaption")}
        </caption>
        <thead>
          <tr>
            <th scope="col" className="numeric">
              {t("columns.line")}
            </th>
            <th scope="col">{t("columns.column")}</th>
            <th scope="col">{t("columns.reason")}</th>
            <th scope="col">{t("columns.value")}</th>
          </tr>
        </thead>
        <tbody>
          {errors.map((error, index) => (
            <tr key={`${error.line}-${error.column}-${index}`} data-testid="csv-error-row">
              <td className="numeric">{error.line}</td>
              <td>{error.column}</td>
              <td>{t(`reasons.${error.reason}`)}</td>
              <td className="csv-error-value">{error.value === "" ? <span className="muted">{t("emptyValue")}</span> : error.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
