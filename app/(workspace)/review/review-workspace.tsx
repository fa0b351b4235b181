"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTRPC } from "@/app/_components/trpc";
import { EmptyState, ErrorState, LoadingState, NoticeRegion, type Notice } from "../_components/feedback";
import { useLiveEvents } from "../_components/live-events";
import { RequireAbility } from "../_components/require-ability";
import type { RouterOutputs } from "../_components/types";
import { ReviewDetail } from "./review-detail";
import { ReviewQueue } from "./review-queue";
import "./review.css";

type Me = RouterOutputs["auth"]["me"];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;


/** 审阅 for leaders and admins; everyone else learns that the page is not for them. */
export function ReviewWorkspace({ requestedSectionId }: { requestedSectionId: string | null }) {
  const t = useTranslations("review");
  return (
    <RequireAbility ability="canReview" denied={{ title: t("deniedTitle"), body: t("deniedBody") }}>
      {(me) => <ReviewDesk me={me} requestedSectionId={requestedSectionId} />}
    </RequireAbility>
  );
}

/**
 * The queue on the left (live: the review topic of the page's stream), the selected section on the right: who sent it and
 * why, the attributed diff with comments, and the decision. A decided section leaves the queue.
 */
function ReviewDesk({ me, requestedSectionId }: { me: Me; requestedSectionId: string | null }) {
  const t = useTranslations("review");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const queueHeadingRef = useRef<HTMLHeadingElement>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const router = useRouter();
  // The decided section closes at once, before the URL without it comes back from the server.
  const [closedId, setClosedId] = useState<string | null>(null);
  const selectedId = requestedSectionId && UUID.test(requestedSectionId) && requestedSectionId !== closedId ? requestedSectionId : null;
  useEffect(() => setClosedId(null), [requestedSectionId]);

  const queue = useQuery(trpc.review.list.queryOptions());
  const refresh = useCallback(() => {
    void queryClient.invalidateQueries(trpc.review.list.queryFilter());
    void queryClient.invalidateQueries(trpc.review.history.pathFilter());
  }, [queryClient, trpc]);
  useLiveEvents("review", { onStarted: refresh, onEvent: refresh });

  const onDecided = useCallback(
    (text: string, tone: "success" | "error") => {
      if (tone === "success") {
        setClosedId(selectedId);
        router.replace("/review", { scroll: false });
      }
      setNotice({ tone, text });
      void queryClient.invalidateQueries(trpc.review.list.queryFilter());
      void queryClient.invalidateQueries(trpc.review.history.pathFilter());
      void queryClient.invalidateQueries(trpc.plan.get.pathFilter());
      void queryClient.invalidateQueries(trpc.version.list.pathFilter());
      if (tone === "success") queueHeadingRef.current?.focus();
    },
    [queryClient, trpc, router, selectedId],
  );

  const entry = queue.data?.find((item) => item.section.id === selectedId) ?? null;

  let detail;
  if (!selectedId) {
    detail = (
      <EmptyState title={t("detail.placeholderTitle")}>
        <p>{t("detail.placeholderBody")}</p>
      </EmptyState>
    );
  } else if (queue.isPending) {
    detail = <LoadingState />;
  } else if (!entry) {
    detail = (
      <EmptyState title={t("detail.notInQueueTitle")}>
        <p>{t("detail.notInQueueBody")}</p>
      </EmptyState>
    );
  } else {
    detail = <ReviewDetail key={entry.section.id} entry={entry} me={me} onDecided={onDecided} />;
  }

  return (
    <div className="page review-page">
      <header className="page-header">
        <h1 className="page-title">{t("title")}</h1>
        <p className="page-intro">{t("intro")}</p>
      </header>
      <NoticeRegion notice={notice} onDismiss={() => setNotice(null)} />
      <div className="review-layout">
        <section className="card review-queue" aria-labelledby="review-queue-title">
          <h2 id="review-queue-title" ref={queueHeadingRef} className="card-title" tabIndex={-1}>
            {t("queue.title")}
            {queue.data && <span className="tag">{t("queue.count", { count: queue.data.length })}</span>}
          </h2>
          {queue.isPending ? (
            <LoadingState />
          ) : queue.isError ? (
            <ErrorState title={t("queue.loadFailed")} error={queue.error} onRetry={() => void queue.refetch()} />
          ) : (
            <ReviewQueue entries={queue.data} selectedId={selectedId} />
          )}
        </section>
        <div className="card review-detail">{detail}</div>
      </div>
    </div>
  );
}
