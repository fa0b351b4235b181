"use client";

import { useQuery } from "@tanstack/react-query";
import { EditorContent, ReactNodeViewRenderer, useEditor } from "@tiptap/react";
import { useTranslations } from "next-intl";
import { useParams } from "next/navigation";
import { useCallback, useEffect, useId, useMemo, useRef, useState } from "react";
import { useTRPC } from "@/app/_components/trpc";
import {
  anchorSourceOf,
  CommentHighlights,
  type EncodedAnchors,
  type HighlightedThread,
  refreshCommentHighlights,
  resolveRangeAnchors,
} from "@/lib/editor/comment-anchors";
import { collaborativeSectionExtensions } from "@/lib/editor/collaborative-extensions";
import { ReferencePicker } from "@/lib/editor/reference-picker";
import type { SectionSession } from "@/lib/editor/section-session";
import { CommentComposer, mountedView } from "../../_components/comments/comment-composer";
import { CommentThreads } from "../../_components/comments/comment-threads";
import { requestThreadFocus, useCommentThreads, usePendingThreadFocus } from "../../_components/comments/use-comment-threads";
import { EditorToolbar } from "./editor-toolbar";
import { ReferenceChipView } from "./reference-chip";
import { useReferenceSearch } from "./reference-data";
import { ReferencePickerPopup } from "./reference-picker-popup";

const chipView = ReactNodeViewRenderer(ReferenceChipView);

/**
 * A section body bound to its session's Y.Doc. Read-only sections get `editable: false` and no
 * toolbar; they still update live. Chips show live figures in both; `@` / `#` insert them when editable.
 * Everyone who reads it may comment: selected text gets 「评论」, threads are highlighted in the text
 * and listed in the section's collapsible comments area.
 */
