"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { useTRPC } from "@/app/_components/trpc";
import { useErrorText } from "../../_components/error-text";
import { MessageDialog } from "../../review/message-dialog";
import { latestEvent, useEventWords } from "../../review/review-history";
import type { Me, PlanSection } from "./section-block";
import "./section-review-actions.css";

/**
 * The section's review workflow in the plan, under its header: where it stands in words and the
 * next step — 「提交审阅」 for the owner department's editors, the leader's reason and
 * 「修改后重新提交」 after 退回修改, who approved it and when, 「去审阅」 for leaders.
 * Status changes arrive live through the plan's live events (the plan page refetches plan.get); the review
 * history follows the status.
 */
export function SectionReviewActions({ section, me }: { section: PlanSection; me: Me }) {
  const t = useTranslations("reviewActions");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const words = useEventWords("reviewActions");
  const regionRef = useRef<HTMLDivElement>(null);
  const [submitting, setSubmitting] = useState(false);
  const [notice, setNotice] = useState("");

  const shown = section.status !== "drafting" || section.canSubmit;
  const history = useQuery({ ...trpc.review.history.queryOptions({ sectionId: section.id }), enabled: shown });

  // The status changed (here or in another browser): the decision and its reason changed with it.
  const seenStatus = useRef(section.status);
  useEffect(() => {
    if (seenStatus.current === section.status) return;
    seenStatus.current = section.status;
    if (section.status !== "in_review") setNotice("");
    void queryClient.invalidateQueries(trpc.review.history.queryFilter({ sectionId: section.id }));
  }, [section.status, section.id, queryClient, trpc]);

  const submit = useMutation(
    trpc.section.submit.mutationOptions({
      onSuccess: async () => {
        setSubmitting(false);
        setNotice(t("submitted", { title: section.title }));
        await Promise.all([
          queryClient.invalidateQueries(trpc.plan.get.pathFilter()),
          queryClient.invalidateQueries(trpc.review.history.queryFilter({ sectionId: section.id })),
        ]);
        // The button that opened the dialog is gone: keep the focus on the section's review line.
        regionRef.current?.focus();
      },
    }),
  );

  if (!shown) return null;

  const latest = history.data?.at(-1) ?? null;
  const submitted = latestEvent(history.data, "submitted");
  const sentBack = latestEvent(history.data, "changes_requested");
  const approved = latestEvent(history.data, "approved");
  const resubmitting = section.status === "changes_requested";

  let content;
  if (section.status === "drafting") {
    content = (
      <>
        <p className="review-actions-text">{latest?.action === "reopened" ? t("reopened") : t("drafting")}</p>
        <SubmitButton label={t("submit")} onClick={() => setSubmitting(true)} />
      </>
    );
  } else if (section.status === "in_review") {
    content = (
      <>
        <p className="review-actions-text">
          <strong>{t("inReview")}</strong> {submitted ? t("inReviewBy", words(submitted)) : t("inReviewPlain")}
          {me.abilities.canReview && section.submittedById === me.id && <> {t("ownSubmission")}</>}
        </p>
        {section.canApprove && (
          <Link className="button button-small button-primary" href={`/review?section=${section.id}`}>
            {t("goReview")}
          </Link>
        )}
      </>
    );
  } else if (section.status === "changes_requested") {
    content = (
      <div className="alert alert-warning review-actions-alert">
        <p>
          <strong>{t("changesRequested")}</strong> {sentBack && t("changesRequestedBy", words(sentBack))}
        </p>
        {sentBack?.message && <p className="review-actions-reason">{t("reason", { reason: sentBack.message })}</p>}
        {section.canSubmit && <SubmitButton label={t("resubmit")} onClick={() => setSubmitting(true)} />}
      </div>
    );
  } else {
    content = (
      <p className="review-actions-text">
        <strong>{t("approved")}</strong> {approved && t("approvedBy", words(approved))}
        {approved?.message && <> {t("approvedComment", { comment: approved.message })}</>}
      </p>
    );
  }

  return (
    <div
      ref={regionRef}
      className={`review-actions review-actions-${section.status}`}
      role="group"
      aria-label={t("label")}
      tabIndex={-1}
      data-testid="section-review"
    >
      {content}
      <p className="visually-hidden" role="status">
        {notice}
      </p>
      {submitting && (
        <MessageDialog
          title={t(resubmitting ? "resubmitTitle" : "submitTitle", { title: section.title })}
          body={t("submitBody")}
          label={t("message")}
          hint={t("messageHint")}
          confirmLabel={t(resubmitting ? "resubmit" : "submit")}
          pending={submit.isPending}
          error={submit.isError && errorText.describe(submit.error, ["message"])}
          onConfirm={(message) => submit.mutate({ sectionId: section.id, ...(message ? { message } : {}) })}
          onClose={() => {
            setSubmitting(false);
            submit.reset();
          }}
        />
      )}
    </div>
  );
}

function SubmitButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <button type="button" className="button button-small button-primary" onClick={onClick}>
      {label}
    </button>
  );
}
