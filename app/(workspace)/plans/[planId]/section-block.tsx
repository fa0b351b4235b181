"use client";

import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import {
  CLOSE_ACCESS_REMOVED,
  CLOSE_MESSAGE_TOO_BIG,
  CLOSE_PROTOCOL_ABUSE,
  CLOSE_SECTION_DELETED,
  CLOSE_SECTION_TOO_LARGE,
  CLOSE_SESSION_ENDED,
} from "@/lib/collab/protocol";
import type { RouterOutputs } from "../../_components/types";
import { useReportSection } from "./collab-registry";
import { SectionImportOffer, useBlankBody } from "./import-dialog";
import { useEntityValues, useReportWarningCount, useSectionWarnings } from "./consistency-data";
import { ConsistencyWarningBox } from "./consistency-warning";
import { SectionEditor } from "./section-editor";
import { SectionHistory } from "./section-history";
import { SectionReviewActions } from "./section-review-actions";
import { SectionLinksPanel, useSectionReferences } from "./section-links-panel";
import { AccessBadge, PresenceRow, readOnlyReasonOf, SaveStatus } from "./section-status";
import { useNearViewport, useSectionSession, useSessionState } from "./use-section-session";

export type PlanSection = RouterOutputs["plan"]["get"]["sections"][number];
export type Me = RouterOutputs["auth"]["me"];

export const sectionAnchor = (sectionId: string) => `section-${sectionId}`;
export const sectionHeadingId = (sectionId: string) => `section-heading-${sectionId}`;

export function StatusBadge({ status }: { status: PlanSection["status"] }) {
  const t = useTranslations("plan.sectionStatus");
  return <span className={`badge badge-status-${status}`}>{t(status)}</span>;
}

/**
 * Closes after which the body stays on screen (read-only): 4401 until the user logs in again; an
 * edit the server refused for its size, so that the user can copy text out before discarding it.
 */
const KEEPS_BODY = new Set([CLOSE_SESSION_ENDED, CLOSE_SECTION_TOO_LARGE, CLOSE_MESSAGE_TOO_BIG]);

/** Why the server closed the socket for good, and what to do next (shown with or instead of the body). */
function ClosedNotice({ code, onRefreshPlan, onDiscard }: { code: number; onRefreshPlan: () => void; onDiscard: () => void }) {
  const t = useTranslations("editor.closed");
  if (code === CLOSE_SECTION_TOO_LARGE || code === CLOSE_MESSAGE_TOO_BIG) {
    return (
      <div className="alert alert-error section-alert" role="alert" data-testid="section-refused">
        <p>{t(code === CLOSE_SECTION_TOO_LARGE ? "tooLarge" : "messageTooBig")}</p>
        <button type="button" className="button button-small" onClick={onDiscard}>
          {t("discardAndReload")}
        </button>
      </div>
    );
  }
  if (code === CLOSE_ACCESS_REMOVED) {
    return (
      <div className="alert alert-error section-alert" role="alert">
        {t("accessRemoved")}
      </div>
    );
  }
  if (code === CLOSE_SECTION_DELETED) {
    return (
      <div className="alert alert-error section-alert" role="alert">
        <p>{t("deleted")}</p>
        <button type="button" className="button button-small" onClick={onRefreshPlan}>
          {t("refreshOutline")}
        </button>
      </div>
    );
  }
  return (
    <div className="alert alert-error section-alert" role="alert">
      <p>{t(code === CLOSE_PROTOCOL_ABUSE ? "protocol" : "other")}</p>
      <button type="button" className="button button-small" onClick={() => window.location.reload()}>
        {t("reload")}
      </button>
    </div>
  );
}

/**
 * One section of the plan as part of the continuous document: numbered heading, owner, workflow
 * status, access, presence and saved state, then the live body. The body's session opens when the
 * section comes near the viewport and stays open until the page is left.
 */
