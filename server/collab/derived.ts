import type { Db } from "@/db/client";
import { referencesInDocument } from "@/lib/editor/reference-links";
import { syncSectionLinks } from "@/server/services/section-links";
import type { SectionRoom } from "./room";

/**
 * Keeps data derived from stored section documents in step: the section ↔ project/indicator link
 * table. Runs after changes are stored; writes only when the set of chips changed.
 */
export function deriveFromStoredDocument(db: Db) {
  const lastWritten = new WeakMap<SectionRoom, string>();
  return async (room: SectionRoom) => {
    const references = referencesInDocument(room.doc);
    const key = JSON.stringify([[...references.projects].sort(), [...references.indicators].sort()]);
    if (lastWritten.get(room) === key) return;
    await syncSectionLinks(db, room.sectionId, references);
    lastWritten.set(room, key);
  };
}
