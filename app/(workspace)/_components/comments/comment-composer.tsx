"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type Editor, useEditorState } from "@tiptap/react";
import type { EditorView } from "@tiptap/pm/view";
import { useTranslations } from "next-intl";
import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState } from "react";
import type * as Y from "yjs";
import { fieldErrorsOf, useTRPC } from "@/app/_components/trpc";
import { anchorSourceOf, type EncodedAnchors, encodeRangeAnchors, resolveRangeAnchors } from "@/lib/editor/comment-anchors";
import { useErrorText } from "../error-text";
import "./comments.css";

const MAX_QUOTE_LENGTH = 500;

/** The editor's view once it is on the page (Tiptap's placeholder view throws on most fields). */
export function mountedView(editor: Editor | null): EditorView | null {
  if (!editor || editor.isDestroyed) return null;
  try {
    return editor.view.dom ? editor.view : null;
  } catch {
    return null;
  }
}

type Draft = EncodedAnchors & { quote: string; from: number; to: number };

/** Anchors and quote for the editor's selection, or null when it cannot be anchored in the section's text. */
function draftOf(editor: Editor, doc: Y.Doc): Draft | null {
  const { state } = editor;
  const { from, to } = state.selection;
  const source = anchorSourceOf(state, doc);
  if (!source || from >= to) return null;
  const anchors = encodeRangeAnchors(source, from, to);
  if (!anchors) return null;
  if (!source.snapshots) {
    // In the live text the anchors must lead back to the selection itself.
    const back = resolveRangeAnchors(source, anchors);
    if (!back || back.from !== from || back.to !== to) return null;
  }
  const quote = state.doc.textBetween(from, to, "\n", " ").replace(/\s+/g, " ").trim().slice(0, MAX_QUOTE_LENGTH);
  return quote ? { ...anchors, quote, from, to } : null;
}

const isCommentShortcut = (event: KeyboardEvent) => (event.ctrlKey || event.metaKey) && event.altKey && event.code === "KeyM";

/**
 * 「评论」 for the text selected in `editor` (editable or read-only; Ctrl/Cmd+Alt+M as well): a small
 * form under the selection that opens a thread anchored to it. `doc` is the Y.Doc the editor shows
 * (a diff view's copy works too: it shares the section's item ids). Place it beside the editor inside
 * a positioned container (e.g. `.section-body`): the button and form are placed against it.
 */
