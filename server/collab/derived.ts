import * as Y from "yjs";
import type { Db } from "@/db/client";
import { referencesInDocument } from "@/lib/editor/reference-links";
import { onReviewChange } from "@/server/events";
import { type Approval, approvalOf, reopenIfEditedSinceApproval } from "@/server/services/review";
import { sectionSearchIndexer } from "@/server/services/search";
import { syncSectionLinks } from "@/server/services/section-links";
import type { SectionRoom } from "./room";

/**
 * How long a section's known review state is trusted without a review event: a safety net for an
 * event lost between instances, so it bounds how late such an edit reopens an approved section.
 * (At 5 s, 2,000 sections being typed in cost 400 queries a second.)
 */
const APPROVAL_TTL_MS = 15_000;

/**
 * Keeps data derived from stored section documents in step: the section ↔ project/indicator link
 * table (written only when the set of chips changed), and the review status (an edit after
 * approval reopens the section), and the search index (only when the text changed, at most once a
 * second per section). Runs after changes are stored. The review state of each section
 * is remembered until a review event (any instance) or 15 s pass, so that thousands of
 * sections being typed in do not each cost a query per store.
 */
export function deriveFromStoredDocument(db: Db) {
  const lastWritten = new WeakMap<SectionRoom, string>();
  const approvals = new Map<string, Approval & { at: number }>();
  const searchIndex = sectionSearchIndexer(db);
  onReviewChange(() => approvals.clear());
  return async (room: SectionRoom) => {
    searchIndex.stored(room.sectionId, room.doc);
    const references = referencesInDocument(room.doc);
    const key = JSON.stringify([[...references.projects].sort(), [...references.indicators].sort()]);
    if (lastWritten.get(room) !== key) {
      await syncSectionLinks(db, room.sectionId, references);
      lastWritten.set(room, key);
    }
    let approval = approvals.get(room.sectionId);
    if (!approval || Date.now() - approval.at > APPROVAL_TTL_MS) {
      approval = { ...(await approvalOf(db, room.sectionId)), at: Date.now() };
      approvals.set(room.sectionId, approval);
    }
    if (approval.approved && (await reopenIfEditedSinceApproval(db, room.sectionId, Y.snapshot(room.doc), approval))) {
      approvals.delete(room.sectionId);
    }
  };
}
