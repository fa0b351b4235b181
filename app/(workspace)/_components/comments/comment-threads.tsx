"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useNow, useTranslations } from "next-intl";
import { Fragment, type ReactNode, useEffect, useId, useRef, useState } from "react";
import { errorCodeOf, useTRPC } from "@/app/_components/trpc";
import { useErrorText } from "../error-text";
import { ErrorState, LoadingState } from "../feedback";
import type { RouterOutputs } from "../types";
import { type CommentThread, useCommentThreads } from "./use-comment-threads";
import "./comments.css";

type Me = RouterOutputs["auth"]["me"];

/** The same mention pattern as the server's (server/services/comments.ts). */
const MENTION = /(^|[^\w.@-])@([a-z0-9_.-]{2,32})/gi;

/** A comment body with its `@username` mentions highlighted (the reader's own more strongly). */
export function MentionText({ body, myUsername }: { body: string; myUsername?: string }) {
  const t = useTranslations("comments.panel");
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of body.matchAll(MENTION)) {
    const start = match.index + match[1]!.length;
    const username = match[2]!.replace(/\.+$/, "");
    const end = start + 1 + username.length;
    parts.push(body.slice(last, start));
    const mine = username.toLowerCase() === myUsername?.toLowerCase();
    parts.push(
      <mark key={start} className={mine ? "comment-mention comment-mention-me" : "comment-mention"}>
        {body.slice(start, end)}
        {mine && <span className="visually-hidden">（{t("mentionOfMe")}）</span>}
      </mark>,
    );
    last = end;
  }
  parts.push(body.slice(last));
  return (
    <>
      {parts.map((part, index) => (
        <Fragment key={index}>{part}</Fragment>
      ))}
    </>
  );
}

/** "3 分钟前", with the full date and time on hover and for assistive technology. */
export function RelativeTime({ date }: { date: Date }) {
  const format = useFormatter();
  const now = useNow({ updateInterval: 60_000 });
  const full = format.dateTime(date, { dateStyle: "medium", timeStyle: "short" });
  return (
    <time dateTime={date.toISOString()} title={full}>
      {format.relativeTime(date, now)}
    </time>
  );
}

function ThreadItem({
  thread,
  me,
  sectionId,
  active,
  reveal,
  onSelectThread,
  textGone = false,
}: {
  thread: CommentThread;
  me: Me;
  sectionId: string;
  active: boolean;
  reveal: boolean;
  onSelectThread?: (threadId: string) => void;
  /** The commented text no longer exists in the section. */
  textGone?: boolean;
}) {
  const t = useTranslations("comments.panel");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { summary } = useErrorText();
  const replyId = useId();
  const itemRef = useRef<HTMLLIElement>(null);
  const replyRef = useRef<HTMLTextAreaElement>(null);
  const replyButtonRef = useRef<HTMLButtonElement>(null);
  const [replying, setReplying] = useState(false);
  const [reply, setReply] = useState("");
  const [message, setMessage] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const refresh = () => queryClient.invalidateQueries(trpc.comment.list.queryFilter({ sectionId }));
  const failed = (error: unknown) =>
    setMessage({ tone: "error", text: errorCodeOf(error) === "FORBIDDEN" ? t("forbidden") : t("actionFailed", { reason: summary(error) }) });

  const sendReply = useMutation(
    trpc.comment.reply.mutationOptions({
      onSuccess: async () => {
        await refresh();
        setReply("");
        setReplying(false);
        setMessage({ tone: "success", text: t("replied") });
        replyButtonRef.current?.focus();
      },
      onError: failed,
    }),
  );
  const setResolved = useMutation(
    trpc.comment.setResolved.mutationOptions({
      onSuccess: async ({ resolved }) => {
        await refresh();
        setMessage({ tone: "success", text: resolved ? t("resolved") : t("reopened") });
      },
      onError: failed,
    }),
  );

  useEffect(() => {
    if (replying) replyRef.current?.focus();
  }, [replying]);

  useEffect(() => {
    if (!active || !reveal) return;
    const reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    itemRef.current?.scrollIntoView({ block: "nearest", behavior: reduceMotion ? "auto" : "smooth" });
  }, [active, reveal]);

  const resolved = thread.resolvedAt !== null;
  // The policy's answer, sent with the thread (author, owner-department editors, leaders, admins).
  const mayTryResolving = thread.canResolve;

  return (
    <li ref={itemRef} id={`comment-thread-${thread.id}`} className={active ? "comment-thread is-active" : "comment-thread"} data-thread-id={thread.id}>
      <button
        type="button"
        className="comment-thread-quote"
        aria-label={t("showInText", { quote: thread.quote })}
        aria-pressed={active}
        onClick={() => onSelectThread?.(thread.id)}
      >
        <span aria-hidden="true">“{thread.quote}”</span>
      </button>
      {textGone && <p className="comment-text-gone muted">{t("textGone")}</p>}
      <ol className="comment-list">
        {thread.comments.map((comment) => (
          <li key={comment.id} className="comment">
            <p className="comment-meta">
              <span className="comment-author">{t("author", { name: comment.author.displayName, department: comment.author.departmentName })}</span>
              <span className="comment-time">
                <RelativeTime date={comment.createdAt} />
              </span>
            </p>
            <p className="comment-body">
              <MentionText body={comment.body} myUsername={me.username} />
            </p>
          </li>
        ))}
      </ol>
      {resolved && thread.resolvedAt && (
        <p className="comment-resolved-note muted">
          {t("resolvedLabel")} · <RelativeTime date={thread.resolvedAt} />
        </p>
      )}
      {replying ? (
        <form
          className="comment-reply-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (reply.trim()) sendReply.mutate({ threadId: thread.id, body: reply.trim() });
          }}
          onKeyDown={(event) => {
            if (event.key === "Escape") {
              event.preventDefault();
              setReplying(false);
              replyButtonRef.current?.focus();
            } else if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && reply.trim()) {
              event.preventDefault();
              sendReply.mutate({ threadId: thread.id, body: reply.trim() });
            }
          }}
        >
          <label htmlFor={replyId} className="visually-hidden">
            {t("replyLabel")}
          </label>
          <textarea
            ref={replyRef}
            id={replyId}
            className="comment-textarea"
            rows={2}
            maxLength={4000}
            value={reply}
            placeholder={t("replyLabel")}
            onChange={(event) => setReply(event.target.value)}
          />
          <div className="comment-form-actions">
            <button type="submit" className="button button-primary button-small" disabled={sendReply.isPending || !reply.trim()}>
              {sendReply.isPending ? t("replySubmitting") : t("replySubmit")}
            </button>
            <button
              type="button"
              className="button button-small"
              onClick={() => {
                setReplying(false);
                replyButtonRef.current?.focus();
              }}
            >
              {t("replyCancel")}
            </button>
          </div>
        </form>
      ) : (
        <div className="comment-thread-actions">
          <button ref={replyButtonRef} type="button" className="button button-small" onClick={() => setReplying(true)}>
            {t("reply")}
          </button>
          {mayTryResolving && (
            <button
              type="button"
              className="button button-small"
              disabled={setResolved.isPending}
              onClick={() => setResolved.mutate({ threadId: thread.id, resolved: !resolved })}
            >
              {resolved ? t("reopen") : t("resolve")}
            </button>
          )}
        </div>
      )}
      <div role="status" className="comment-thread-status">
        {message?.tone === "success" && <p className="muted">{message.text}</p>}
      </div>
      <div role="alert">{message?.tone === "error" && <p className="field-error">{message.text}</p>}</div>
    </li>
  );
}