export function CommentComposer({
  editor,
  doc,
  sectionId,
  disabled = false,
  onCreated,
}: {
  editor: Editor | null;
  doc: Y.Doc;
  sectionId: string;
  disabled?: boolean;
  /** The new thread's id, after it was stored. */
  onCreated?: (threadId: string) => void;
}) {
  const t = useTranslations("comments");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { summary } = useErrorText();
  const formId = useId();
  const bodyId = useId();
  const hintId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [body, setBody] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [position, setPosition] = useState<{ top: number; left: number } | null>(null);
  const [returnFocus, setReturnFocus] = useState(false);
  // The selection the button was put away for (commented on, or Escape): it comes back with a new one.
  const [dismissedKey, setDismissedKey] = useState<string | null>(null);

  const selection = useEditorState({
    editor,
    selector: ({ editor: current }) => {
      if (!current || current.isDestroyed) return null;
      const { from, to, empty } = current.state.selection;
      // Text to quote, not just a chip or an empty cell.
      if (empty || !current.state.doc.textBetween(from, to, " ", " ").trim()) return null;
      return { from, to };
    },
  });

  const create = useMutation(
    trpc.comment.create.mutationOptions({
      onSuccess: async ({ id }) => {
        await queryClient.invalidateQueries(trpc.comment.list.queryFilter({ sectionId }));
        setDismissedKey(draft ? `${draft.from}:${draft.to}` : null);
        setDraft(null);
        setBody("");
        setNotice(t("composer.created"));
        // An editable text takes the focus back; otherwise onCreated decides (e.g. the new thread).
        if (editor && !editor.isDestroyed && editor.isEditable) editor.commands.focus();
        onCreated?.(id);
      },
      onError: (failure) => {
        const anchorError = fieldErrorsOf(failure).anchorStart ?? fieldErrorsOf(failure).anchorEnd;
        setError(anchorError ? t("composer.anchorFailed") : t("composer.failed", { reason: summary(failure) }));
      },
    }),
  );

  // The button (and the form) sit just under the end of the selection, inside the positioned container.
  const anchorTo = draft?.to ?? selection?.to ?? null;
  useLayoutEffect(() => {
    const view = mountedView(editor);
    const container = rootRef.current?.offsetParent;
    if (!view || !container || anchorTo === null || anchorTo > view.state.doc.content.size) {
      setPosition(null);
      return;
    }
    const coords = view.coordsAtPos(anchorTo);
    const box = container.getBoundingClientRect();
    setPosition({ top: coords.bottom - box.top + 6, left: Math.max(0, Math.min(coords.left - box.left, box.width - 120)) });
  }, [editor, anchorTo, draft]);

  const open = useCallback(() => {
    if (!editor || disabled || create.isPending) return;
    setNotice(null);
    const next = draftOf(editor, doc);
    if (!next) {
      setError(t("composer.anchorFailed"));
      return;
    }
    setError(null);
    setDraft(next);
  }, [editor, doc, disabled, create.isPending, t]);

  // A failed attempt's message belongs to that selection.
  const selectionKey = selection ? `${selection.from}:${selection.to}` : null;
  useEffect(() => {
    if (!draft) setError(null);
  }, [selectionKey, draft]);

  const openRef = useRef(open);
  useEffect(() => {
    openRef.current = open;
  }, [open]);

  // Ctrl/Cmd+Alt+M wherever the selection is in this editor (a read-only editor never has focus).
  useEffect(() => {
    if (!editor || disabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (!isCommentShortcut(event)) return;
      const view = mountedView(editor);
      if (!view || editor.state.selection.empty) return;
      const anchorNode = document.getSelection()?.anchorNode ?? null;
      if (!view.hasFocus() && !(anchorNode && view.dom.contains(anchorNode))) return;
      event.preventDefault();
      openRef.current();
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [editor, disabled]);

  // Back to the text once the form is gone (to the button in a read-only editor, which takes no focus).
  useEffect(() => {
    if (!returnFocus || draft) return;
    setReturnFocus(false);
    if (editor && !editor.isDestroyed && editor.isEditable) editor.commands.focus();
    else buttonRef.current?.focus();
  }, [returnFocus, draft, editor]);

  const close = () => {
    setDraft(null);
    setBody("");
    setError(null);
    setReturnFocus(true);
  };

  const submit = () => {
    if (!draft) return;
    if (!body.trim()) {
      setError(t("composer.emptyBody"));
      return;
    }
    setError(null);
    create.mutate({ sectionId, anchorStart: draft.anchorStart, anchorEnd: draft.anchorEnd, quote: draft.quote, body: body.trim() });
  };

  const showButton = !disabled && !draft && selection !== null && position !== null && selectionKey !== dismissedKey;

  return (
    <div ref={rootRef} className="comment-composer">
      {showButton && (
        <button
          ref={buttonRef}
          type="button"
          className="button button-small comment-add-button"
          style={{ top: position.top, left: position.left }}
          title={t("addButtonTitle")}
          aria-keyshortcuts="Control+Alt+M Meta+Alt+M"
          // Keep the editor's selection (and focus) while the button is pressed.
          onMouseDown={(event) => event.preventDefault()}
          onClick={open}
          onKeyDown={(event) => {
            if (event.key !== "Escape") return;
            setDismissedKey(selectionKey);
            if (editor && !editor.isDestroyed && editor.isEditable) editor.commands.focus();
          }}
        >
          {t("addButton")}
        </button>
      )}
      {draft && (
        <form
          id={formId}
          className="comment-composer-form"
          style={position ? { top: position.top, left: Math.max(0, position.left - 40) } : undefined}
          aria-label={t("composer.title")}
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
          onKeyDown={(event) => {
            if (event.key === "Escape") {
              event.preventDefault();
              event.stopPropagation();
              close();
            } else if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
              event.preventDefault();
              submit();
            }
          }}
        >
          <p className="comment-composer-title">{t("composer.title")}</p>
          <blockquote className="comment-quote" aria-label={t("composer.quoteLabel")}>
            {draft.quote}
          </blockquote>
          <label htmlFor={bodyId} className="visually-hidden">
            {t("composer.bodyLabel")}
          </label>
          <textarea
            id={bodyId}
            className="comment-textarea"
            rows={3}
            maxLength={4000}
            value={body}
            autoFocus
            placeholder={t("composer.bodyLabel")}
            aria-describedby={hintId}
            aria-invalid={error ? true : undefined}
            onChange={(event) => setBody(event.target.value)}
          />
          <p id={hintId} className="field-hint">
            {t("composer.bodyHint")}
          </p>
          {error && (
            <p className="field-error" role="alert">
              {error}
            </p>
          )}
          <div className="comment-form-actions">
            <button type="submit" className="button button-primary button-small" disabled={create.isPending}>
              {create.isPending ? t("composer.submitting") : t("composer.submit")}
            </button>
            <button type="button" className="button button-small" onClick={close}>
              {t("composer.cancel")}
            </button>
          </div>
        </form>
      )}
      {!draft && error && (
        <p className="comment-composer-error field-error" role="alert">
          {error}
        </p>
      )}
      <p className="visually-hidden" role="status">
        {notice}
      </p>
    </div>
  );
}