export function SectionEditor({
  session,
  sectionId,
  sectionNumber,
  editable,
  userName,
  loaded,
}: {
  session: SectionSession;
  /** For the comment threads anchored in this body. */
  sectionId: string;
  sectionNumber: string;
  editable: boolean;
  userName: string;
  loaded: boolean;
}) {
  const t = useTranslations("editor");
  const [linkOpen, setLinkOpen] = useState(false);
  const openLink = useRef(() => setLinkOpen(true));
  const [picker] = useState(() => new ReferencePicker());
  useEffect(() => () => picker.destroy(), [picker]);
  const search = useReferenceSearch();
  const searchRef = useRef(search);
  useEffect(() => {
    searchRef.current = search;
  }, [search]);
  const tComments = useTranslations("comments.panel");
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions()).data;
  const planId = useParams<{ planId?: string }>().planId ?? null;
  const threads = useCommentThreads(sectionId, planId);
  const [commentsOpen, setCommentsOpen] = useState(false);
  const [activeThreadId, setActiveThreadId] = useState<string | null>(null);
  // Whether choosing the active thread should scroll the list to it (not when an editor clicked into the text).
  const [revealActive, setRevealActive] = useState(true);
  const editableRef = useRef(editable);
  useEffect(() => {
    editableRef.current = editable;
  }, [editable]);
  const commentsPanelId = useId();
  // The highlights read the threads through refs, so that new threads do not recreate the editor.
  const highlightedThreads = useRef<HighlightedThread[]>([]);
  const activeThread = useRef<string | null>(null);
  const selectFromText = useRef((threadId: string) => {
    setActiveThreadId(threadId);
    setRevealActive(!editableRef.current);
    setCommentsOpen(true);
  });
  const extensions = useMemo(
    () => [
      ...collaborativeSectionExtensions({
        session,
        userName,
        onLinkShortcut: () => openLink.current(),
        references: { chipView, picker, search: (kind, query) => searchRef.current(kind, query) },
      }),
      CommentHighlights.configure({
        threads: () => highlightedThreads.current,
        activeThreadId: () => activeThread.current,
        onSelectThread: (threadId) => selectFromText.current(threadId),
      }),
    ],
    [session, userName, picker],
  );
  const label = t("bodyLabel", { number: sectionNumber });
  const editorProps = useMemo(
    () => ({
      attributes: {
        class: "section-body-editor",
        role: "textbox",
        "aria-multiline": "true",
        "aria-label": label,
        "aria-readonly": editable ? "false" : "true",
      },
    }),
    [label, editable],
  );
  const editor = useEditor({ immediatelyRender: false, shouldRerenderOnTransaction: false, editable, extensions, editorProps }, [session]);

  // While the threads are shown, re-ask (at most twice a second) which threads' text is gone.
  const [textVersion, setTextVersion] = useState(0);
  useEffect(() => {
    if (!commentsOpen) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const changed = () => {
      timer ??= setTimeout(() => {
        timer = null;
        setTextVersion((version) => version + 1);
      }, 500);
    };
    session.doc.on("update", changed);
    return () => {
      session.doc.off("update", changed);
      if (timer) clearTimeout(timer);
    };
  }, [commentsOpen, session]);
  const isTextGone = useCallback(
    (anchors: EncodedAnchors) => {
      void textVersion;
      if (!editor || editor.isDestroyed) return false;
      const source = anchorSourceOf(editor.state, session.doc);
      return source !== null && resolveRangeAnchors(source, anchors) === null;
    },
    [editor, session, textVersion],
  );

  useEffect(() => {
    if (editor && !editor.isDestroyed && editor.isEditable !== editable) editor.setEditable(editable);
    if (!editable) setLinkOpen(false);
  }, [editor, editable]);

  useEffect(() => {
    highlightedThreads.current = (threads.data ?? []).map((thread) => ({
      id: thread.id,
      anchorStart: thread.anchorStart,
      anchorEnd: thread.anchorEnd,
      resolved: thread.resolvedAt !== null,
    }));
    activeThread.current = activeThreadId;
    if (editor && !editor.isDestroyed) refreshCommentHighlights(editor.view);
  }, [editor, threads.data, activeThreadId, loaded]);

  // A thread chosen in the list: show where it is in the text.
  const selectFromList = useCallback(
    (threadId: string) => {
      setActiveThreadId(threadId);
      setRevealActive(true);
      const highlight = mountedView(editor)?.dom.querySelector(`[data-thread-id="${CSS.escape(threadId)}"]`);
      const reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      highlight?.scrollIntoView({ block: "center", behavior: reduceMotion ? "auto" : "smooth" });
    },
    [editor],
  );

  // A followed notification asked for one of this section's threads.
  const pendingThreadId = usePendingThreadFocus();
  useEffect(() => {
    if (!pendingThreadId || !threads.data?.some((thread) => thread.id === pendingThreadId)) return;
    requestThreadFocus(null);
    setActiveThreadId(pendingThreadId);
    setRevealActive(true);
    setCommentsOpen(true);
  }, [pendingThreadId, threads.data]);

  // After commenting in a read-only text, focus goes to the new thread (an editable text keeps it).
  const [focusThreadId, setFocusThreadId] = useState<string | null>(null);
  useEffect(() => {
    if (!focusThreadId || !commentsOpen) return;
    const quote = document.getElementById(`comment-thread-${focusThreadId}`)?.querySelector<HTMLElement>(".comment-thread-quote");
    if (!quote) return;
    quote.focus();
    setFocusThreadId(null);
  });

  const openThreads = threads.data?.filter((thread) => thread.resolvedAt === null).length ?? 0;

  return (
    <div className="section-body" aria-busy={!loaded}>
      {editor && editable && (
        <EditorToolbar editor={editor} label={t("toolbar.label", { number: sectionNumber })} linkOpen={linkOpen} onLinkOpenChange={setLinkOpen} />
      )}
      {!loaded && <p className="section-body-loading muted">{t("loadingBody")}</p>}
      <EditorContent editor={editor} />
      <ReferencePickerPopup picker={picker} />
      <CommentComposer
        editor={editor}
        doc={session.doc}
        sectionId={sectionId}
        disabled={!loaded}
        onCreated={(threadId) => {
          setActiveThreadId(threadId);
          setRevealActive(!editable);
          setCommentsOpen(true);
          if (!editable) setFocusThreadId(threadId);
        }}
      />
      {threads.data && (
        <div className="comments-bar">
          <button
            type="button"
            className="button button-small comments-toggle"
            aria-expanded={commentsOpen}
            aria-controls={commentsPanelId}
            aria-label={tComments("toggleLabel", { count: openThreads })}
            onClick={() => setCommentsOpen((current) => !current)}
          >
            {tComments("toggle")}
            {openThreads > 0 && (
              <span className="comments-count" aria-hidden="true">
                {openThreads}
              </span>
            )}
          </button>
        </div>
      )}
      <div id={commentsPanelId} className="comments-panel" hidden={!commentsOpen || !me || !planId}>
        {commentsOpen && me && planId && (
          <CommentThreads
            sectionId={sectionId}
            planId={planId}
            me={me}
            activeThreadId={activeThreadId}
            revealActive={revealActive}
            onSelectThread={selectFromList}
            isTextGone={isTextGone}
          />
        )}
      </div>
    </div>
  );
}
