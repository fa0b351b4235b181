"use client";

import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { useErrorText } from "./error-text";

export function LoadingState({ label }: { label?: string }) {
  const t = useTranslations("common");
  return (
    <p className="state state-loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {label ?? t("loading")}
    </p>
  );
}

/** A failed load: what happened (from the error code) and a way to try again. */
export function ErrorState({ title, error, onRetry, children }: { title: string; error: unknown; onRetry?: () => void; children?: ReactNode }) {
  const t = useTranslations("common");
  const { summary } = useErrorText();
  return (
    <div className="state state-error" role="alert">
      <p className="state-title">{title}</p>
      <p>{summary(error)}</p>
      {children}
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          {t("retry")}
        </button>
      )}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <p className="state-title">{title}</p>
      {children}
    </div>
  );
}

export type Notice = { tone: "success" | "error"; text: string } | null;

/** Live regions for the outcome of an action; both stay mounted so that new text is announced. */
export function NoticeRegion({ notice, onDismiss }: { notice: Notice; onDismiss: () => void }) {
  const t = useTranslations("common");
  const body = (tone: "success" | "error") =>
    notice?.tone === tone && (
      <div className={`alert alert-${tone} notice`}>
        <span>{notice.text}</span>
        <button type="button" className="notice-dismiss" onClick={onDismiss}>
          {t("dismiss")}
        </button>
      </div>
    );
  return (
    <div className="notice-region">
      <div role="status">{body("success")}</div>
      <div role="alert">{body("error")}</div>
    </div>
  );
}
