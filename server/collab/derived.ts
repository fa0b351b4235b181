import type { Db } from "@/db/client";
import { referencesInDocument } from "@/lib/editor/reference-links";
import * as Y from "yjs";
import { reopenIfEditedSinceApproval } from "@/server/services/review";
import { syncSectionLinks } from "@/server/services/section-links";
import type { SectionRoom } from "./room";

/**
 * Keeps data derived from stored section documents in step: the section ↔ project/indicator link
 * table (written only when the set of chips changed), and the review status (an edit after
 * approval reopens the section). Runs after changes are stored.
 */
export function deriveFromStoredDocument(db: Db) {
  const lastWritten = new WeakMap<SectionRoom, string>();
  return async (room: SectionRoom) => {
    const references = referencesInDocument(room.doc);
    const key = JSON.stringify([[...references.projects].sort(), [...references.indicators].sort()]);
    if (lastWritten.get(room) !== key) {
      await syncSectionLinks(db, room.sectionId, references);
      lastWritten.set(room, key);
    }
    await reopenIfEditedSinceApproval(db, room.sectionId, Y.snapshot(room.doc));
  };
}
