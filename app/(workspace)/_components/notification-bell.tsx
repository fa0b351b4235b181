"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { type KeyboardEvent, useEffect, useId, useRef, useState } from "react";
import { useTRPC } from "@/app/_components/trpc";
import { RelativeTime } from "./comments/comment-threads";
import { requestThreadFocus } from "./comments/use-comment-threads";
import { useErrorText } from "./error-text";
import { useLiveEvents } from "./live-events";
import type { RouterOutputs } from "./types";
import "./notification-bell.css";

type NotificationItem = RouterOutputs["notification"]["list"]["items"][number];

/** Where following a notification leads: the review page for a leader's submission, else the section in its plan. */
function targetOf(item: NotificationItem, canReview: boolean): string | null {
  if (!item.section) return null;
  if (item.kind === "section_submitted" && canReview) return `/review?section=${item.section.id}`;
  return `/plans/${item.section.planId}#section-${item.section.id}`;
}

function actionOf(item: NotificationItem, isEditor: boolean, t: ReturnType<typeof useTranslations<"notifications">>): string {
  if (item.kind === "section_changes_requested" && item.message) return t("kinds.section_changes_requested_reason", { reason: item.message });
  // Editors hear of comments on their department's sections; everyone else only as a participant.
  if (item.kind === "comment" && !isEditor) return t("kinds.comment_participant");
  return t(`kinds.${item.kind}`);
}

function NotificationText({ item, isEditor }: { item: NotificationItem; isEditor: boolean }) {
  const t = useTranslations("notifications");
  const action = actionOf(item, isEditor, t);
  // The reason is already in the action; other kinds carry the comment (or the submitter's note).
  const excerpt = item.kind === "section_changes_requested" ? "" : item.message;
  return (
    <>
      <span className="notification-line">
        <span className="notification-actor">
          {item.actor ? t("actor", { name: item.actor.displayName, department: item.actor.departmentName }) : t("someone")}
        </span>{" "}
        <span className="notification-action">{action}</span>
      </span>
      <span className="notification-section">{item.section ? item.section.title : t("sectionGone")}</span>
      {excerpt && <span className="notification-excerpt">{excerpt}</span>}
      <span className="notification-time">
        <RelativeTime date={item.createdAt} />
      </span>
    </>
  );
}

/**
 * Keeps the bell's list live: each new notification for me (on the page's live stream) refetches it.
 * Called by the shell from its first render, so the topic joins the page's stream with the page's
 * own topics (the bell itself waits for auth.me).
 */
export function useNotificationEvents() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries(trpc.notification.list.queryFilter());
  useLiveEvents("notifications", { onStarted: refresh, onEvent: refresh });
}

/**
 * The bell in the top bar: 「通知」 with the unread count, opening the newest notifications; following
 * one marks it read. Live through useNotificationEvents (in the shell).
 */