/**
 * A section's discussions: open threads (quote, comments, reply, 解决), resolved ones folded under
 * 「已解决 (N)」. Live: refetched when anyone changes the section's threads.
 */
export function CommentThreads({
  sectionId,
  planId,
  me,
  activeThreadId = null,
  revealActive = true,
  onSelectThread,
  headingLevel = 3,
  isTextGone,
}: {
  sectionId: string;
  planId: string;
  me: Me;
  activeThreadId?: string | null;
  /** Scroll the active thread into view (not while someone is writing in the text they clicked). */
  revealActive?: boolean;
  onSelectThread?: (threadId: string) => void;
  headingLevel?: 2 | 3 | 4 | 5;
  /** Whether a thread's anchored text is gone from the section (asked by the editor that shows it). */
  isTextGone?: (anchors: { anchorStart: string; anchorEnd: string }) => boolean;
}) {
  const t = useTranslations("comments.panel");
  const threads = useCommentThreads(sectionId, planId);
  const Heading = `h${headingLevel}` as const;
  const headingId = useId();
  const activeIsResolved = threads.data?.some((thread) => thread.id === activeThreadId && thread.resolvedAt !== null) ?? false;
  const [resolvedOpen, setResolvedOpen] = useState(false);
  useEffect(() => {
    if (activeIsResolved) setResolvedOpen(true);
  }, [activeIsResolved]);

  if (threads.isPending) return <LoadingState label={t("loading")} />;
  if (threads.isError) return <ErrorState title={t("loadFailed")} error={threads.error} onRetry={() => void threads.refetch()} />;

  const open = threads.data.filter((thread) => thread.resolvedAt === null);
  const resolved = threads.data.filter((thread) => thread.resolvedAt !== null);
  const item = (thread: CommentThread) => (
    <ThreadItem
      key={thread.id}
      thread={thread}
      me={me}
      sectionId={sectionId}
      active={thread.id === activeThreadId}
      reveal={revealActive}
      onSelectThread={onSelectThread}
      textGone={isTextGone?.(thread) ?? false}
    />
  );

  return (
    <section className="comment-threads" aria-labelledby={headingId}>
      <Heading id={headingId} className="comment-threads-title">
        {t("title")}
      </Heading>
      {threads.data.length === 0 ? (
        <p className="comment-threads-empty muted">{t("empty")}</p>
      ) : (
        <>
          {open.length > 0 && (
            <ol className="comment-thread-list" aria-label={t("threadsLabel")}>
              {open.map(item)}
            </ol>
          )}
          {open.length === 0 && <p className="comment-threads-empty muted">{t("empty")}</p>}
          {resolved.length > 0 && (
            <details className="comment-resolved" open={resolvedOpen} onToggle={(event) => setResolvedOpen(event.currentTarget.open)}>
              <summary>{t("resolvedGroup", { count: resolved.length })}</summary>
              <ol className="comment-thread-list" aria-label={t("resolvedThreadsLabel")}>
                {resolved.map(item)}
              </ol>
            </details>
          )}
        </>
      )}
    </section>
  );
}