export function SectionBlock({
  section,
  me,
  sessionsReady,
  onRefreshPlan,
}: {
  section: PlanSection;
  me: Me;
  /** The local copies in this browser belong to this user (see claimLocalCopies). */
  sessionsReady: boolean;
  onRefreshPlan: () => void;
}) {
  const t = useTranslations("plan");
  const tEditor = useTranslations("editor");
  const blockRef = useRef<HTMLElement>(null);
  const near = useNearViewport(blockRef);
  const [generation, setGeneration] = useState(0);
  const session = useSectionSession({
    sectionId: section.id,
    enabled: near && sessionsReady,
    initialCanEdit: section.canEdit,
    selfUserId: me.id,
    generation,
  });
  const state = useSessionState(session);
  const references = useSectionReferences(session);
  const blankBody = useBlankBody(session, state?.loaded ?? false);
  const entities = useEntityValues();
  const warnings = useSectionWarnings(session, state?.loaded ?? false, entities);
  useReportWarningCount(section.id, warnings.length);
  useReportSection(section.id, state && { unsaved: state.unsaved, closedCode: state.closedCode, restarting: state.restarting });

  const closedCode = state?.closedCode ?? null;
  const liveCanEdit = state?.access?.canEdit;
  const canEdit = closedCode === null && (liveCanEdit ?? section.canEdit);
  const reason = readOnlyReasonOf(state?.access?.reason, me.role, closedCode);
  const bodyGone = closedCode !== null && !KEEPS_BODY.has(closedCode);
  const discardLocalCopy = () => void session?.discardLocalCopy().then(() => setGeneration((current) => current + 1));

  // The server changed the user's access while the page was open: the plan's owners and abilities are stale.
  useEffect(() => {
    if (liveCanEdit !== undefined && liveCanEdit !== section.canEdit) onRefreshPlan();
  }, [liveCanEdit, section.canEdit, onRefreshPlan]);

  // A deleted section, or one the user may no longer read, leaves no copy in this browser.
  useEffect(() => {
    if (session && (closedCode === CLOSE_SECTION_DELETED || closedCode === CLOSE_ACCESS_REMOVED)) void session.discardLocalCopy();
  }, [session, closedCode]);

  const Heading = section.depth === 0 ? "h2" : "h3";
  const unsavedWhileReadOnly = !canEdit && closedCode === null && state !== null && state.unsaved > 0;
  const hasReferences = references.projects.length + references.indicators.length > 0;
  // Editors see the panel from the start (it says how to cite); readers only when there is something to list.
  const showLinks = !bodyGone && state !== null && state.loaded && (canEdit || hasReferences);

  return (
    <section
      ref={blockRef}
      id={sectionAnchor(section.id)}
      className={`doc-section doc-section-depth-${Math.min(section.depth, 3)}`}
      aria-labelledby={sectionHeadingId(section.id)}
      data-testid="section"
      data-section-id={section.id}
    >
      <header className="doc-section-header" data-testid="section-row">
        <Heading id={sectionHeadingId(section.id)} className="doc-section-title" tabIndex={-1}>
          <span className="section-number">{section.number}</span> <span className="section-title">{section.title}</span>
        </Heading>
        <div className="doc-section-meta">
          <span className="section-owner-wrap">
            <span className="visually-hidden">{t("ownerLabel")}</span>
            <span className="section-owner" data-testid="section-owner">
              {section.ownerDepartment.name}
            </span>
          </span>
          <span className="visually-hidden">{t("statusLabel")}</span>
          <StatusBadge status={section.status} />
          <span className="visually-hidden">{t("accessLabel")}</span>
          <AccessBadge canEdit={canEdit} reason={reason} department={section.ownerDepartment.name} role={me.role} />
          <SaveStatus state={state} canEdit={canEdit} />
          {state && <PresenceRow peers={state.peers} />}
          <SectionHistory section={section} me={me} canEdit={canEdit} />
        </div>
        <SectionReviewActions section={section} me={me} />
      </header>
      {!bodyGone && <ConsistencyWarningBox warnings={warnings} />}
      {closedCode !== null && closedCode !== CLOSE_SESSION_ENDED && <ClosedNotice code={closedCode} onRefreshPlan={onRefreshPlan} onDiscard={discardLocalCopy} />}
      {unsavedWhileReadOnly && (
        <div className="alert alert-info section-alert" role="status">
          <p>{tEditor("unsavedReadOnly.body", { count: state.unsaved })}</p>
          <button type="button" className="button button-small" onClick={discardLocalCopy}>
            {tEditor("unsavedReadOnly.discard")}
          </button>
        </div>
      )}
      {!bodyGone && <SectionImportOffer section={section} offered={canEdit && blankBody === true} />}
      {!bodyGone && (
        <div className={showLinks ? "section-main has-links" : "section-main"}>
          {session && state ? (
            <SectionEditor
              session={session}
              sectionId={section.id}
              sectionNumber={section.number}
              editable={canEdit}
              userName={me.displayName}
              loaded={state.loaded}
            />
          ) : (
            <div className="section-body section-body-pending" aria-busy="true">
              <p className="section-body-loading muted">{tEditor("loadingBody")}</p>
            </div>
          )}
          {showLinks && <SectionLinksPanel references={references} canEdit={canEdit} headingLevel={section.depth === 0 ? 3 : 4} />}
        </div>
      )}
    </section>
  );
}
