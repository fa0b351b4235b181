import DataLoader from "dataloader";
import * as Y from "yjs";
import type { Db } from "@/db/client";
import { referencesInDocument, type SectionReferences } from "@/lib/editor/reference-links";
import { onReviewChange } from "@/server/events";
import { type Approval, approvalsOf, reopenIfEditedSinceApproval } from "@/server/services/approvals";
import { sectionSearchIndexer } from "@/server/services/search";
import { storedLinksOf, syncSectionLinks } from "@/server/services/section-links";
import type { SectionRoom } from "./room";

/** Loads whatever is asked for in one event-loop turn with one call of `load` (no caching). */
const perTurn = <V>(load: (keys: readonly string[]) => Promise<V[]>) =>
  new DataLoader<string, V>(load, { cache: false, maxBatchSize: 1000, batchScheduleFn: (run) => setImmediate(run) });

/** A section's links as one comparable string (ids sorted per kind). */
const linksKey = (links: SectionReferences) => JSON.stringify([[...links.projects].sort(), [...links.indicators].sort()]);

/**
 * How long a section's known review state is trusted without a review event: a safety net for an
 * event lost between instances, so it bounds how late such an edit reopens an approved section.
 * (Each expiry is a read, batched with the other sections asking in the same turn.)
 */
const APPROVAL_TTL_MS = 15_000;

/**
 * Keeps data derived from stored section documents in step: the section ↔ project/indicator link
 * table (written only when the set of chips changed), and the review status (an edit after
 * approval reopens the section), and the search index (only when the text changed, at most every 5 s
 * per section). Runs after changes are stored, at most once a second per section (each run
 * walks the document: with 2,000 sections being typed in, every 300 ms was several thousand walks
 * a second). The review state of each section is remembered until a review event (any instance)
 * or 15 s pass, so that thousands of sections being typed in do not each cost a query per store.
 */
export function deriveFromStoredDocument(db: Db) {
  const lastWritten = new WeakMap<SectionRoom, string>();
  const approvals = new Map<string, Approval & { at: number }>();
  // What the sections asking in one event-loop turn need from the database is read with one query
  // per kind: thousands of sections typed in at once (all of them asking at their first store, the
  // review state again every 15 s) would otherwise queue a query each in the pool, ahead of the
  // update log's writes and so of every "已保存".
  const approvalLoader = perTurn(async (sectionIds) => {
    const found = await approvalsOf(db, sectionIds);
    return sectionIds.map((sectionId) => found.get(sectionId)!);
  });
  const storedLinksLoader = perTurn(async (sectionIds) => {
    const stored = await storedLinksOf(db, sectionIds);
    return sectionIds.map((sectionId) => linksKey(stored.get(sectionId) ?? { projects: [], indicators: [] }));
  });
  const searchIndex = sectionSearchIndexer(db);
  onReviewChange(() => approvals.clear());
  return async (room: SectionRoom) => {
    searchIndex.stored(room.sectionId, room.doc);
    const references = referencesInDocument(room.doc);
    const key = linksKey(references);
    if (lastWritten.get(room) !== key) {
      // The first time for this room, the stored links usually match already (written when the
      // document was last stored): then nothing is written.
      if (lastWritten.has(room) || (await storedLinksLoader.load(room.sectionId)) !== key) await syncSectionLinks(db, room.sectionId, references);
      lastWritten.set(room, key);
    }
    let approval = approvals.get(room.sectionId);
    if (!approval || Date.now() - approval.at > APPROVAL_TTL_MS) {
      approval = { ...(await approvalLoader.load(room.sectionId)), at: Date.now() };
      approvals.set(room.sectionId, approval);
    }
    if (approval.approved && (await reopenIfEditedSinceApproval(db, room.sectionId, Y.snapshot(room.doc), approval))) {
      approvals.delete(room.sectionId);
    }
  };
}
