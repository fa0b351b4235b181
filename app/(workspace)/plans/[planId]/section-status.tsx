"use client";

import { useFormatter, useTranslations } from "next-intl";
import { CLOSE_MESSAGE_TOO_BIG, CLOSE_SECTION_TOO_LARGE, CLOSE_SESSION_ENDED } from "@/lib/collab/protocol";
import type { Peer } from "@/lib/editor/presence";
import { initialsOf } from "@/lib/editor/presence";
import type { SectionSessionState } from "@/lib/editor/section-session";
import type { RouterOutputs } from "../../_components/types";

type Role = RouterOutputs["auth"]["me"]["role"];

/**
 * Why a section is read-only: the server's MESSAGE_ACCESS (or plan.get's canEdit), or the socket
 * closed with 4401, or an edit refused for its size (4413, 1009).
 */
export type ReadOnlyReason = "department" | "role" | "permission_changed" | "session_ended" | "edit_refused";

export function readOnlyReasonOf(reason: string | undefined, role: Role, closedCode: number | null): ReadOnlyReason {
  if (closedCode === CLOSE_SESSION_ENDED) return "session_ended";
  if (closedCode === CLOSE_SECTION_TOO_LARGE || closedCode === CLOSE_MESSAGE_TOO_BIG) return "edit_refused";
  if (reason === "department" || reason === "role" || reason === "permission_changed") return reason;
  return role === "editor" ? "department" : "role";
}

/** 「可编辑」, or 「只读」 with the reason beside it. */
export function AccessBadge({ canEdit, reason, department, role }: { canEdit: boolean; reason: ReadOnlyReason; department: string; role: Role }) {
  const t = useTranslations("editor.access");
  const tRoles = useTranslations("roles");
  if (canEdit) return <span className="badge badge-access-edit">{t("edit")}</span>;
  return (
    <span className="access-read-only" data-testid="read-only">
      <span className="badge badge-access-read">{t("readOnly")}</span>
      <span className="access-reason">{t(`reasons.${reason}`, { department, role: tRoles(role) })}</span>
    </span>
  );
}

type SaveKind = "connecting" | "saving" | "saved" | "offline" | "live" | "closed";

function saveKindOf(state: SectionSessionState, canEdit: boolean): SaveKind {
  // After 4401 the edits wait in the local copy until the user logs in again.
  if (state.closedCode === CLOSE_SESSION_ENDED) return "offline";
  if (state.closedCode !== null) return "closed";
  if (state.connection === "connecting") return "connecting";
  if (state.connection === "offline") return "offline";
  if (!canEdit) return "live";
  if (state.unsaved > 0) return "saving";
  return state.savedKnown ? "saved" : "connecting";
}

/**
 * The saved state of a section, in a polite live region: 「保存中…」 until the server's committed
 * state covers the local edits, then 「已保存」; 「离线」 with the number of edits waiting to sync.
 * Read-only sections show that they update live.
 */
export function SaveStatus({ state, canEdit }: { state: SectionSessionState | null; canEdit: boolean }) {
  const t = useTranslations("editor.save");
  const kind = state ? saveKindOf(state, canEdit) : null;
  let text = "";
  if (state && kind) {
    if (kind === "offline") text = state.unsaved > 0 ? t("offlineUnsynced", { count: state.unsaved }) : t("offline");
    else if (kind !== "closed") text = t(kind);
  }
  return (
    <span role="status" className={kind ? `save-status save-status-${kind}` : "save-status"} data-testid="save-status">
      {text}
    </span>
  );
}

const MAX_AVATARS = 5;

/** Who else has the section open: initials in their colour; names and departments for screen readers and in tooltips. */
export function PresenceRow({ peers }: { peers: Peer[] }) {
  const t = useTranslations("editor.presence");
  const format = useFormatter();
  if (peers.length === 0) return null;
  const shown = peers.slice(0, MAX_AVATARS);
  const hidden = peers.length - shown.length;
  return (
    <ul className="presence" aria-label={t("label", { count: peers.length })} data-testid="presence">
      {shown.map((peer) => {
        const description = t(peer.editing ? "editing" : "viewing", { name: peer.name, department: peer.department });
        return (
          <li key={peer.userId} className={peer.editing ? "presence-peer is-editing" : "presence-peer"} title={description}>
            <span className="avatar" style={{ backgroundColor: peer.color }} aria-hidden="true">
              {initialsOf(peer.name)}
            </span>
            <span className="visually-hidden">{description}</span>
          </li>
        );
      })}
      {hidden > 0 && (
        <li className="presence-more" title={format.list(peers.slice(MAX_AVATARS).map((peer) => peer.name))}>
          {t("more", { count: hidden })}
        </li>
      )}
    </ul>
  );
}
