"use client";

import { useTranslations } from "next-intl";
import { useCallback, useRef, useState } from "react";
import { ProgressBar } from "../../_components/progress-bar";
import { saveFile } from "../../_components/save-file";

/** Where the export downloads live (server/services/export/http.ts). */
export function planExportUrl(planId: string, options: { sectionId?: string | null; approved?: boolean }) {
  const params = new URLSearchParams();
  if (options.approved) params.set("approved", "1");
  if (options.sectionId) params.set("section", options.sectionId);
  const query = params.toString();
  return `/api/plans/${planId}/export.docx${query ? `?${query}` : ""}`;
}

export function redlineUrl(planId: string, sectionId: string, from: string, to: string) {
  return `/api/plans/${planId}/sections/${sectionId}/redline.docx?${new URLSearchParams({ from, to }).toString()}`;
}

/** The UTF-8 file name of a Content-Disposition header (RFC 5987), else its plain name. */
function fileNameOf(header: string | null, fallback: string): string {
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(header ?? "")?.[1];
  if (encoded) {
    try {
      return decodeURIComponent(encoded);
    } catch {
      // A malformed name: fall through to the plain one.
    }
  }
  return /filename="([^"]+)"/i.exec(header ?? "")?.[1] ?? fallback;
}

type DownloadState =
  | { phase: "idle" }
  | { phase: "generating" }
  | { phase: "receiving"; received: number; total: number | null }
  | { phase: "done"; fileName: string }
  | { phase: "failed"; message: string };

class DownloadError extends Error {}

/**
 * A file download through fetch, so the page can say what is happening: generating (until the
 * server answers), receiving (with progress when the size is known), done or failed with a reason
 * and what to do next. The browser then saves the file under the server's (Chinese) file name.
 */
export function useFileDownload() {
  const t = useTranslations("export");
  const [state, setState] = useState<DownloadState>({ phase: "idle" });
  const running = useRef(false);

  const start = useCallback(
    async (url: string, fallbackName: string) => {
      if (running.current) return;
      running.current = true;
      setState({ phase: "generating" });
      try {
        let response: Response;
        try {
          response = await fetch(url, { credentials: "same-origin", headers: { accept: "application/vnd.openxmlformats-officedocument.wordprocessingml.document, application/json" } });
        } catch {
          throw new DownloadError(t("errors.network"));
        }
        if (!response.ok) {
          const body = (await response.json().catch(() => null)) as { message?: string } | null;
          const reason = body?.message ?? String(response.status);
          if (response.status === 401) throw new DownloadError(t("errors.unauthorized"));
          if (response.status === 403) throw new DownloadError(t("errors.forbidden"));
          if (response.status === 404) throw new DownloadError(t("errors.notFound"));
          if (response.status === 400) throw new DownloadError(t("errors.badRequest", { reason }));
          throw new DownloadError(t("errors.server"));
        }
        const total = Number(response.headers.get("content-length")) || null;
        const chunks: Uint8Array<ArrayBuffer>[] = [];
        let received = 0;
        setState({ phase: "receiving", received, total });
        try {
          const reader = response.body!.getReader();
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            chunks.push(value);
            received += value.length;
            setState({ phase: "receiving", received, total });
          }
        } catch {
          throw new DownloadError(t("errors.network"));
        }
        const fileName = fileNameOf(response.headers.get("content-disposition"), fallbackName);
        saveFile(new Blob(chunks, { type: response.headers.get("content-type") ?? "application/octet-stream" }), fileName);
        setState({ phase: "done", fileName });
      } catch (error) {
        setState({ phase: "failed", message: error instanceof DownloadError ? error.message : t("errors.server") });
      } finally {
        running.current = false;
      }
    },
    [t],
  );

  return { state, start, pending: state.phase === "generating" || state.phase === "receiving", reset: () => setState({ phase: "idle" }) };
}

/** What a download is doing, announced politely; failures as alerts. */
export function DownloadStatus({ state }: { state: DownloadState }) {
  const t = useTranslations("export");
  return (
    <div className="export-status">
      <div role="status">
        {state.phase === "generating" && (
          <p className="export-progress">
            <span className="spinner" aria-hidden="true" />
            {t("generating")}
          </p>
        )}
        {state.phase === "receiving" &&
          (state.total ? (
            <ProgressBar value={state.received / state.total} label={t("progressLabel")} />
          ) : (
            <p className="export-progress">
              <span className="spinner" aria-hidden="true" />
              {t("receiving")}
            </p>
          ))}
        {state.phase === "done" && <p className="alert alert-success">{t("downloaded", { fileName: state.fileName })}</p>}
      </div>
      <div role="alert">{state.phase === "failed" && <p className="alert alert-error">{state.message}</p>}</div>
    </div>
  );
}

export type FileDownload = ReturnType<typeof useFileDownload>;
