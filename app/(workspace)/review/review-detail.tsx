"use client";

import type { Editor } from "@tiptap/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import Link from "next/link";
import { useCallback, useEffect, useId, useRef, useState } from "react";
import type * as Y from "yjs";
import { errorCodeOf, useTRPC, useTRPCClient } from "@/app/_components/trpc";
import { anchorSourceOf, resolveRangeAnchors } from "@/lib/editor/comment-anchors";
import { CommentComposer } from "../_components/comments/comment-composer";
import { CommentThreads } from "../_components/comments/comment-threads";
import { useErrorText } from "../_components/error-text";
import { type DiffSide, SectionDiff } from "../_components/section-diff";
import type { RouterOutputs } from "../_components/types";
import { MessageDialog } from "./message-dialog";
import { latestEvent, useEventWords, type ReviewEvent } from "./review-history";
import { type QueueEntry, useDuration, useNow, waitingMsOf } from "./review-queue";

type Me = RouterOutputs["auth"]["me"];
type CompareFrom = "approved" | "lastVisit";

const SINCE_APPROVED: DiffSide = { approved: true };
const SINCE_VISIT: DiffSide = { lastVisit: true };

const dateTimeFormat = { year: "numeric", month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" } as const;

/**
 * One section in review: who sent it and why, the decision, what changed (attributed diff,
 * since the last approval or since this leader last looked) with comments on its phrases, and
 * the earlier rounds. The leader's visit is recorded when they leave a diff they have seen, so that
 * 「自我上次查看以来」 keeps comparing with the visit before this one while they look.
 */
export function ReviewDetail({ entry, me, onDecided }: { entry: QueueEntry; me: Me; onDecided: (text: string, tone: "success" | "error") => void }) {
  const t = useTranslations("review.detail");
  const format = useFormatter();
  const duration = useDuration();
  const now = useNow();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const sectionId = entry.section.id;
  const history = useQuery(trpc.review.history.queryOptions({ sectionId }));
  const submitted = latestEvent(history.data, "submitted");
  const [compareFrom, setCompareFrom] = useState<CompareFrom>("approved");
  const [refreshKey, setRefreshKey] = useState(0);
  const [diffEditor, setDiffEditor] = useState<{ editor: Editor; doc: Y.Doc } | null>(null);
  const [activeThreadId, setActiveThreadId] = useState<string | null>(null);
  useMarkSeenOnLeave(sectionId, diffEditor !== null);
  // A diff is a picture of one moment: the next visit (after a resubmission, say) must not start from this one.
  useEffect(() => () => queryClient.removeQueries(trpc.version.diff.pathFilter()), [queryClient, trpc]);
  const onEditorReady = useCallback((editor: Editor, doc: Y.Doc) => setDiffEditor({ editor, doc }), []);

  /** A thread's quote was picked: select its phrase in the diff and bring it into view. */
  const showThread = (threadId: string) => {
    setActiveThreadId(threadId);
    const thread = queryClient.getQueryData(trpc.comment.list.queryKey({ sectionId }))?.find((candidate) => candidate.id === threadId);
    if (!thread || !diffEditor || diffEditor.editor.isDestroyed) return;
    const source = anchorSourceOf(diffEditor.editor.state, diffEditor.doc);
    const range = source && resolveRangeAnchors(source, thread);
    if (range) diffEditor.editor.chain().setTextSelection(range).scrollIntoView().run();
  };

  // Resubmitted while open: compare with what was sent now.
  const submittedAt = entry.submittedAt?.getTime() ?? null;
  const seenSubmittedAt = useRef(submittedAt);
  useEffect(() => {
    if (seenSubmittedAt.current === submittedAt) return;
    seenSubmittedAt.current = submittedAt;
    setRefreshKey((key) => key + 1);
  }, [submittedAt]);

  const compareName = useId();
  const titleId = useId();
  return (
    <article className="review-section" aria-labelledby={titleId} data-testid="review-detail">
      <header className="review-section-header">
        <p className="review-section-plan">{entry.section.planTitle}</p>
        <h2 id={titleId} className="review-section-title">
          {entry.section.title}
        </h2>
        <dl className="review-facts">
          <div>
            <dt>{t("department")}</dt>
            <dd>{entry.department.name}</dd>
          </div>
          {entry.submitter && (
            <div>
              <dt>{t("submitter")}</dt>
              <dd>
                {entry.submitter.displayName}
                {submitted?.actorDepartment && <span className="muted">{t("aside", { text: submitted.actorDepartment })}</span>}
              </dd>
            </div>
          )}
          {entry.submittedAt && (
            <div>
              <dt>{t("submittedAt")}</dt>
              <dd>
                <time dateTime={entry.submittedAt.toISOString()}>{format.dateTime(entry.submittedAt, dateTimeFormat)}</time>
                <span className="muted">{t("aside", { text: duration(waitingMsOf(entry, now)) })}</span>
              </dd>
            </div>
          )}
        </dl>
        <div className="review-message">
          <h3 className="review-subtitle">{t("message")}</h3>
          {history.isError ? (
            <p className="muted">{t("historyFailed")}</p>
          ) : (
            <p className={submitted?.message ? "review-message-text" : "review-message-text muted"}>{submitted?.message || (history.data ? t("noMessage") : "")}</p>
          )}
        </div>
        <Link className="review-plan-link" href={`/plans/${entry.section.planId}#section-${sectionId}`}>
          {t("openInPlan")}
        </Link>
      </header>

      <ReviewDecision entry={entry} me={me} onDecided={onDecided} />

      <section className="review-diff" aria-labelledby={`${titleId}-diff`}>
        <div className="review-diff-header">
          <h3 id={`${titleId}-diff`} className="review-subtitle">
            {t("diffTitle")}
          </h3>
          <fieldset className="review-compare">
            <legend className="visually-hidden">{t("compareLabel")}</legend>
            <label className={compareFrom === "approved" ? "review-compare-option is-checked" : "review-compare-option"}>
              <input type="radio" name={compareName} checked={compareFrom === "approved"} onChange={() => setCompareFrom("approved")} />
              {t("sinceApproved")}
            </label>
            {entry.lastVisitAt && (
              <label className={compareFrom === "lastVisit" ? "review-compare-option is-checked" : "review-compare-option"}>
                <input type="radio" name={compareName} checked={compareFrom === "lastVisit"} onChange={() => setCompareFrom("lastVisit")} />
                {t("sinceVisit")}
              </label>
            )}
          </fieldset>
          <button type="button" className="button button-small" onClick={() => setRefreshKey((key) => key + 1)}>
            {t("refresh")}
          </button>
        </div>
        <p className="muted review-comment-hint">{t("commentHint")}</p>
        <div className="review-diff-canvas">
          <SectionDiff sectionId={sectionId} from={compareFrom === "approved" ? SINCE_APPROVED : SINCE_VISIT} refreshKey={refreshKey} onEditorReady={onEditorReady} />
          {diffEditor && <CommentComposer editor={diffEditor.editor} doc={diffEditor.doc} sectionId={sectionId} onCreated={setActiveThreadId} />}
        </div>
      </section>

      <CommentThreads sectionId={sectionId} planId={entry.section.planId} me={me} activeThreadId={activeThreadId} onSelectThread={showThread} headingLevel={3} />

      <ReviewRounds history={history.data} />
    </article>
  );
}

/**
 * Records the leader's visit (review.markSeen) when they leave a section whose diff they have
 * seen: another section, another page, or the tab hidden.
 */
function useMarkSeenOnLeave(sectionId: string, seen: boolean) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const seenRef = useRef(seen);
  seenRef.current = seen;
  useEffect(() => {
    const mark = () => {
      if (!seenRef.current) return;
      void client.review.markSeen
        .mutate({ sectionId })
        .then(() => queryClient.invalidateQueries(trpc.review.list.queryFilter()))
        .catch(() => undefined);
    };
    const onVisibility = () => {
      if (document.visibilityState === "hidden") mark();
    };
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      document.removeEventListener("visibilitychange", onVisibility);
      mark();
    };
  }, [sectionId, client, queryClient, trpc]);
}

