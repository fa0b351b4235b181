import { and, eq } from "drizzle-orm";
import * as Y from "yjs";
import { type Db, isAnyUuid } from "@/db/client";
import { sectionReviewEvents, sections, sectionVersions } from "@/db/schema";
import { publishPlanEvent, publishReviewEvent } from "@/server/events";
import { recordAuditEvent } from "./audit";

/**
 * The approval state of sections as the collaboration server needs it after stores (an edit after
 * approval reopens the section). Apart from the review workflow (./review.ts) so that the
 * collaboration server does not load the editor schema that the rest of it needs.
 */

export type Approval = { approved: boolean; snapshot: Y.Snapshot | null };

const NOT_APPROVED: Approval = Object.freeze({ approved: false, snapshot: null });

async function approvalOf(db: Db, sectionId: string): Promise<Approval> {
  return (await approvalsOf(db, [sectionId])).get(sectionId)!;
}

/**
 * The review state of many sections in one query (the sections being typed in ask after their
 * stores; see server/collab/derived.ts): an entry for every id asked, not approved unless the
 * section is found approved.
 */
export async function approvalsOf(db: Db, sectionIds: readonly string[]): Promise<Map<string, Approval>> {
  const rows = await db
    .select({ id: sections.id, status: sections.status, snapshot: sectionVersions.snapshot })
    .from(sections)
    .leftJoin(sectionVersions, eq(sectionVersions.id, sections.approvedVersionId))
    .where(isAnyUuid(sections.id, sectionIds));
  const approved = new Map<string, Approval>();
  for (const row of rows) {
    if (row.status === "approved") approved.set(row.id, { approved: true, snapshot: row.snapshot ? Y.decodeSnapshot(row.snapshot) : null });
  }
  // PostgreSQL answers ids in lower case; the map answers the ids as asked.
  return new Map(sectionIds.map((sectionId) => [sectionId, approved.get(sectionId.toLowerCase()) ?? NOT_APPROVED]));
}

/**
 * An edit after approval puts the section back to drafting (the approved version stays on record).
 * Called after edits are stored, with the document as it is now; a no-op unless the section is
 * approved and the document differs from the approved version (an edit the approval already
 * included does not reopen it).
 */
export async function reopenIfEditedSinceApproval(db: Db, sectionId: string, current: Y.Snapshot, approval?: Approval): Promise<boolean> {
  const known = approval ?? (await approvalOf(db, sectionId));
  if (!known.approved || (known.snapshot && Y.equalSnapshots(known.snapshot, current))) return false;
  const reopened = await db.transaction(async (tx) => {
    const rows = await tx
      .update(sections)
      .set({ status: "drafting", updatedAt: new Date() })
      .where(and(eq(sections.id, sectionId), eq(sections.status, "approved")))
      .returning({ planId: sections.planId, title: sections.title });
    if (rows.length === 0) return null;
    await tx.insert(sectionReviewEvents).values({ sectionId, action: "reopened", actorId: null, message: "" });
    await recordAuditEvent(tx, { actorId: null, action: "review.reopened", targetType: "section", targetId: sectionId, details: { title: rows[0]!.title } });
    return rows[0]!;
  });
  if (!reopened) return false;
  publishReviewEvent();
  publishPlanEvent({ type: "section", planId: reopened.planId, sectionId });
  return true;
}
