"use client";

import { useTranslations } from "next-intl";
import { useRef, useState, type FormEvent, type ReactNode } from "react";
import { Field } from "../_components/field";
import { Modal } from "../_components/modal";
import "./review.css";

/** The server's bound on review messages and reasons (server/routers/review.ts). */
export const REVIEW_MESSAGE_MAX_LENGTH = 2000;

/**
 * A review step that carries a short text: 提交审阅 (说明, optional), 通过 (审阅意见, optional),
 * 退回修改 (理由, required). The text box takes the focus when the dialog opens.
 */
export function MessageDialog({
  title,
  body,
  label,
  hint,
  requiredMessage,
  confirmLabel,
  pending,
  error,
  onConfirm,
  onClose,
}: {
  title: string;
  body: string;
  label: string;
  hint?: string;
  /** Set when the text is required: shown beside the box when it is left empty. */
  requiredMessage?: string;
  confirmLabel: string;
  pending: boolean;
  error: ReactNode;
  onConfirm: (message: string) => void;
  onClose: () => void;
}) {
  const t = useTranslations("common");
  const [text, setText] = useState("");
  const [missing, setMissing] = useState(false);
  const textRef = useRef<HTMLTextAreaElement>(null);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const message = text.trim();
    if (requiredMessage && !message) {
      setMissing(true);
      textRef.current?.focus();
      return;
    }
    onConfirm(message);
  }

  return (
    <Modal title={title} onClose={onClose}>
      <form className="review-dialog" onSubmit={onSubmit} noValidate>
        <p>{body}</p>
        {error && (
          <div className="alert alert-error" role="alert">
            {error}
          </div>
        )}
        <Field label={label} hint={hint} error={missing ? requiredMessage : undefined}>
          {(control) => (
            <textarea
              {...control}
              ref={textRef}
              rows={4}
              maxLength={REVIEW_MESSAGE_MAX_LENGTH}
              required={Boolean(requiredMessage)}
              value={text}
              onChange={(event) => {
                setText(event.target.value);
                if (event.target.value.trim()) setMissing(false);
              }}
            />
          )}
        </Field>
        <div className="modal-actions">
          <button type="button" className="button" onClick={onClose}>
            {t("cancel")}
          </button>
          <button type="submit" className="button button-primary" disabled={pending} aria-busy={pending}>
            {pending ? t("working") : confirmLabel}
          </button>
        </div>
      </form>
    </Modal>
  );
}