/** 「通过」 (optional comment) and 「退回修改」 (reason required). Refused decisions are explained. */
function ReviewDecision({ entry, me, onDecided }: { entry: QueueEntry; me: Me; onDecided: (text: string, tone: "success" | "error") => void }) {
  const t = useTranslations("review.decision");
  const tDetail = useTranslations("review.detail");
  const trpc = useTRPC();
  const errorText = useErrorText();
  const [dialog, setDialog] = useState<"approve" | "requestChanges" | null>(null);
  const title = entry.section.title;
  const ownSubmission = entry.submitter?.id === me.id;

  const failed = (error: unknown) => {
    if (errorCodeOf(error) !== "FORBIDDEN") return;
    setDialog(null);
    onDecided(t("forbidden"), "error");
  };
  const approve = useMutation(
    trpc.review.approve.mutationOptions({
      onSuccess: () => {
        setDialog(null);
        onDecided(t("approved", { title }), "success");
      },
      onError: failed,
    }),
  );
  const requestChanges = useMutation(
    trpc.review.requestChanges.mutationOptions({
      onSuccess: () => {
        setDialog(null);
        onDecided(t("sentBack", { title }), "success");
      },
      onError: failed,
    }),
  );
  const close = () => {
    setDialog(null);
    approve.reset();
    requestChanges.reset();
  };

  return (
    <section className="review-decision" aria-label={t("title")}>
      {ownSubmission ? (
        <p className="muted">{tDetail("ownSubmission")}</p>
      ) : (
        <div className="review-decision-buttons">
          <button type="button" className="button button-primary" onClick={() => setDialog("approve")}>
            {t("approve")}
          </button>
          <button type="button" className="button button-danger" onClick={() => setDialog("requestChanges")}>
            {t("requestChanges")}
          </button>
        </div>
      )}
      {dialog === "approve" && (
        <MessageDialog
          title={t("approveTitle", { title })}
          body={t("approveBody")}
          label={t("comment")}
          confirmLabel={t("confirmApprove")}
          pending={approve.isPending}
          error={approve.isError && errorText.describe(approve.error, ["comment"])}
          onConfirm={(comment) => approve.mutate({ sectionId: entry.section.id, ...(comment ? { comment } : {}) })}
          onClose={close}
        />
      )}
      {dialog === "requestChanges" && (
        <MessageDialog
          title={t("requestTitle", { title })}
          body={t("requestBody")}
          label={t("reason")}
          requiredMessage={t("reasonRequired")}
          confirmLabel={t("confirmRequest")}
          pending={requestChanges.isPending}
          error={requestChanges.isError && errorText.describe(requestChanges.error, ["reason"])}
          onConfirm={(reason) => requestChanges.mutate({ sectionId: entry.section.id, reason })}
          onClose={close}
        />
      )}
    </section>
  );
}

/** Earlier submissions and decisions of the section, with the reasons given. */
function ReviewRounds({ history }: { history: ReviewEvent[] | undefined }) {
  const t = useTranslations("review.detail");
  const tEvents = useTranslations("review.historyEvents");
  const words = useEventWords("review.historyEvents");
  if (!history || history.length === 0) return null;
  return (
    <details className="review-rounds">
      <summary>{t("history")}</summary>
      <ol className="review-rounds-list">
        {[...history].reverse().map((event) => {
          const who = words(event);
          return (
            <li key={event.id}>
              <span className="review-rounds-what">{event.action === "reopened" ? tEvents("reopened") : tEvents(event.action, who)}</span>
              <time className="muted" dateTime={event.createdAt.toISOString()}>
                {who.time}
              </time>
              {event.message && <p className="review-rounds-message">{event.message}</p>}
            </li>
          );
        })}
      </ol>
    </details>
  );
}
