"use client";

import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { Modal } from "./modal";

/**
 * A destructive action that asks first. Cancel comes first and takes the initial focus; `children`
 * may add an explanation or a safer alternative (e.g. 改为归档) under the error. `refused` drops
 * the confirm button once the server has said the action cannot be done as things stand.
 */
export function ConfirmDialog({
  title,
  body,
  confirmLabel,
  pending,
  error,
  onConfirm,
  onClose,
  refused = false,
  children,
}: {
  title: string;
  body: string;
  confirmLabel: string;
  pending: boolean;
  error: ReactNode;
  onConfirm: () => void;
  onClose: () => void;
  refused?: boolean;
  children?: ReactNode;
}) {
  const t = useTranslations("common");
  return (
    <Modal title={title} onClose={onClose}>
      <p>{body}</p>
      {error && (
        <div className="alert alert-error" role="alert">
          {error}
        </div>
      )}
      {children}
      <div className="modal-actions">
        <button type="button" className="button" onClick={onClose}>
          {t("cancel")}
        </button>
        {!refused && (
          <button type="button" className="button button-danger-solid" onClick={onConfirm} disabled={pending} aria-busy={pending}>
            {pending ? t("working") : confirmLabel}
          </button>
        )}
      </div>
    </Modal>
  );
}