export function NotificationBell() {
  const t = useTranslations("notifications");
  const tCommon = useTranslations("common");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { summary } = useErrorText();
  const me = useQuery(trpc.auth.me.queryOptions());
  const list = useQuery(trpc.notification.list.queryOptions());
  const refresh = () => void queryClient.invalidateQueries(trpc.notification.list.queryFilter());
  const markRead = useMutation(trpc.notification.markRead.mutationOptions({ onSettled: refresh }));

  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const titleId = useId();
  const unread = list.data?.unread ?? 0;
  const items = list.data?.items ?? [];
  const canReview = me.data?.abilities.canReview ?? false;

  // Announce new arrivals (not the first count after loading).
  const [announcement, setAnnouncement] = useState("");
  const previousUnread = useRef<number | null>(null);
  useEffect(() => {
    if (!list.data) return;
    if (previousUnread.current !== null && unread > previousUnread.current) setAnnouncement(t("buttonLabel", { count: unread }));
    previousUnread.current = unread;
  }, [list.data, unread, t]);

  const close = (returnFocus: boolean) => {
    setOpen(false);
    if (returnFocus) buttonRef.current?.focus();
  };

  // Focus moves into the list when it opens.
  useEffect(() => {
    if (!open) return;
    const first = panelRef.current?.querySelector<HTMLElement>(".notification-link") ?? panelRef.current;
    first?.focus();
  }, [open]);

  // A press anywhere else closes it.
  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (event.target instanceof Node && !rootRef.current?.contains(event.target)) setOpen(false);
    };
    document.addEventListener("pointerdown", onPointerDown);
    return () => document.removeEventListener("pointerdown", onPointerDown);
  }, [open]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (!open) return;
    if (event.key === "Escape") {
      event.preventDefault();
      close(true);
      return;
    }
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp" && event.key !== "Home" && event.key !== "End") return;
    const links = [...(panelRef.current?.querySelectorAll<HTMLElement>(".notification-link") ?? [])];
    if (links.length === 0) return;
    event.preventDefault();
    const index = links.indexOf(document.activeElement as HTMLElement);
    const next =
      event.key === "Home" ? 0 : event.key === "End" ? links.length - 1 : event.key === "ArrowDown" ? Math.min(index + 1, links.length - 1) : Math.max(index - 1, 0);
    links[next]?.focus();
  };

  const follow = (item: NotificationItem) => {
    if (!item.readAt) markRead.mutate({ ids: [item.id] });
    if (item.threadId && (item.kind === "mentioned" || item.kind === "comment")) requestThreadFocus(item.threadId);
    setOpen(false);
  };

  return (
    <div
      ref={rootRef}
      className="notification-bell"
      onKeyDown={onKeyDown}
      onBlur={(event) => {
        // Tabbing out of the list closes it.
        if (open && event.relatedTarget instanceof Node && !rootRef.current?.contains(event.relatedTarget)) setOpen(false);
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        className="topbar-link notification-button"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={t("buttonLabel", { count: unread })}
        onClick={() => setOpen((current) => !current)}
      >
        {t("button")}
        {unread > 0 && (
          <span className="notification-count" aria-hidden="true">
            {unread > 99 ? "99+" : unread}
          </span>
        )}
      </button>
      <span className="visually-hidden" role="status">
        {announcement}
      </span>
      <div ref={panelRef} id={panelId} className="notification-panel" role="region" aria-labelledby={titleId} tabIndex={-1} hidden={!open}>
        <div className="notification-panel-header">
          <h2 id={titleId} className="notification-panel-title">
            {t("title")}
          </h2>
          {unread > 0 && (
            <button type="button" className="button button-small" disabled={markRead.isPending} onClick={() => markRead.mutate({ all: true })}>
              {markRead.isPending ? t("markingAllRead") : t("markAllRead")}
            </button>
          )}
          <button type="button" className="notification-close" aria-label={t("close")} onClick={() => close(true)}>
            <span aria-hidden="true">×</span>
          </button>
        </div>
        {markRead.isError && (
          <p className="field-error notification-error" role="alert">
            {t("openFailed", { reason: summary(markRead.error) })}
          </p>
        )}
        {list.isError ? (
          <p className="field-error notification-error" role="alert">
            {t("loadFailed")} {summary(list.error)}
          </p>
        ) : items.length === 0 ? (
          <p className="notification-empty muted">{list.isPending ? tCommon("loading") : t("empty")}</p>
        ) : (
          <ul className="notification-list">
            {items.map((item) => {
              const href = targetOf(item, canReview);
              const isUnread = item.readAt === null;
              const content = (
                <>
                  {isUnread && (
                    <span className="notification-dot">
                      <span className="visually-hidden">{t("unread")}</span>
                    </span>
                  )}
                  <NotificationText item={item} isEditor={me.data?.role === "editor"} />
                </>
              );
              return (
                <li key={item.id} className={isUnread ? "notification-item is-unread" : "notification-item"}>
                  {href ? (
                    <Link href={href} className="notification-link" onClick={() => follow(item)}>
                      {content}
                    </Link>
                  ) : (
                    <button type="button" className="notification-link" onClick={() => follow(item)}>
                      {content}
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </div>
  );
}
